from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select

from models import groups as group_models
from models import people as people_models
from resolvers.loaders.base import BaseLoader, ByIdLoader
from resolvers.loaders.pages import PageByParentLoader
from resolvers.pagination import SortKey


class GroupByIdLoader(ByIdLoader[group_models.Group]):
    model = group_models.Group


class SubjectByIdLoader(ByIdLoader[group_models.Subject]):
    model = group_models.Subject


class StudentCountByGroupIdLoader(BaseLoader[int, int]):
    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        User = people_models.User
        rows = await self.rows(
            select(User.group_id, func.count())
            .where(User.group_id.in_(set(keys)), User.role == people_models.Role.STUDENT.value)
            .group_by(User.group_id)
        )
        counts = {group_id: int(n) for group_id, n in rows}
        return [counts.get(k, 0) for k in keys]


@dataclass(frozen=True)
class StudentQuery:
    """Which students of a group, in which order (a hashable loader key part)."""

    order: str = "username"  # a column of User: username, last_name, created_at
    descending: bool = False
    search: str | None = None
    # Students see only themselves in lists: the id they are restricted to.
    only_user_id: int | None = None


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class StudentPageByGroupIdLoader(PageByParentLoader[StudentQuery]):
    model = people_models.User
    parent = people_models.User.group_id

    def filtered(self, stmt: Select[Any], query: StudentQuery) -> Select[Any]:
        User = people_models.User
        stmt = stmt.where(User.role == people_models.Role.STUDENT.value)
        if query.only_user_id is not None:
            stmt = stmt.where(User.id == query.only_user_id)
        if query.search:
            needle = f"%{escape_like(query.search.strip().lower())}%"
            stmt = stmt.where(
                or_(
                    func.lower(User.username).like(needle, escape="\\"),
                    func.lower(User.first_name).like(needle, escape="\\"),
                    func.lower(User.last_name).like(needle, escape="\\"),
                )
            )
        return stmt

    def sort_keys(self, query: StudentQuery) -> list[SortKey]:
        column = getattr(people_models.User, query.order)
        python_type: type = datetime if query.order == "created_at" else str
        return [
            SortKey(column, query.descending, python_type),
            SortKey(people_models.User.id, query.descending, int),
        ]
