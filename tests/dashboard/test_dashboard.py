"""The dashboard query: exact sums, employees present today, roles, one statement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx

from models import academy as academy_models
from models import payments as payment_models
from models.db import write_session
from models.people import Role
from resolvers.context import Services
from tests.conftest import FakeClock
from tests.graphql import error_codes, gql_ok, post_graphql

DASHBOARD = """
{ dashboard {
    finance { income expense profit }
    attendance { employeesPresentToday totalEmployees }
} }
"""


async def test_dashboard_sums_exactly_and_counts_todays_employees(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    clock: FakeClock,
    count_statements: Any,
) -> None:
    admin = await make_user(Role.ADMIN)
    teacher = await make_user(Role.TEACHER)
    curator = await make_user(Role.CURATOR)
    headers = await login_headers(teacher)
    clock.set(datetime(2025, 2, 19, 4, 0, tzinfo=UTC))  # 09:00 in Tashkent
    async with write_session(services.sessionmaker) as session:
        # a thousand payments of 0.10 add up to exactly 100.00
        session.add_all(
            payment_models.Payment(amount=Decimal("0.10"), received_by_id=admin.id)
            for _ in range(1000)
        )
        session.add(payment_models.Expense(amount=Decimal("33.33"), reason="Ijara"))
        session.add(academy_models.WorkLog(employee_id=teacher.id, date=date(2025, 2, 19)))
        session.add(
            academy_models.WorkLog(employee_id=curator.id, date=date(2025, 2, 19), status=False)
        )
    with count_statements() as counter:
        data = await gql_ok(client, DASHBOARD, None, headers)
    assert data["dashboard"] == {
        "finance": {"income": "100.00", "expense": "33.33", "profit": "66.67"},
        # a work log with status false is no presence
        "attendance": {"employeesPresentToday": 1, "totalEmployees": 2},
    }
    # the principal, then the whole dashboard in one statement
    assert counter.count == 2


async def test_dashboard_is_for_staff(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await login_headers(await make_user(Role.ADMIN))
    assert (await gql_ok(client, DASHBOARD, None, admin))["dashboard"]["finance"][
        "income"
    ] == "0.00"
    student = await login_headers(await make_user(Role.STUDENT))
    assert error_codes(await post_graphql(client, DASHBOARD, None, student)) == ["FORBIDDEN"]
    assert error_codes(await post_graphql(client, DASHBOARD)) == ["UNAUTHENTICATED"]
