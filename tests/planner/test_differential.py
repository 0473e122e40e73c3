"""The planned executor answers exactly as strawberry's ordinary execution: data and errors,
for queries generated over the real schema, as several principals, with missing records,
fields a principal may not see, aliases, fragments on interfaces, directives and variables."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

import orjson
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from auth.principal import ANONYMOUS, Principal
from demo import ielts as demo_ielts
from models import groups as group_models
from models.db import write_session
from models.people import ApiKey, Role
from resolvers.context import Services
from schema import Schema, build_schema
from schema.common.node import encode_global_id
from schema.context import Context
from schema.http import format_error
from schema.planner import Planner, execute_planned
from tests.planner.querygen import Pools, queries

SCHEMA: Schema = build_schema()
PLANNER = Planner(SCHEMA)


async def seed(services: Services, make_user: Any) -> tuple[dict[str, Principal], Pools]:
    async with write_session(services.sessionmaker) as session:
        subject = group_models.Subject(name="IELTS")
        session.add(subject)
        await session.flush()
        teacher_row = None
        groups = [
            group_models.Group(
                name=f"G{i}",
                subject_id=subject.id,
                is_active=i != 2,
                days="Mon,Wed",
                description="",
            )
            for i in range(3)
        ]
        session.add_all(groups)
        session.add(
            ApiKey(name="k", prefix="egk_pool0001", key_hash="x" * 64, scopes=["students:read"])
        )
    admin = await make_user(Role.ADMIN, email="admin@example.com")
    teacher_row = await make_user(Role.TEACHER, code="TCH-1")
    curator = await make_user(Role.CURATOR, code="CUR-12", email="cur@example.com")
    async with write_session(services.sessionmaker) as session:
        for g in groups:
            g.teacher_id = teacher_row.id if g.name != "G1" else None
            await session.merge(g)
    students = []
    for i in range(7):
        students.append(
            await make_user(
                Role.STUDENT,
                email=None if i == 3 else f"s{i}@example.com",
                group_id=None if i == 4 else groups[i % 3].id,
                curator_id=None if i == 5 else curator.id,
                code=f"2024{i:03d}",
                phone=None if i % 2 else f"+99890{i:07d}",
            )
        )
    # IELTS results (practice sessions, essays with feedback, speaking, a scored mock session)
    # for all but one student, so the batch lookup's fields have data, gaps and nulls.
    tests = await demo_ielts.create_tests(services.sessionmaker, teacher_row.id, prefix="Diff ")
    await demo_ielts.create_history(
        services.sessionmaker,
        [s.id for s in students[:-1]],
        tests,
        services.clock(),
        demo_ielts.Mix(),
        seed=11,
        grader_id=teacher_row.id,
    )
    principals = {
        "admin": Principal(kind="user", user_id=admin.id, role=Role.ADMIN),
        "teacher": Principal(kind="user", user_id=teacher_row.id, role=Role.TEACHER),
        "student": Principal(kind="user", user_id=students[0].id, role=Role.STUDENT),
        "anonymous": ANONYMOUS,
        "apikey": Principal(kind="api_key", api_key_id=1, scopes=frozenset({"students:read"})),
        "firebase-curator": Principal(kind="user", user_id=None, role=Role.CURATOR),
    }
    ids = [encode_global_id("Student", s.id) for s in students]
    ids += [encode_global_id("Staff", u.id) for u in (admin, teacher_row, curator)]
    ids += [encode_global_id("Group", g.id) for g in groups]
    ids += [encode_global_id("Subject", subject.id), encode_global_id("ApiKey", 1)]
    ids += [
        encode_global_id("Student", admin.id),
        encode_global_id("Student", 9999),
        "bm90LWFuLWlk",
        "garbage",
    ]
    emails = [s.email for s in students if s.email] + ["S1@EXAMPLE.COM", "nobody@example.com"]
    return principals, Pools(ids=ids, strings=[*emails, "a", "%", ""])


def encoded(data: Any) -> bytes:
    """The response's data as the HTTP layer writes it (the planned path leaves UTC datetimes
    for orjson to write)."""
    return orjson.dumps(data)


def canonical_errors(errors: list[Any] | None) -> list[str]:
    return sorted(json.dumps(format_error(e), sort_keys=True) for e in errors or [])


def inside_nulled_subtree(data: Any, path: list[Any]) -> bool:
    """True when an ancestor of `path` (or the whole data) is null in the response."""
    node = data
    for key in path[:-1]:
        if node is None:
            return True
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    return node is None


def assert_same_errors(data: Any, planned: list[Any], ordinary: list[Any] | None) -> None:
    """Every ordinary error is reported by the planner too. graphql-core cancels the sibling
    fields of a field whose error nulls their parent and drops their errors, depending on task
    timing; the planner reports all it met (as graphql-js does). So the planner may report more,
    but only inside a subtree the response has nulled."""
    mine, theirs = canonical_errors(planned), canonical_errors(ordinary)
    missing = [e for e in theirs if e not in mine]
    assert missing == []
    extra = [json.loads(e) for e in mine if e not in theirs]
    for error in extra:
        assert inside_nulled_subtree(data, error.get("path", [])), error


async def run_both(
    services: Services, principal: Principal, query: str, variables: dict[str, Any]
) -> tuple[Any, Any] | None:
    checked = SCHEMA.document_checker.check(query)
    if checked.document is None or checked.errors:
        return None
    ordinary = await SCHEMA.execute(
        query,
        variable_values=variables,
        operation_name="Q",
        context_value=Context(services=services, principal=principal),
    )
    planned = await execute_planned(
        PLANNER,
        checked.document,
        "Q",
        variables,
        Context(services=services, principal=principal),
    )
    if planned is None:
        return ordinary, None
    return ordinary, planned


async def test_planned_results_equal_ordinary_results(services: Services, make_user: Any) -> None:
    principals, pools = await seed(services, make_user)
    loop = asyncio.get_running_loop()
    compared: Counter[str] = Counter()

    # Hypothesis drives the examples from a worker thread; each comparison runs on the test's
    # event loop (where the database connections live), so failures shrink as usual.
    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=st.data())
    def explore(data: st.DataObject) -> None:
        who = data.draw(st.sampled_from(sorted(principals)), label="principal")
        query, variables = data.draw(queries(SCHEMA._schema, pools), label="query")
        outcome = asyncio.run_coroutine_threadsafe(
            run_both(services, principals[who], query, variables), loop
        ).result()
        if outcome is None:
            compared["invalid"] += 1
            assume(False)
        assert outcome is not None
        ordinary, planned = outcome
        if planned is None:
            # The only reason to decline a valid query here: its variables do not coerce,
            # which the ordinary path reports as a request error.
            assert ordinary.data is None and ordinary.errors
            compared["declined"] += 1
            return
        data_, errors = planned
        assert encoded(data_) == encoded(ordinary.data)
        assert_same_errors(data_, errors, ordinary.errors)
        compared["equal"] += 1

    await asyncio.to_thread(explore)
    # most generated queries are really compared, not declined or invalid
    assert compared["equal"] >= 100, compared
    reasons = {k for k in PLANNER.stats if k.startswith("declined")}
    assert reasons <= {"declined: variable coercion failed"}, PLANNER.stats


BATCH_QUERIES = [
    # the batch lookup as the benchmark asks it
    """query Q($emails: [String!]!) { studentsByEmail(emails: $emails, limit: 50) {
      email error student { fullName studentId group { name teacher { fullName } }
        curator { code } ielts {
          latest { listening { databaseId testTitle completedAt rawScore bandScore submitted }
                   reading { databaseId testTitle endTime rawScore bandScore completed }
                   writing { databaseId taskType submittedAt overallBand
                             teacherFeedback { published teacherOverallScore } }
                   speaking { databaseId conductedAt overallBandScore completed }
                   overallBandApprox }
          history(perModuleLimit: 3) { listening { databaseId testTitle bandScore }
            reading { databaseId bandScore } essays { databaseId overallBand }
            speaking { databaseId overallBandScore conductedAt } } } } } }""",
    # aliases, fragments on the result interface, directives, diagnostics, bad limits
    """query Q($emails: [String!]!, $withHistory: Boolean!) {
      a: studentsByEmail(emails: $emails) { student { id ielts {
        l1: latest(includeDiagnostics: true) { overallBandApprox reading { ...R }
          listening { ... on ListeningSession { submitted } __typename } }
        h: history(perModuleLimit: 2) @include(if: $withHistory) {
          listening { ...R } essays { ...R submittedAt } }
        bad: history(perModuleLimit: 0) { speaking { databaseId } } } } } }
      fragment R on IeltsResult { testTitle startedAt diagnostic fromMock }
      """,
]


async def test_planned_batch_lookup_equals_ordinary(services: Services, make_user: Any) -> None:
    principals, pools = await seed(services, make_user)
    emails = [e for e in pools.strings if "@" in e]
    compared = 0
    for query in BATCH_QUERIES:
        for who, principal in principals.items():
            for with_history in (True, False):
                variables = {"emails": emails, "withHistory": with_history}
                if "$withHistory" not in query:
                    variables.pop("withHistory")
                outcome = await run_both(services, principal, query, variables)
                assert outcome is not None and outcome[1] is not None, query
                ordinary, (data, errors) = outcome
                assert encoded(data) == encoded(ordinary.data), (who, query)
                assert_same_errors(data, errors, ordinary.errors)
                compared += 1
    assert compared == 2 * len(principals) * len(BATCH_QUERIES)
