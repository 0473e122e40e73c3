"""node(id) and nodes(ids): fetch any object by its global ID."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.errors import ValidationFailed
from schema.common.node import Node, resolve_nodes
from schema.context import Info

MAX_NODES = 100


@strawberry.type
class NodeQuery:
    @strawberry.field(description="The object with this global ID; null if none you may see.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> Node | None:
        return (await resolve_nodes(info, [id]))[0]

    @strawberry.field(
        description=f"Objects by global ID, in the order asked (at most {MAX_NODES}); "
        "null for each one that does not exist or that you may not see."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs.")],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise ValidationFailed.single("ids", f"At most {MAX_NODES} IDs per request.")
        return await resolve_nodes(info, ids)
