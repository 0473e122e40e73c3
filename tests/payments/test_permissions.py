"""Who may run the money operations: admins write, staff read, students read only their own
payments and never expenses."""

from __future__ import annotations

from tests.permissions import ADMIN, EVERYONE, STAFF, Expected, domain_test

TABLE: dict[str, Expected] = {
    "payment.read": (EVERYONE, "payments:read"),
    "payment.mine": (EVERYONE, None),
    "payment.create": (ADMIN, "payments:write"),
    "payment.update": (ADMIN, "payments:write"),
    "payment.delete": (ADMIN, "payments:write"),
    "expense.read": (STAFF, "expenses:read"),
    "expense.create": (ADMIN, "expenses:write"),
    "expense.update": (ADMIN, "expenses:write"),
    "expense.delete": (ADMIN, "expenses:write"),
}

test_money_operations = domain_test("payments", TABLE)
