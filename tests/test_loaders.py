"""The generic loaders batch, keep key order and answer misses with None or []."""

from __future__ import annotations

from typing import Any

from models import groups as group_models
from models import people as people_models
from models.db import write_session
from resolvers.context import Services
from resolvers.loaders.base import ByForeignKeyLoader, ByIdLoader


class StudentsByGroupIdLoader(ByForeignKeyLoader[int, people_models.User]):
    model = people_models.User
    column = people_models.User.group_id
    order_by = (people_models.User.username,)


class GroupByIdLoader(ByIdLoader[group_models.Group]):
    model = group_models.Group


async def test_generic_loaders(services: Services, make_user: Any, count_statements: Any) -> None:
    async with write_session(services.sessionmaker) as session:
        groups = [group_models.Group(name=f"G{i}") for i in range(2)]
        session.add_all(groups)
    await make_user(group_id=groups[0].id, username="bbbbbbb")
    await make_user(group_id=groups[0].id, username="aaaaaaa")
    by_group = StudentsByGroupIdLoader(services.sessionmaker)
    by_id = GroupByIdLoader(services.sessionmaker)
    with count_statements() as counter:
        members = await by_group.load_many([groups[1].id, groups[0].id, 999])
        found = await by_id.load_many([groups[1].id, 999, groups[0].id])
    assert [[u.username for u in m] for m in members] == [[], ["aaaaaaa", "bbbbbbb"], []]
    assert [g.name if g else None for g in found] == ["G1", None, "G0"]
    assert counter.count == 2
