"""A credential that was sent and refused (garbage, expired, revoked, a disabled account) fails
the whole GraphQL request with `UNAUTHENTICATED`: it must not run as anonymous, or a frontend
could not tell "signed out" from "your token expired" (`viewer` would be null for both).

Logging in, refreshing and logging out still run: clients often keep sending the access token
that just expired while they refresh it. The REST dialects refuse such requests themselves
(their endpoints other than log-in and refresh require a principal).
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

# Root fields that run whatever credentials came with the request.
CREDENTIAL_FREE_FIELDS = frozenset({"tokenCreate", "tokenRefresh", "tokenRevoke", "__typename"})


def needs_credentials(document: DocumentNode, operation_name: str | None) -> bool:
    """Whether the operation to run selects a root field other than the credential-free ones.
    An operation that cannot be chosen counts as needing them (the request fails either way)."""
    operation = chosen_operation(document, operation_name)
    if operation is None:
        return True
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return any(name not in CREDENTIAL_FREE_FIELDS for name in _root_fields(operation, fragments))


def chosen_operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    """The operation a request runs: the one named, or the only one; None if neither."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name is not None and o.name.value == operation_name)
    ]
    return chosen[0] if len(chosen) == 1 else None


def _root_fields(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> list[str]:
    names: list[str] = []
    pending: list[SelectionSetNode] = [operation.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                names.append(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
                elif name not in fragments:
                    names.append(f"...{name}")  # unknown: validation reports it
    return names
