"""Who may run the IELTS operations: the batch lookup for admins and curators; results and
tests read by everyone (students their own); staff create tests and grade; anyone logged in
takes sessions (for themselves); mock answers are read and scored by staff."""

from __future__ import annotations

from models.people import Role
from tests.permissions import EVERYONE, STAFF, Expected, domain_test

TABLE: dict[str, Expected] = {
    "ielts.batch": (frozenset({Role.ADMIN, Role.CURATOR}), "ielts:read"),
    "ielts.result.read": (EVERYONE, "ielts:read"),
    "ielts.test.read": (EVERYONE, "ielts:read"),
    "ielts.test.create": (STAFF, "ielts:write"),
    "ielts.session.take": (EVERYONE, None),
    "ielts.session.grade": (STAFF, "ielts:write"),
    "mock.test.read": (EVERYONE, "mock:read"),
    "mock.test.create": (STAFF, "mock:write"),
    "mock.test.delete": (STAFF, "mock:write"),
    "mock.session.start": (EVERYONE, None),
    "mock.session.read": (EVERYONE, "mock:read"),
    "mock.session.take": (EVERYONE, None),
    "mock.answer.read": (STAFF, "mock:read"),
    "mock.score.write": (STAFF, "mock:write"),
    "mock.score.read": (EVERYONE, "mock:read"),
}

test_ielts_operations = domain_test("ielts", TABLE)
