"""Who may run the academy record operations: everyone reads (students their own), staff write
attendance, points and homework; only students have "my homework"."""

from __future__ import annotations

from tests.permissions import EVERYONE, STAFF, STUDENT, Expected, domain_test

TABLE: dict[str, Expected] = {
    "attendance.read": (EVERYONE, "academy:read"),
    "attendance.write": (STAFF, "academy:write"),
    "point.read": (EVERYONE, "academy:read"),
    "point.write": (STAFF, "academy:write"),
    "homework.read": (EVERYONE, "academy:read"),
    "homework.write": (STAFF, "academy:write"),
    "homework.mine": (STUDENT, None),
    "worklog.read": (EVERYONE, "academy:read"),
}

test_academy_operations = domain_test("academy", TABLE)
