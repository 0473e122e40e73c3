"""Who may run the exam operations: admins author, staff check results, students enter and
hand in, everyone reads (students what they may see); API keys never submit or check."""

from __future__ import annotations

from tests.permissions import ADMIN, EVERYONE, STAFF, STUDENT, Expected, domain_test

TABLE: dict[str, Expected] = {
    "exam.read": (EVERYONE, "exams:read"),
    "exam.create": (ADMIN, "exams:write"),
    "exam.update": (ADMIN, "exams:write"),
    "exam.delete": (ADMIN, "exams:write"),
    "exam.publish": (ADMIN, "exams:write"),
    "exam.copy": (ADMIN, "exams:write"),
    "exam.enter": (EVERYONE, None),
    "exam.submit": (STUDENT, None),
    "examresult.read": (EVERYONE, "exams:read"),
    "examresult.mine": (EVERYONE, None),
    "examresult.update": (STAFF, None),
    "examresult.delete": (ADMIN, "exams:write"),
}

test_exam_operations = domain_test("exams", TABLE)
