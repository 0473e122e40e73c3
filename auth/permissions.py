"""Permission rules, declared once per operation.

Resolvers call `AppContext.require(operation)`, so GraphQL and every REST dialect check the same
rule. A rule names the roles that may run the operation and the API-key scope that may.
Object-level rules ("a student sees only their own records") live in `auth/policies.py`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from auth.principal import Principal
from models.people import STAFF_ROLES, Role

ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
STAFF = STAFF_ROLES


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role] = frozenset()
    scope: str | None = None
    public: bool = False

    def describe(self) -> str:
        if self.public:
            return "Open to everyone."
        roles = ", ".join(sorted(r.value.lower() for r in self.roles)) or "nobody"
        scope = f"; API keys with scope `{self.scope}`" if self.scope else ""
        return f"Requires role: {roles}{scope}."


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"


RULES: dict[str, Rule] = {
    # people
    "token.create": Rule(public=True),
    "token.refresh": Rule(public=True),
    "token.revoke": Rule(public=True),
    "viewer.read": Rule(public=True),
    "user.read": Rule(roles=ALL_ROLES, scope="users:read"),
    "user.list": Rule(roles=ADMIN_ONLY, scope="users:read"),
    "user.create": Rule(roles=ADMIN_ONLY, scope="users:write"),
    "user.update": Rule(roles=ALL_ROLES, scope="users:write"),
    "user.delete": Rule(roles=ADMIN_ONLY, scope="users:write"),
    "student.list": Rule(roles=STAFF, scope="students:read"),
    "apikey.create": Rule(roles=ADMIN_ONLY),
    "apikey.revoke": Rule(roles=ADMIN_ONLY),
    "group.read": Rule(roles=ALL_ROLES, scope="groups:read"),
    "subject.read": Rule(roles=ALL_ROLES, scope="groups:read"),
    "introspection": Rule(roles=ADMIN_ONLY),
    # -- exams and exam results (seed 001 §13-§14) ---------------------------------------------
    # Staff read every exam with its answers; students read published, active exams without
    # them (auth/policies.py). Authoring stays with admins: teachers write attendance, points
    # and homework, not exams. Employees may mark results checked and grade written answers.
    "exam.read": Rule(roles=ALL_ROLES, scope="exams:read"),
    "exam.create": Rule(roles=ADMIN_ONLY, scope="exams:write"),
    "exam.update": Rule(roles=ADMIN_ONLY, scope="exams:write"),
    "exam.delete": Rule(roles=ADMIN_ONLY, scope="exams:write"),
    "exam.publish": Rule(roles=ADMIN_ONLY, scope="exams:write"),
    "exam.copy": Rule(roles=ADMIN_ONLY, scope="exams:write"),
    "exam.enter": Rule(roles=ALL_ROLES),
    "exam.submit": Rule(roles=frozenset({Role.STUDENT})),
    "examresult.read": Rule(roles=ALL_ROLES, scope="exams:read"),
    "examresult.mine": Rule(roles=ALL_ROLES),
    # checked_by is the caller, so only people (not API keys) check results.
    "examresult.update": Rule(roles=STAFF),
    "examresult.delete": Rule(roles=ADMIN_ONLY, scope="exams:write"),
    # academy (seed 001 §3-§10, §15): owners write everything, employees (any other staff role)
    # read everything and write attendance, points and homework; students read only their own
    # records (lists are filtered to them, see auth/policies.py).
    "subject.write": Rule(roles=ADMIN_ONLY, scope="groups:write"),
    "group.write": Rule(roles=ADMIN_ONLY, scope="groups:write"),
    "rating.read": Rule(roles=ALL_ROLES, scope="groups:read"),
    "staff.read": Rule(roles=ADMIN_ONLY, scope="users:read"),
    "staff.write": Rule(roles=ADMIN_ONLY, scope="users:write"),
    "student.read": Rule(roles=ALL_ROLES, scope="students:read"),
    "student.write": Rule(roles=ADMIN_ONLY, scope="users:write"),
    "attendance.read": Rule(roles=ALL_ROLES, scope="academy:read"),
    "attendance.write": Rule(roles=STAFF, scope="academy:write"),
    "point.read": Rule(roles=ALL_ROLES, scope="academy:read"),
    "point.write": Rule(roles=STAFF, scope="academy:write"),
    "homework.read": Rule(roles=ALL_ROLES, scope="academy:read"),
    "homework.write": Rule(roles=STAFF, scope="academy:write"),
    "homework.mine": Rule(roles=frozenset({Role.STUDENT})),
    "worklog.read": Rule(roles=ALL_ROLES, scope="academy:read"),
    # -- money and messages (seed 001 §11, §12, §16, §17) -----------------------------------
    # Admins (owners) write. Staff read, as §2 gives employees "view" on everything; students
    # read only their own payments (auth/policies.py: payments_restricted_to). Expenses, the
    # dashboard and messages concern no student, so students are refused them.
    "payment.read": Rule(roles=ALL_ROLES, scope="payments:read"),
    "payment.mine": Rule(roles=ALL_ROLES),
    "payment.create": Rule(roles=ADMIN_ONLY, scope="payments:write"),
    "payment.update": Rule(roles=ADMIN_ONLY, scope="payments:write"),
    "payment.delete": Rule(roles=ADMIN_ONLY, scope="payments:write"),
    "expense.read": Rule(roles=STAFF, scope="expenses:read"),
    "expense.create": Rule(roles=ADMIN_ONLY, scope="expenses:write"),
    "expense.update": Rule(roles=ADMIN_ONLY, scope="expenses:write"),
    "expense.delete": Rule(roles=ADMIN_ONLY, scope="expenses:write"),
    "dashboard.read": Rule(roles=STAFF, scope="dashboard:read"),
    "message.read": Rule(roles=STAFF, scope="messages:read"),
    "message.send": Rule(roles=ADMIN_ONLY, scope="messages:write"),
    "message.delete": Rule(roles=ADMIN_ONLY, scope="messages:write"),
    # ---- ielts (seed 000 batch API, seed 001 §18 mock tests) --------------------------------
    # Batch lookups by email: the IELTS center's admins and curators (seed 000).
    "ielts.batch": Rule(roles=frozenset({Role.ADMIN, Role.CURATOR}), scope="ielts:read"),
    # A student's module results: staff, and students for themselves (auth/policies.py).
    "ielts.result.read": Rule(roles=ALL_ROLES, scope="ielts:read"),
    "ielts.test.read": Rule(roles=ALL_ROLES, scope="ielts:read"),
    "ielts.test.create": Rule(roles=STAFF, scope="ielts:write"),
    # Practice sessions, essays, speaking: students for themselves, staff for any student.
    "ielts.session.take": Rule(roles=ALL_ROLES),
    "ielts.session.grade": Rule(roles=STAFF, scope="ielts:write"),
    # Academy IsWorkerPermission: reads for everyone logged in, writes for owner and employees.
    "mock.test.read": Rule(roles=ALL_ROLES, scope="mock:read"),
    "mock.test.create": Rule(roles=STAFF, scope="mock:write"),
    "mock.test.delete": Rule(roles=STAFF, scope="mock:write"),
    # Sessions and answers belong to the user taking the test (owner checks in policies).
    "mock.session.start": Rule(roles=ALL_ROLES),
    "mock.session.read": Rule(roles=ALL_ROLES, scope="mock:read"),
    "mock.session.take": Rule(roles=ALL_ROLES),
    "mock.answer.read": Rule(roles=STAFF, scope="mock:read"),
    "mock.score.write": Rule(roles=STAFF, scope="mock:write"),
    "mock.score.read": Rule(roles=ALL_ROLES, scope="mock:read"),
}


def known_scopes() -> frozenset[str]:
    return frozenset(r.scope for r in RULES.values() if r.scope)


def rule(operation: str) -> Rule:
    return RULES[operation]


def verdict(principal: Principal, operation: str) -> Verdict:
    r = RULES[operation]
    if r.public:
        return Verdict.ALLOWED
    if not principal.authenticated:
        return Verdict.UNAUTHENTICATED
    if principal.kind == "api_key":
        return Verdict.ALLOWED if r.scope and r.scope in principal.scopes else Verdict.FORBIDDEN
    return Verdict.ALLOWED if principal.role in r.roles else Verdict.FORBIDDEN
