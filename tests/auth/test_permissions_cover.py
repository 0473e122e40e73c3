"""Every operation of auth/permissions.py is claimed by exactly one domain's permissions test
(tests/<domain>/test_permissions.py)."""

from __future__ import annotations

from auth import permissions
from tests.academy.test_permissions import TABLE as ACADEMY
from tests.dashboard.test_permissions import TABLE as DASHBOARD
from tests.exams.test_permissions import TABLE as EXAMS
from tests.groups.test_permissions import TABLE as GROUPS
from tests.ielts.test_permissions import TABLE as IELTS
from tests.messaging.test_permissions import TABLE as MESSAGING
from tests.payments.test_permissions import TABLE as PAYMENTS
from tests.people.test_permissions import TABLE as PEOPLE

TABLES = [ACADEMY, DASHBOARD, EXAMS, GROUPS, IELTS, MESSAGING, PAYMENTS, PEOPLE]


def test_every_operation_has_one_domain_test() -> None:
    claimed = [op for table in TABLES for op in table]
    assert len(claimed) == len(set(claimed)), "an operation is claimed by two domains"
    assert set(claimed) == set(permissions.RULES), sorted(set(permissions.RULES) ^ set(claimed))
