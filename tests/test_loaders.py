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


class FailingLoader(ByIdLoader[group_models.Group]):
    """Fails every batch, as a loader whose database went away would."""

    model = group_models.Group

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.batches = 0

    async def batch_load_fn(self, keys: Any) -> list[Any]:
        self.batches += 1
        raise RuntimeError("database unavailable")


async def test_load_many_keys_asked_together_are_one_batch(services: Services) -> None:
    loader = FailingLoader(services.sessionmaker)
    first = loader.load_many([1, 2, 3])
    second = loader.load_many([3, 4])
    # Both lists were queued when asked for, before either was awaited: one batch for both,
    # and its failure reaches both callers.
    for pending in (first, second):
        try:
            await pending
        except RuntimeError as exc:
            assert str(exc) == "database unavailable"
        else:
            raise AssertionError("load_many hid the batch's failure")
    assert loader.batches == 1


async def test_load_many_of_nothing(services: Services) -> None:
    assert await GroupByIdLoader(services.sessionmaker).load_many([]) == []


def test_module_results_are_read_by_column_name() -> None:
    # The loader builds each ModuleResult from a row's values in order: the record's fields
    # must be the statement's columns, in the same order, or values would land in the wrong
    # field silently.
    from dataclasses import fields

    from resolvers.loaders.ielts import ModuleResult, results_statement

    for dialect in ("postgresql", "sqlite"):
        for include_diagnostics in (False, True):
            stmt = results_statement(dialect, include_diagnostics)
            assert [c.key for c in stmt.selected_columns] == [f.name for f in fields(ModuleResult)]
