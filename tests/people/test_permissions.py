"""Who may run the people operations: log-in is open, admins manage people and API keys."""

from __future__ import annotations

from tests.permissions import ADMIN, EVERYONE, PUBLIC, STAFF, Expected, domain_test

TABLE: dict[str, Expected] = {
    "token.create": PUBLIC,
    "token.refresh": PUBLIC,
    "token.revoke": PUBLIC,
    "viewer.read": PUBLIC,
    "user.read": (EVERYONE, "users:read"),
    "user.list": (ADMIN, "users:read"),
    "user.create": (ADMIN, "users:write"),
    "user.update": (EVERYONE, "users:write"),
    "user.delete": (ADMIN, "users:write"),
    "student.list": (STAFF, "students:read"),
    "student.read": (EVERYONE, "students:read"),
    "student.write": (ADMIN, "users:write"),
    "staff.read": (ADMIN, "users:read"),
    "staff.write": (ADMIN, "users:write"),
    "apikey.create": (ADMIN, None),
    "apikey.revoke": (ADMIN, None),
    "introspection": (ADMIN, None),
}

test_people_operations = domain_test("people", TABLE)
