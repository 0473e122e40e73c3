from __future__ import annotations

from models import payments as payment_models
from resolvers.loaders.base import ByForeignKeyLoader, ByIdLoader

Payment = payment_models.Payment


class PaymentByIdLoader(ByIdLoader[payment_models.Payment]):
    model = Payment


class MonthsByPaymentIdLoader(ByForeignKeyLoader[int, payment_models.PaymentMonth]):
    model = payment_models.PaymentMonth
    column = payment_models.PaymentMonth.payment_id
    order_by = (
        payment_models.PaymentMonth.year,
        payment_models.PaymentMonth.month,
        payment_models.PaymentMonth.id,
    )


class PaymentsByStudentIdLoader(ByForeignKeyLoader[int, payment_models.Payment]):
    """A student's payments, newest first."""

    model = Payment
    column = Payment.student_id
    order_by = (Payment.created_at.desc(), Payment.id.desc())


class ExpenseByIdLoader(ByIdLoader[payment_models.Expense]):
    model = payment_models.Expense
