"""The planner's edges: exception handlers on the planned path, the batch registry keyed by
resolver functions, and a failed generated assembly counted, not swallowed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry
from graphql import parse

import schema as schema_package
from schema import planner as planner_module
from schema.groups import Group
from schema.planner import Planner, execute_planned, register_batch


@strawberry.type
class Value:
    n: int


@strawberry.type
class Oops:
    message: str


class Boom(Exception):
    pass


class Handler(strawberry.ExceptionHandler[Boom, Oops]):
    def handle(self, exception: Boom, *, field: Any, info: Any) -> Oops:
        return Oops(message=str(exception))


@strawberry.type
class Item:
    name: str
    size: int


@strawberry.type
class HandledQuery:
    @strawberry.field
    def risky(self) -> Value | Oops:
        raise Boom("boom")

    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(name="a", size=1), Item(name=None, size=2)]  # type: ignore[arg-type]


def run_both(schema: strawberry.Schema, document: str) -> tuple[Any, Any, Planner]:
    ordinary = asyncio.run(schema.execute(document))
    planner = Planner(schema)
    planned = asyncio.run(execute_planned(planner, parse(document), None, None, None))
    assert planned is not None
    return ordinary, planned, planner


def test_exception_handlers_are_honoured_on_the_planned_path() -> None:
    # given: a schema whose handler turns Boom into an Oops result
    handled = strawberry.Schema(query=HandledQuery, exception_handlers=[Handler()])
    # when
    ordinary, (data, errors), planner = run_both(
        handled, "{ risky { __typename ... on Oops { message } ... on Value { n } } }"
    )
    # then: both paths answer with the handler's result, not an error
    assert ordinary.data == data == {"risky": {"__typename": "Oops", "message": "boom"}}
    assert ordinary.errors is None and errors == []
    assert planner.direct_calls is False


def test_a_failed_generated_assembly_is_counted() -> None:
    plain = strawberry.Schema(query=HandledQuery)
    ordinary, (data, errors), planner = run_both(plain, "{ items { name size } }")
    assert ordinary.data is None and data is None
    assert [e.message for e in errors] == [e.message for e in ordinary.errors or []]
    assert planner.stats["assembly fallback: a value to check"] == 1


def test_the_app_schema_plans_its_hot_fields_as_batches() -> None:
    app_schema = schema_package.build_schema()
    planner = Planner(app_schema)
    plan, _ = planner.plan(
        parse("{ groups(first: 1) { nodes { teacher { username } } } }"), None, {}
    )
    types = planner.schema.type_map
    groups = plan.root.fields[0]
    nodes = plan.child(groups, types["GroupConnection"]).fields[0]  # type: ignore[arg-type]
    teacher = plan.child(nodes, types["Group"]).fields[0]  # type: ignore[arg-type]
    assert teacher.field_name == "teacher" and teacher.kind == "batch"


def test_a_batch_for_no_field_fails_loudly() -> None:
    # given: a batch registered for a function no field resolves with (as a renamed field's
    # old resolver would be)
    async def renamed(self: Any) -> None:
        return None

    async def batch(ctx: Any, parents: Any, args: Any) -> list[Any]:
        return [None for _ in parents]

    register_batch(renamed, batch)
    try:
        with pytest.raises(RuntimeError, match="renamed"):
            schema_package.build_schema()
    finally:
        del planner_module._BATCH[renamed]


def test_a_batch_is_registered_by_function_once() -> None:
    with pytest.raises(TypeError):
        register_batch("Group.teacher", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="teacher"):
        register_batch(Group.teacher, planner_module._BATCH[Group.teacher])
