"""Demo money: a month of payments from every student, and the center's expenses.

Each student paid for the current month on some day of the last 30; two in five paid for the
next month too. Running it twice adds nothing the second time.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from models import payments as payment_models
from models import people as people_models
from models.db import write_session
from resolvers.center_time import CENTER_TZ
from resolvers.context import AppContext

TASHKENT = CENTER_TZ
FEE = Decimal("600000.00")


async def seed(ctx: AppContext) -> str:
    User = people_models.User
    async with write_session(ctx.sessionmaker) as session:
        if await session.scalar(select(payment_models.Payment.id).limit(1)):
            return ""
        admin = await session.scalar(
            select(User).where(User.role == people_models.Role.ADMIN.value).order_by(User.id)
        )
        staff = list(
            await session.scalars(
                select(User)
                .where(User.role.in_(["TEACHER", "CURATOR"]), User.is_active.is_(True))
                .order_by(User.id)
            )
        )
        students = list(
            await session.scalars(
                select(User).where(User.role == people_models.Role.STUDENT.value).order_by(User.id)
            )
        )
        if not students:
            return ""
        now = ctx.now()
        local = now.astimezone(TASHKENT)
        this_month = (local.year, local.month)
        next_month = (local.year + local.month // 12, local.month % 12 + 1)
        total = Decimal(0)
        for i, student in enumerate(students):
            months = [this_month, next_month] if i % 5 < 2 else [this_month]
            paid_at = now - timedelta(days=i % 30, hours=i % 7)
            payment = payment_models.Payment(
                student_id=student.id,
                group_id=student.group_id,
                amount=FEE * len(months),
                received_by_id=admin.id if admin else None,
                created_at=paid_at,
                updated_at=paid_at,
            )
            session.add(payment)
            await session.flush()
            session.add_all(
                payment_models.PaymentMonth(payment_id=payment.id, year=y, month=m)
                for y, m in months
            )
            total += payment.amount
        expenses = [("IjaraChiqimi", None, Decimal("1500000.00"), "Ijara")]
        expenses += [("Maosh", person.id, Decimal("4000000.00"), "Oylik maosh") for person in staff]
        expenses.append(("Kommunal", None, Decimal("350000.00"), "Elektr va internet"))
        for day, (recipient, recipient_user_id, amount, reason) in enumerate(expenses):
            at = now - timedelta(days=day + 1)
            session.add(
                payment_models.Expense(
                    recipient=recipient,
                    recipient_user_id=recipient_user_id,
                    amount=amount,
                    reason=reason,
                    created_by_id=admin.id if admin else None,
                    created_at=at,
                    updated_at=at,
                )
            )
    return (
        f"payments: added {len(students)} payments (together {total:.2f}), {len(expenses)} expenses"
    )
