from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from models import people as people_models
from resolvers.loaders.base import BaseLoader, ByIdLoader


class UserByIdLoader(ByIdLoader[people_models.User]):
    model = people_models.User


class StudentByEmailLoader(BaseLoader[str, people_models.User | None]):
    """Students by lower-cased email: one statement for the whole list."""

    async def batch_load_fn(self, keys: Sequence[str]) -> list[people_models.User | None]:
        User = people_models.User
        found = await self.scalars(
            select(User).where(
                func.lower(User.email).in_(set(keys)),
                User.role == people_models.Role.STUDENT.value,
            )
        )
        by_email = {(u.email or "").lower(): u for u in found}
        return [by_email.get(k) for k in keys]
