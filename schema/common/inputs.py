"""Mutation inputs turned into the plain dicts resolvers take."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry

from schema.common.errors import camel
from schema.common.node import database_id_of


def input_data(
    inp: Any,
    *,
    ids: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
    skip: frozenset[str] = frozenset({"id"}),
) -> dict[str, Any]:
    """The fields the client sent (UNSET ones left out). `ids` names the fields that carry
    global IDs: python name -> (the resolver's name, accepted type names)."""
    data: dict[str, Any] = {}
    for name, value in vars(inp).items():
        if name in skip or value is strawberry.UNSET:
            continue
        if ids and name in ids:
            target, types = ids[name]
            data[target] = (
                database_id_of(value, *types, field=camel(name)) if value is not None else None
            )
        else:
            data[name] = value
    return data
