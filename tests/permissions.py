"""Walks a domain's operations (auth/permissions.py) for every role, anonymous callers and API
keys, and checks each refusal where every face meets it: `AppContext.require`.

Each domain's test states who may run each of its operations, in the product's terms and
independently of auth/permissions.py, so a rule changed by accident fails there;
tests/auth/test_permissions_cover.py checks every operation is claimed by one domain's table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auth import permissions
from auth.principal import ANONYMOUS, Principal
from models.people import Role
from resolvers.context import AppContext
from resolvers.errors import PermissionDenied, Unauthenticated

STUDENT = frozenset({Role.STUDENT})
ADMIN = frozenset({Role.ADMIN})
STAFF = frozenset(r for r in Role if r is not Role.STUDENT)
EVERYONE = frozenset(Role)
PUBLIC = "public"

# (roles allowed, API-key scope allowed or None), or PUBLIC.
Expected = tuple[frozenset[Role], str | None] | str


def _context(principal: Principal) -> AppContext:
    # `require` reads the principal alone; no services are needed to be refused.
    return AppContext(services=None, principal=principal)  # type: ignore[arg-type]


def _outcome(principal: Principal, operation: str) -> str:
    try:
        _context(principal).require(operation)
    except Unauthenticated:
        return "unauthenticated"
    except PermissionDenied:
        return "forbidden"
    return "allowed"


def check(domain: str, table: Mapping[str, Expected]) -> None:
    for operation in table:
        assert operation in permissions.RULES, f"{domain}: {operation} is not an operation"
    scopes = sorted(permissions.known_scopes())
    for operation, expected in table.items():
        if expected == PUBLIC:
            assert _outcome(ANONYMOUS, operation) == "allowed", operation
            continue
        assert not isinstance(expected, str)
        roles, scope = expected
        assert _outcome(ANONYMOUS, operation) == "unauthenticated", operation
        for role in Role:
            got = _outcome(Principal(kind="user", user_id=1, role=role), operation)
            want = "allowed" if role in roles else "forbidden"
            assert got == want, f"{operation} for {role.value}: {got}, expected {want}"
        for held in scopes:
            key = Principal(kind="api_key", api_key_id=1, scopes=frozenset({held}))
            got = _outcome(key, operation)
            want = "allowed" if held == scope else "forbidden"
            assert got == want, f"{operation} for an API key with {held}: {got}, expected {want}"
        bare = Principal(kind="api_key", api_key_id=1, scopes=frozenset())
        assert _outcome(bare, operation) == "forbidden", operation
        described = permissions.rule(operation).describe()
        for role in roles:
            assert role.value.lower() in described, (operation, described)


def domain_test(domain: str, table: Mapping[str, Expected]) -> Any:
    """A test function for one domain's table."""

    def test_every_operation_refuses_whom_it_should() -> None:
        check(domain, table)

    return test_every_operation_refuses_whom_it_should
