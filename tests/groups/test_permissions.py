"""Who may run the subject and group operations: everyone reads, admins write."""

from __future__ import annotations

from tests.permissions import ADMIN, EVERYONE, Expected, domain_test

TABLE: dict[str, Expected] = {
    "group.read": (EVERYONE, "groups:read"),
    "subject.read": (EVERYONE, "groups:read"),
    "subject.write": (ADMIN, "groups:write"),
    "group.write": (ADMIN, "groups:write"),
    "rating.read": (EVERYONE, "groups:read"),
}

test_group_operations = domain_test("groups", TABLE)
