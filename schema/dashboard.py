"""The center's dashboard: money in and out, and which employees came today."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from auth.permissions import rule
from resolvers import dashboard as dashboard_resolvers
from schema.context import Info


@strawberry.type(description="Money in and out, over all time.")
class DashboardFinance:
    income: Decimal = strawberry.field(description="Every payment received.")
    expense: Decimal = strawberry.field(description="Every expense.")
    profit: Decimal = strawberry.field(description="Income minus expense.")


@strawberry.type(description="Employees (teachers, curators, reviewers, managers) today.")
class DashboardAttendance:
    employees_present_today: int = strawberry.field(
        description="Active employees with a work log today (Asia/Tashkent)."
    )
    total_employees: int = strawberry.field(
        description="Active employees; owners (admins) are not counted."
    )


@strawberry.type(description="The center's figures at a glance.")
class Dashboard:
    finance: DashboardFinance = strawberry.field(description="Money in and out.")
    attendance: DashboardAttendance = strawberry.field(description="Employees at work today.")

    @classmethod
    def from_domain(cls, d: dashboard_resolvers.Dashboard) -> Dashboard:
        return cls(
            finance=DashboardFinance(income=d.income, expense=d.expense, profit=d.profit),
            attendance=DashboardAttendance(
                employees_present_today=d.employees_present_today,
                total_employees=d.total_employees,
            ),
        )


@strawberry.type
class DashboardQuery:
    @strawberry.field(
        description=f"Income, expense, profit and employees at work today. "
        f"{rule('dashboard.read').describe()}"
    )
    async def dashboard(self, info: Info) -> Dashboard:
        return Dashboard.from_domain(await dashboard_resolvers.dashboard(info.context))
