"""§16 the dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from resolvers import dashboard as dashboard_resolvers
from rest.academy import route
from rest.academy.payments import money
from rest.common import app_context


async def dashboard(request: Request) -> dict[str, Any]:
    ctx = await app_context(request)
    d = await dashboard_resolvers.dashboard(ctx)
    return {
        "finance": {
            "income": money(d.income),
            "expense": money(d.expense),
            "profit": money(d.profit),
        },
        "attendance": {
            "employees_present_today": d.employees_present_today,
            "total_employees": d.total_employees,
        },
    }


def register(router: APIRouter) -> None:
    route(router, "/api/v1/dashboard/", ["GET"], summary="Finance and staff attendance")(dashboard)
