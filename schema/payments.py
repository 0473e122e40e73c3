"""Payments and expenses: types, filters, inputs, payloads, queries and mutations."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import payments as payment_models
from resolvers import groups as group_resolvers
from resolvers import payments as payment_resolvers
from resolvers import people as people_resolvers
from resolvers.errors import DomainError
from schema.common.descriptions import described as _desc
from schema.common.errors import USER_ERRORS, mutate, to_user_errors
from schema.common.node import Node, database_id_of, register_node
from schema.common.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    page_args,
)
from schema.context import Info
from schema.groups import Group

if TYPE_CHECKING:
    from schema.people import Staff, Student

StudentRef = Annotated["Student", strawberry.lazy("schema.people")]
StaffRef = Annotated["Staff", strawberry.lazy("schema.people")]


async def _person(info: Info, user_id: int | None, want: str) -> Any:
    """A person a payment or expense names, as the people schema renders them (or null)."""
    from schema.people import user_from_row

    if user_id is None:
        return None
    row = await people_resolvers.get_user(info.context, user_id)
    person = user_from_row(row) if row else None
    return person if type(person).__name__ == want else None


@strawberry.type(description="A month a payment covers.")
class PaymentMonth:
    year: int = strawberry.field(description="The year, such as 2025.")
    month: int = strawberry.field(description="The month, 1 (January) to 12.")

    @strawberry.field(description="The month's name in Uzbek, as the academy writes it: Yanvar.")
    def month_name(self) -> str:
        return payment_resolvers.month_name(self.month)


@strawberry.type(description="Money a student paid, and the months it covers.")
class Payment(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    amount: Decimal = strawberry.field(description='The amount, exact, as "600000.00".')
    created_at: datetime = strawberry.field(description="When the payment was recorded.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    student_id: strawberry.Private[int | None]
    group_id: strawberry.Private[int | None]
    received_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: payment_models.Payment) -> Payment:
        return cls(
            database_id=row.id,
            amount=row.amount,
            created_at=row.created_at,
            updated_at=row.updated_at,
            student_id=row.student_id,
            group_id=row.group_id,
            received_by_id=row.received_by_id,
        )

    @strawberry.field(description="The months paid for, in calendar order.")
    async def months(self, info: Info) -> list[PaymentMonth]:
        rows = await payment_resolvers.payment_months(info.context, self.database_id)
        return [PaymentMonth(year=r.year, month=r.month) for r in rows]

    @strawberry.field(description="How many months the payment covers.")
    async def months_paid(self, info: Info) -> int:
        return len(await payment_resolvers.payment_months(info.context, self.database_id))

    @strawberry.field(description="The student who paid (null if since deleted).")
    async def student(self, info: Info) -> StudentRef | None:
        return await _person(info, self.student_id, "Student")  # type: ignore[no-any-return]

    @strawberry.field(description="The group paid for (null if since deleted).")
    async def group(self, info: Info) -> Group | None:
        row = await group_resolvers.get_group(info.context, self.group_id)
        return Group.from_row(row) if row else None

    @strawberry.field(description="Who took the money: whoever recorded the payment.")
    async def received_by(self, info: Info) -> StaffRef | None:
        return await _person(info, self.received_by_id, "Staff")  # type: ignore[no-any-return]


@strawberry.type(description="Money the center spent: rent, salaries and the like.")
class Expense(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    recipient: str | None = strawberry.field(description="To whom or what, as free text.")
    amount: Decimal = strawberry.field(description='The amount, exact, as "1500000.00".')
    reason: str = strawberry.field(description="Why: salary, rent, ...")
    created_at: datetime = strawberry.field(description="When the expense was recorded.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    recipient_user_id: strawberry.Private[int | None]
    created_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: payment_models.Expense) -> Expense:
        return cls(
            database_id=row.id,
            recipient=row.recipient,
            amount=row.amount,
            reason=row.reason,
            created_at=row.created_at,
            updated_at=row.updated_at,
            recipient_user_id=row.recipient_user_id,
            created_by_id=row.created_by_id,
        )

    @strawberry.field(description="The member of staff paid, for a salary.")
    async def recipient_user(self, info: Info) -> StaffRef | None:
        return await _person(info, self.recipient_user_id, "Staff")  # type: ignore[no-any-return]

    @strawberry.field(description="Who recorded the expense.")
    async def created_by(self, info: Info) -> StaffRef | None:
        return await _person(info, self.created_by_id, "Staff")  # type: ignore[no-any-return]


async def _load_payments(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await payment_resolvers.get_payments(info.context, ids)
    return [Payment.from_row(r) if r else None for r in rows]


async def _load_expenses(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await payment_resolvers.get_expenses(info.context, ids)
    return [Expense.from_row(r) if r else None for r in rows]


register_node("Payment", _load_payments)
register_node("Expense", _load_expenses)


async def payments_of_student(info: Info, student_id: int) -> list[Payment]:
    """`Student.payments`: batched over every student in the response by one loader."""
    rows = await payment_resolvers.payments_of_student(info.context, student_id)
    return [Payment.from_row(r) for r in rows]


# ---------------------------------------------------------------------------------------------
# filters and inputs


@strawberry.input(description="Which payments to list.")
class PaymentFilter:
    student_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this student's payments (a Student ID)."
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only payments for this group (a Group ID)."
    )
    year: int | None = strawberry.field(
        default=None, description="Only payments covering a month of this year."
    )
    month: int | None = strawberry.field(
        default=None, description="Only payments covering this month (1-12; with year, of it)."
    )

    def to_domain(self) -> payment_resolvers.PaymentFilter:
        return payment_resolvers.PaymentFilter(
            student_id=database_id_of(self.student_id, "Student", field="studentId")
            if self.student_id
            else None,
            group_id=database_id_of(self.group_id, "Group", field="groupId")
            if self.group_id
            else None,
            year=self.year,
            month=self.month,
        )


@strawberry.input(description="A month paid for.")
class PaymentMonthInput:
    year: int = strawberry.field(description="The year, 2000-2100.")
    month: int = strawberry.field(description="The month, 1-12.")


def _months(months: list[PaymentMonthInput] | None) -> list[dict[str, int]] | None:
    if months is None:
        return None
    return [{"year": m.year, "month": m.month} for m in months]


@strawberry.input(description="A new payment. Who received it is the caller.")
class PaymentCreateInput:
    student_id: strawberry.ID = strawberry.field(description="The paying student (Student ID).")
    group_id: strawberry.ID = strawberry.field(description="The group paid for (Group ID).")
    amount: Decimal = strawberry.field(description="The amount, above 0, at most 2 decimals.")
    months: list[PaymentMonthInput] = strawberry.field(
        default_factory=list, description="The months paid for; monthsPaid is their count."
    )


@strawberry.input(description="Changes to a payment; fields left out stay as they are.")
class PaymentUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Payment ID.")
    student_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The paying student (Student ID)."
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The group paid for (Group ID)."
    )
    amount: Decimal | None = strawberry.field(default=strawberry.UNSET, description="The amount.")
    months: list[PaymentMonthInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces all the payment's months when given."
    )


@strawberry.input(description="The payment to delete.")
class PaymentDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Payment ID.")


def _payment_data(inp: PaymentCreateInput | PaymentUpdateInput) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in vars(inp).items():
        if name == "id" or value is strawberry.UNSET:
            continue
        if name == "student_id" and value is not None:
            # A Staff ID reaches the resolver, which refuses it as NOT_A_STUDENT.
            value = database_id_of(value, "Student", "Staff", field="student")
        elif name == "group_id" and value is not None:
            value = database_id_of(value, "Group", field="group")
        elif name == "months":
            value = _months(value)
        data[name] = value
    return data


@strawberry.input(description="A new expense. Who recorded it is the caller.")
class ExpenseCreateInput:
    amount: Decimal = strawberry.field(description="The amount, above 0, at most 2 decimals.")
    reason: str = strawberry.field(description="Why: salary, rent, ...")
    recipient: str | None = strawberry.field(
        default=None, description="To whom or what (at most 255 characters)."
    )
    recipient_user_id: strawberry.ID | None = strawberry.field(
        default=None, description="The member of staff paid (Staff ID), for a salary."
    )


@strawberry.input(description="Changes to an expense; fields left out stay as they are.")
class ExpenseUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Expense ID.")
    amount: Decimal | None = strawberry.field(default=strawberry.UNSET, description="The amount.")
    reason: str | None = strawberry.field(default=strawberry.UNSET, description="Why.")
    recipient: str | None = strawberry.field(
        default=strawberry.UNSET, description="To whom or what."
    )
    recipient_user_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The member of staff paid (Staff ID)."
    )


@strawberry.input(description="The expense to delete.")
class ExpenseDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Expense ID.")


def _expense_data(inp: ExpenseCreateInput | ExpenseUpdateInput) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in vars(inp).items():
        if name == "id" or value is strawberry.UNSET:
            continue
        if name == "recipient_user_id" and value is not None:
            value = database_id_of(value, "Staff", "Student", field="recipient_user")
        data[name] = value
    return data


# ---------------------------------------------------------------------------------------------
# errors and payloads


@strawberry.enum(description="What went wrong with a payment mutation.")
class PaymentErrorCode(enum.Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_A_STUDENT = "NOT_A_STUDENT"
    DUPLICATE_MONTH = "DUPLICATE_MONTH"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ID = "INVALID_ID"


@strawberry.type(description="A problem with the input of a payment mutation.")
class PaymentUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: PaymentErrorCode = strawberry.field(description="What is wrong, for a program.")


@strawberry.enum(description="What went wrong with an expense mutation.")
class ExpenseErrorCode(enum.Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ID = "INVALID_ID"


@strawberry.type(description="A problem with the input of an expense mutation.")
class ExpenseUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: ExpenseErrorCode = strawberry.field(description="What is wrong, for a program.")


ALIASES = {"student": "studentId", "group": "groupId", "recipient_user": "recipientUserId"}


def _payment_errors(exc: DomainError) -> list[PaymentUserError]:
    return to_user_errors(exc, PaymentUserError, PaymentErrorCode, ALIASES)


def _expense_errors(exc: DomainError) -> list[ExpenseUserError]:
    return to_user_errors(exc, ExpenseUserError, ExpenseErrorCode, ALIASES)


@strawberry.type(description="Result of paymentCreate.")
class PaymentCreatePayload:
    payment: Payment | None = strawberry.field(default=None, description="The new payment.")
    user_errors: list[PaymentUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of paymentUpdate.")
class PaymentUpdatePayload:
    payment: Payment | None = strawberry.field(default=None, description="The payment, changed.")
    user_errors: list[PaymentUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of paymentDelete.")
class PaymentDeletePayload:
    deleted_payment_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the payment deleted."
    )
    user_errors: list[PaymentUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of expenseCreate.")
class ExpenseCreatePayload:
    expense: Expense | None = strawberry.field(default=None, description="The new expense.")
    user_errors: list[ExpenseUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of expenseUpdate.")
class ExpenseUpdatePayload:
    expense: Expense | None = strawberry.field(default=None, description="The expense, changed.")
    user_errors: list[ExpenseUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of expenseDelete.")
class ExpenseDeletePayload:
    deleted_expense_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the expense deleted."
    )
    user_errors: list[ExpenseUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


# ---------------------------------------------------------------------------------------------
# operations


@strawberry.type
class PaymentQuery:
    @strawberry.field(
        description=_desc("Payments, newest first. Students see only their own.", "payment.read")
    )
    async def payments(
        self,
        info: Info,
        filter: Annotated[
            PaymentFilter | None, strawberry.argument(description="Which payments to list.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Payment]:
        page = await payment_resolvers.payments_page(
            info.context,
            (filter or PaymentFilter()).to_domain(),
            page_args(first, after, last, before),
        )
        return Connection[Payment].from_page(page, Payment.from_row)

    @strawberry.field(description=_desc("The caller's own payments, newest first.", "payment.mine"))
    async def my_payments(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Payment]:
        page = await payment_resolvers.my_payments_page(
            info.context, page_args(first, after, last, before)
        )
        return Connection[Payment].from_page(page, Payment.from_row)

    @strawberry.field(description=_desc("Expenses, newest first.", "expense.read"))
    async def expenses(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Expense]:
        page = await payment_resolvers.expenses_page(
            info.context, page_args(first, after, last, before)
        )
        return Connection[Expense].from_page(page, Expense.from_row)


@strawberry.type
class PaymentMutation:
    @strawberry.mutation(description=_desc("Record a payment.", "payment.create"))
    async def payment_create(self, info: Info, input: PaymentCreateInput) -> PaymentCreatePayload:
        async def run() -> payment_models.Payment:
            return await payment_resolvers.payment_create(info.context, _payment_data(input))

        return await mutate(
            run(),
            lambda row: PaymentCreatePayload(payment=Payment.from_row(row)),
            lambda e: PaymentCreatePayload(user_errors=_payment_errors(e)),
        )

    @strawberry.mutation(
        description=_desc("Change a payment; given months replace the old ones.", "payment.update")
    )
    async def payment_update(self, info: Info, input: PaymentUpdateInput) -> PaymentUpdatePayload:
        async def run() -> payment_models.Payment:
            payment_id = database_id_of(input.id, "Payment")
            return await payment_resolvers.payment_update(
                info.context, payment_id, _payment_data(input)
            )

        return await mutate(
            run(),
            lambda row: PaymentUpdatePayload(payment=Payment.from_row(row)),
            lambda e: PaymentUpdatePayload(user_errors=_payment_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete a payment.", "payment.delete"))
    async def payment_delete(self, info: Info, input: PaymentDeleteInput) -> PaymentDeletePayload:
        async def run() -> int:
            return await payment_resolvers.payment_delete(
                info.context, database_id_of(input.id, "Payment")
            )

        return await mutate(
            run(),
            lambda _: PaymentDeletePayload(deleted_payment_id=input.id),
            lambda e: PaymentDeletePayload(user_errors=_payment_errors(e)),
        )

    @strawberry.mutation(description=_desc("Record an expense.", "expense.create"))
    async def expense_create(self, info: Info, input: ExpenseCreateInput) -> ExpenseCreatePayload:
        async def run() -> payment_models.Expense:
            return await payment_resolvers.expense_create(info.context, _expense_data(input))

        return await mutate(
            run(),
            lambda row: ExpenseCreatePayload(expense=Expense.from_row(row)),
            lambda e: ExpenseCreatePayload(user_errors=_expense_errors(e)),
        )

    @strawberry.mutation(description=_desc("Change an expense.", "expense.update"))
    async def expense_update(self, info: Info, input: ExpenseUpdateInput) -> ExpenseUpdatePayload:
        async def run() -> payment_models.Expense:
            expense_id = database_id_of(input.id, "Expense")
            return await payment_resolvers.expense_update(
                info.context, expense_id, _expense_data(input)
            )

        return await mutate(
            run(),
            lambda row: ExpenseUpdatePayload(expense=Expense.from_row(row)),
            lambda e: ExpenseUpdatePayload(user_errors=_expense_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete an expense.", "expense.delete"))
    async def expense_delete(self, info: Info, input: ExpenseDeleteInput) -> ExpenseDeletePayload:
        async def run() -> int:
            return await payment_resolvers.expense_delete(
                info.context, database_id_of(input.id, "Expense")
            )

        return await mutate(
            run(),
            lambda _: ExpenseDeletePayload(deleted_expense_id=input.id),
            lambda e: ExpenseDeletePayload(user_errors=_expense_errors(e)),
        )
