"""A fresh set of loaders per request; each is created on first use."""

from __future__ import annotations

from functools import cached_property

from models.db import SessionMaker
from resolvers.loaders.groups import GroupByIdLoader, SubjectByIdLoader
from resolvers.loaders.messaging import (
    DeliveriesByMessageIdLoader,
    DeliveryByIdLoader,
    MessageByIdLoader,
)
from resolvers.loaders.payments import (
    ExpenseByIdLoader,
    MonthsByPaymentIdLoader,
    PaymentByIdLoader,
    PaymentsByStudentIdLoader,
)
from resolvers.loaders.people import StudentByEmailLoader, UserByIdLoader


class Loaders:
    def __init__(self, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self.sessionmaker)

    @cached_property
    def student_by_email(self) -> StudentByEmailLoader:
        return StudentByEmailLoader(self.sessionmaker)

    @cached_property
    def group_by_id(self) -> GroupByIdLoader:
        return GroupByIdLoader(self.sessionmaker)

    @cached_property
    def subject_by_id(self) -> SubjectByIdLoader:
        return SubjectByIdLoader(self.sessionmaker)

    # -- payments, expenses, messages ---------------------------------------------------------
    @cached_property
    def payment_by_id(self) -> PaymentByIdLoader:
        return PaymentByIdLoader(self.sessionmaker)

    @cached_property
    def months_by_payment_id(self) -> MonthsByPaymentIdLoader:
        return MonthsByPaymentIdLoader(self.sessionmaker)

    @cached_property
    def payments_by_student_id(self) -> PaymentsByStudentIdLoader:
        return PaymentsByStudentIdLoader(self.sessionmaker)

    @cached_property
    def expense_by_id(self) -> ExpenseByIdLoader:
        return ExpenseByIdLoader(self.sessionmaker)

    @cached_property
    def message_by_id(self) -> MessageByIdLoader:
        return MessageByIdLoader(self.sessionmaker)

    @cached_property
    def deliveries_by_message_id(self) -> DeliveriesByMessageIdLoader:
        return DeliveriesByMessageIdLoader(self.sessionmaker)

    @cached_property
    def delivery_by_id(self) -> DeliveryByIdLoader:
        return DeliveryByIdLoader(self.sessionmaker)
