"""Money of the learning center (seed 001 §11, §12): payments with the months they cover, and
expenses. Amounts are exact (`Scaled(2)`: integer cents), so SUM() in SQL stays exact."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Scaled, Timestamped


class Payment(Timestamped, Base):
    """Money a student paid. People and groups may be deleted later; the money received stays
    on the books (SET NULL), so the dashboard's income never changes behind the cashier's back."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payment_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("group.id", ondelete="SET NULL"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Scaled(2))
    received_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )


class PaymentMonth(Base):
    """One month a payment covers. The list is replaced as a whole when a payment changes."""

    __tablename__ = "payment_month"
    __table_args__ = (
        UniqueConstraint("payment_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        Index("ix_payment_month_year_month", "year", "month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)


class Expense(Timestamped, Base):
    """Money the center spent: rent, salaries (then `recipient_user` is the employee paid)."""

    __tablename__ = "expense"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_expense_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str | None] = mapped_column(String(255))
    recipient_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Scaled(2))
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
