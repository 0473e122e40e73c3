"""The planner (schema/planner.py) leans on parts of strawberry and graphql-core that are not
their public API. pyproject.toml pins both below the next release line; this module names each
part it relies on, so an upgrade that moves one fails here, with the reason, rather than as a
wrong answer somewhere else."""

from __future__ import annotations

import inspect
from importlib import import_module
from importlib.metadata import version

import pytest
import strawberry

from schema import build_schema

# The release lines the planner was written and tested against (pyproject.toml's bounds).
TESTED = {"strawberry-graphql": ("0.315.7", "0.342"), "graphql-core": ("3.3.0", "3.4")}


def _tuple(text: str) -> tuple[int, ...]:
    return tuple(int("".join(c for c in part if c.isdigit()) or 0) for part in text.split(".")[:3])


@pytest.mark.parametrize("package", sorted(TESTED))
def test_installed_versions_are_the_ones_the_planner_was_tested_with(package: str) -> None:
    low, high = TESTED[package]
    installed = version(package)
    assert _tuple(low) <= _tuple(installed) < _tuple(high), (
        f"{package} {installed} is outside {low} <= v < {high}, the range schema/planner.py "
        "was tested against: run tests/planner, check the hooks below, then move the bounds "
        "here and in pyproject.toml together."
    )


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("strawberry.schema.schema", "_OperationContextAwareGraphQLResolveInfo"),
        ("strawberry.schema.types.base_scalars", "isoformat"),
        ("strawberry.types.arguments", "convert_arguments"),
        ("graphql.execution.collect_fields", "collect_fields"),
        ("graphql.execution.collect_fields", "collect_subfields"),
        ("graphql.execution.collect_fields", "FieldDetails"),
        ("graphql.execution.collect_fields", "FragmentDetails"),
        ("graphql.execution.values", "get_argument_values"),
        ("graphql.execution.values", "get_variable_values"),
        ("graphql.execution.values", "VariableValues"),
        ("graphql.type", "GraphQLResolveInfoHelpers"),
    ],
)
def test_the_private_names_the_planner_imports_exist(module: str, name: str) -> None:
    assert hasattr(import_module(module), name), (
        f"{module}.{name} is gone: schema/planner.py imports it"
    )


def test_the_field_internals_the_planner_reads_are_there() -> None:
    schema = build_schema()
    group = schema._schema.type_map["Group"]
    field = group.fields["teacher"]  # type: ignore[attr-defined]
    definition = (field.extensions or {}).get("strawberry-definition")
    assert definition is not None, "graphql fields no longer carry 'strawberry-definition'"
    resolver = definition.base_resolver
    for attribute in (
        "wrapped_func",
        "is_async",
        "arguments",
        "info_parameter",
        "self_parameter",
        "root_parameter",
        "parent_parameter",
    ):
        assert hasattr(resolver, attribute), f"StrawberryResolver.{attribute} is gone"
    plain = group.fields["name"]  # type: ignore[attr-defined]
    assert plain.resolve is None or getattr(plain.resolve, "_is_default", False), (
        "a plain attribute field is no longer marked as strawberry's default resolver"
    )
    assert "exception_handlers" in inspect.signature(strawberry.Schema).parameters
    assert hasattr(schema, "exception_handlers"), (
        "strawberry.Schema.exception_handlers is gone: the planner reads it to honour handlers"
    )
    assert hasattr(schema, "schema_converter") and hasattr(
        schema.schema_converter, "scalar_registry"
    ), "the planner serialises leaves with the schema converter's scalar registry"
