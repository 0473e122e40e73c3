"""The demo center's money: every student paid this month, expenses exist, a rerun adds none."""

from __future__ import annotations

from sqlalchemy import func, select

import demo
from auth.principal import Principal
from models.db import read_session
from models.payments import Expense, Payment, PaymentMonth
from models.people import Role, User
from resolvers.context import AppContext, Services
from resolvers.dashboard import TASHKENT


async def test_demo_pays_for_every_student_once(services: Services) -> None:
    ctx = AppContext(services, Principal(kind="user", role=Role.ADMIN))
    await demo.seed(ctx)
    assert await demo.seed(ctx) == "demo data already present"
    local = services.clock().astimezone(TASHKENT)
    async with read_session(services.sessionmaker) as session:
        students = await session.scalar(
            select(func.count(User.id)).where(User.role == Role.STUDENT.value)
        )
        payers = await session.scalar(select(func.count(func.distinct(Payment.student_id))))
        this_month = await session.scalar(
            select(func.count(PaymentMonth.id)).where(
                PaymentMonth.year == local.year, PaymentMonth.month == local.month
            )
        )
        expenses = await session.scalar(select(func.count(Expense.id)))
        payments = await session.scalar(select(func.count(Payment.id)))
    assert students and payers == students == this_month == payments
    assert expenses and expenses >= 3
