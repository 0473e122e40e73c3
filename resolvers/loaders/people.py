from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, func, select

from models import people as people_models
from resolvers.loaders.base import BaseLoader, ByIdLoader


class UserByIdLoader(ByIdLoader[people_models.User]):
    model = people_models.User


User = people_models.User
# Built once (SQLAlchemy keeps a built statement's cache key); `emails` are lower-cased.
STUDENTS_BY_EMAIL = select(User).where(
    func.lower(User.email).in_(bindparam("emails", expanding=True)),
    User.role == people_models.Role.STUDENT.value,
)


class StudentByEmailLoader(BaseLoader[str, people_models.User | None]):
    """Students by lower-cased email: one statement for the whole list."""

    async def batch_load_fn(self, keys: Sequence[str]) -> list[people_models.User | None]:
        found = await self.scalars(STUDENTS_BY_EMAIL, {"emails": list(set(keys))})
        by_email = {(u.email or "").lower(): u for u in found}
        return [by_email.get(k) for k in keys]
