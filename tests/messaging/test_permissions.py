"""Messages: staff read them, admins send and delete them, students are refused."""

from __future__ import annotations

from tests.permissions import ADMIN, STAFF, Expected, domain_test

TABLE: dict[str, Expected] = {
    "message.read": (STAFF, "messages:read"),
    "message.send": (ADMIN, "messages:write"),
    "message.delete": (ADMIN, "messages:write"),
}

test_message_operations = domain_test("messaging", TABLE)
