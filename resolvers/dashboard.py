"""The center's dashboard (seed 001 §16): money in and out, and who of the staff came today.

- income: every payment ever received; expense: every expense; profit = income - expense.
  Sums run in SQL over exact integer cents (`Scaled(2)`), so they are exact.
- total_employees: active accounts in the academy's "employee" role, i.e. teachers,
  curators, reviewers and managers. Owners (admins) run the center and keep no work log, so
  they are not counted; neither are inactive accounts nor students.
- employees_present_today: how many of those have a work log for today (Asia/Tashkent) with
  status true. Work logs are written when an employee marks attendance, gives points or adds
  homework (§15).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import distinct, func, select, type_coerce

from models import academy as academy_models
from models import payments as payment_models
from models import people as people_models
from models.base import Scaled
from models.db import read_session
from resolvers import center_time
from resolvers.center_time import CENTER_TZ
from resolvers.context import AppContext

TASHKENT = CENTER_TZ
Role = people_models.Role
EMPLOYEE_ROLES = tuple(r.value for r in (Role.TEACHER, Role.CURATOR, Role.REVIEWER, Role.MANAGER))


@dataclass(frozen=True)
class Dashboard:
    income: Decimal
    expense: Decimal
    profit: Decimal
    employees_present_today: int
    total_employees: int


def _total(column: Any) -> Any:
    return select(type_coerce(func.coalesce(func.sum(column), 0), Scaled(2))).scalar_subquery()


async def dashboard(ctx: AppContext) -> Dashboard:
    ctx.require("dashboard.read")
    User = people_models.User
    WorkLog = academy_models.WorkLog
    today = center_time.today(ctx)
    employee = (User.role.in_(EMPLOYEE_ROLES)) & User.is_active.is_(True)
    present = (
        select(func.count(distinct(WorkLog.employee_id)))
        .join(User, User.id == WorkLog.employee_id)
        .where(WorkLog.date == today, WorkLog.status.is_(True), employee)
        .scalar_subquery()
    )
    total = select(func.count(User.id)).where(employee).scalar_subquery()
    # One statement for the whole dashboard.
    stmt = select(
        type_coerce(_total(payment_models.Payment.amount), Scaled(2)),
        type_coerce(_total(payment_models.Expense.amount), Scaled(2)),
        present,
        total,
    )
    async with read_session(ctx.sessionmaker) as session:
        income, expense, present_count, total_count = (await session.execute(stmt)).one()
    return Dashboard(
        income=income,
        expense=expense,
        profit=income - expense,
        employees_present_today=int(present_count or 0),
        total_employees=int(total_count or 0),
    )
