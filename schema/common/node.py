"""Relay Node: opaque global IDs ("Type:databaseId", base64) and node/nodes lookups."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry

from resolvers.errors import ValidationFailed
from schema.context import Info


@strawberry.interface(description="An object with a globally unique ID.")
class Node:
    database_id: strawberry.Private[int]

    @strawberry.field(description="The globally unique ID of this object.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(
            encode_global_id(
                type(self).__strawberry_definition__.name,  # type: ignore[attr-defined]
                self.database_id,
            )
        )


def encode_global_id(type_name: str, database_id: int) -> str:
    return base64.b64encode(f"{type_name}:{database_id}".encode()).decode()


def decode_global_id(global_id: str) -> tuple[str, int] | None:
    try:
        raw = base64.b64decode(global_id.encode(), validate=True).decode()
        type_name, _, key = raw.partition(":")
        if not type_name or not key.isdigit():
            return None
        return type_name, int(key)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def database_id_of(global_id: str, *type_names: str, field: str = "id") -> int:
    """The database id inside a global ID of one of `type_names`; ValidationFailed otherwise."""
    decoded = decode_global_id(global_id)
    if decoded is None or (type_names and decoded[0] not in type_names):
        expected = " or ".join(type_names) if type_names else "an object"
        raise ValidationFailed.single(field, f"Not a valid ID of {expected}.", "INVALID_ID")
    return decoded[1]


NodeLoader = Callable[[Info, Sequence[int]], Awaitable[Sequence[Any | None]]]
_NODE_LOADERS: dict[str, NodeLoader] = {}


def register_node(type_name: str, loader: NodeLoader) -> None:
    _NODE_LOADERS[type_name] = loader


async def resolve_nodes(info: Info, global_ids: Sequence[str]) -> list[Any | None]:
    """Objects in input order; None for a malformed ID, an unknown or invisible object."""
    wanted: dict[str, list[int]] = {}
    decoded = [decode_global_id(g) for g in global_ids]
    for item in decoded:
        if item is not None and item[0] in _NODE_LOADERS:
            wanted.setdefault(item[0], []).append(item[1])
    found: dict[tuple[str, int], Any] = {}
    for type_name, ids in wanted.items():
        objects = await _NODE_LOADERS[type_name](info, ids)
        for key, obj in zip(ids, objects, strict=True):
            if obj is not None:
                found[(type_name, key)] = obj
    return [found.get(item) if item is not None else None for item in decoded]
