from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, func, select

from models import people as people_models
from resolvers.loaders.base import BaseLoader, ByIdLoader, one_of


class UserByIdLoader(ByIdLoader[people_models.User]):
    model = people_models.User


User = people_models.User


@functools.cache
def students_by_email_statement(dialect: str) -> Select[Any]:
    """Students whose lower-cased email is in `emails`. Built once (SQLAlchemy keeps a built
    statement's cache key)."""
    return select(User).where(
        one_of(func.lower(User.email, type_=String), "emails", dialect),
        User.role == people_models.Role.STUDENT.value,
    )


class StudentByEmailLoader(BaseLoader[str, people_models.User | None]):
    """Students by lower-cased email: one statement for the whole list."""

    async def batch_load_fn(self, keys: Sequence[str]) -> list[people_models.User | None]:
        stmt = students_by_email_statement(self.dialect)
        found = await self.scalars(stmt, {"emails": list(set(keys))})
        by_email = {(u.email or "").lower(): u for u in found}
        return [by_email.get(k) for k in keys]
