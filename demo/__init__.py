"""Demo data for `python server.py seed-demo`: each domain adds its own part, in order.

Every demo account's password is `demo-password`. Running it twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from demo import academy, exams, ielts, payments, people
from resolvers.context import AppContext

# Each part returns a one-line summary, or "" when its data is already there.
# academy after people: it builds on people's teacher, subjects and groups
PARTS: list[Callable[[AppContext], Awaitable[str]]] = [people.seed, academy.seed, ielts.seed]
PARTS.append(exams.seed)  # after people: exams need the demo admin, teacher and students
PARTS.append(payments.seed)  # after every part that adds students


async def seed(ctx: AppContext) -> str:
    lines = [await part(ctx) for part in PARTS]
    return "\n".join(line for line in lines if line) or "demo data already present"
