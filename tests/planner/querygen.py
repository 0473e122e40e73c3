"""Hypothesis strategies for GraphQL query operations over the real schema.

A query is grown from the Query type: random subsets of fields, aliases, inline fragments and
named fragments on interfaces and objects, @skip/@include with literals and variables, and
arguments drawn from pools of real and bogus values (IDs, cursors, enum values, page sizes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from hypothesis import strategies as st


@dataclass
class Pools:
    """Real and bogus values arguments are drawn from."""

    ids: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=lambda: ["a", "Last1", "%", "", "zz"])
    ints: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 5, 100])


@dataclass
class Built:
    fragments: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    variable_defs: dict[str, str] = field(default_factory=dict)
    aliases: int = 0


def _unwrap(t: Any) -> Any:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


@st.composite
def _argument_value(draw: st.DrawFn, arg_type: Any, name: str, pools: Pools) -> Any:
    """A Python value for an argument (None meaning: leave it out)."""
    required = isinstance(arg_type, GraphQLNonNull)
    inner = arg_type.of_type if required else arg_type
    if not required and draw(st.booleans()):
        return None
    if isinstance(inner, GraphQLList):
        item = inner.of_type
        return draw(
            st.lists(_argument_value(item, name, pools), min_size=0, max_size=3).map(
                lambda xs: [x for x in xs if x is not None]
            )
        )
    named = get_named_type(inner)
    if isinstance(named, GraphQLEnumType):
        return ("enum", draw(st.sampled_from(sorted(named.values))))
    if isinstance(named, GraphQLInputObjectType):
        out = {}
        for field_name, input_field in named.fields.items():
            value = draw(_argument_value(input_field.type, field_name, pools))
            if value is not None:
                out[field_name] = value
        return out
    if named.name == "Int":
        return draw(st.sampled_from(pools.ints))
    if named.name == "Boolean":
        return draw(st.booleans())
    if named.name == "ID":
        return draw(st.sampled_from(pools.ids or ["bogus"]))
    if name == "perModuleLimit":
        return draw(st.sampled_from([1, 2, 10, 0]))
    if name in ("after", "before"):
        return draw(st.sampled_from(["WyJhIiwxXQ", "garbage!", "WyJzdHVkZW50MDAwMyIsMl0"]))
    return draw(st.sampled_from(pools.strings))


def _render_value(value: Any) -> str:
    if isinstance(value, tuple) and value and value[0] == "enum":
        return str(value[1])
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_render_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_render_value(v) for v in value) + "]"
    return _literal(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple) and value and value[0] == "enum":
        return value[1]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def _type_ref(t: Any) -> str:
    if isinstance(t, GraphQLNonNull):
        return _type_ref(t.of_type) + "!"
    if isinstance(t, GraphQLList):
        return "[" + _type_ref(t.of_type) + "]"
    return str(t.name)


@st.composite
def _arguments(draw: st.DrawFn, fdef: GraphQLField, pools: Pools, built: Built) -> str:
    parts = []
    for arg_name, arg in fdef.args.items():
        value = draw(_argument_value(arg.type, arg_name, pools))
        if value is None:
            continue
        if draw(st.integers(0, 3)) == 0:  # pass it through a variable
            var = f"v{len(built.variables)}"
            built.variables[var] = _json_value(value)
            built.variable_defs[var] = _type_ref(arg.type)
            parts.append(f"{arg_name}: ${var}")
        else:
            parts.append(f"{arg_name}: {_render_value(value)}")
    return f"({', '.join(parts)})" if parts else ""


@st.composite
def _directives(draw: st.DrawFn, built: Built) -> str:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return " @skip(if: true)"
    if choice == 1:
        return " @include(if: false)"
    if choice == 2:
        var = f"d{len(built.variables)}"
        built.variables[var] = draw(st.booleans())
        built.variable_defs[var] = "Boolean!"
        return f" @include(if: ${var})"
    return ""


def _concrete(schema: GraphQLSchema, t: GraphQLNamedType) -> list[GraphQLObjectType]:
    if isinstance(t, GraphQLObjectType):
        return [t]
    if isinstance(t, GraphQLInterfaceType | GraphQLUnionType):
        return list(schema.get_possible_types(t))
    return []


@st.composite
def _selection(
    draw: st.DrawFn,
    schema: GraphQLSchema,
    parent: GraphQLNamedType,
    pools: Pools,
    built: Built,
    depth: int,
) -> str:
    fields: dict[str, GraphQLField] = dict(getattr(parent, "fields", {}))
    names = sorted(fields)
    chosen = (
        draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(5, len(names)), unique=True))
        if names
        else []
    )
    parts: list[str] = []
    if draw(st.integers(0, 4)) == 0:
        parts.append("__typename")
    for name in chosen:
        fdef = fields[name]
        target = _unwrap(fdef.type)
        is_leaf = is_leaf_type(target)
        if not is_leaf and depth <= 0:
            continue
        if name in ("apiKeys",) and draw(st.booleans()):
            continue
        alias = ""
        if built.aliases < 10 and draw(st.integers(0, 5)) == 0:
            built.aliases += 1
            alias = f"a{built.aliases}: "
        args = draw(_arguments(fdef, pools, built))
        directives = draw(_directives(built))
        sub = ""
        if not is_leaf:
            sub = " { " + draw(_selection(schema, target, pools, built, depth - 1)) + " }"
        parts.append(f"{alias}{name}{args}{directives}{sub}")
    # fragments on the possible runtime types of an abstract (or the object itself)
    concrete = _concrete(schema, parent)
    if concrete and depth > 0 and draw(st.integers(0, 2)) == 0:
        on = draw(st.sampled_from(concrete))
        inner = draw(_selection(schema, on, pools, built, depth - 1))
        if draw(st.booleans()):
            name = f"F{len(built.fragments)}"
            built.fragments[name] = f"fragment {name} on {on.name} {{ {inner} }}"
            parts.append(f"...{name}")
        else:
            parts.append(f"... on {on.name} {{ {inner} }}")
    if not parts:
        parts.append("__typename")
    return " ".join(parts)


@st.composite
def queries(draw: st.DrawFn, schema: GraphQLSchema, pools: Pools) -> tuple[str, dict[str, Any]]:
    """A query operation and its variables."""
    built = Built()
    assert schema.query_type is not None
    body = draw(_selection(schema, schema.query_type, pools, built, depth=4))
    defs = ""
    if built.variable_defs:
        defs = "(" + ", ".join(f"${k}: {v}" for k, v in built.variable_defs.items()) + ")"
    text = f"query Q{defs} {{ {body} }}"
    if built.fragments:
        text += "\n" + "\n".join(built.fragments.values())
    return text, built.variables
