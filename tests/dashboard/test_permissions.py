"""The dashboard is for staff (and keys with its scope), never for students."""

from __future__ import annotations

from tests.permissions import STAFF, Expected, domain_test

TABLE: dict[str, Expected] = {"dashboard.read": (STAFF, "dashboard:read")}

test_dashboard_operations = domain_test("dashboard", TABLE)
