"""The batch lookup in GraphQL: studentsByEmail with Student.ielts latest and history, their
limits and permissions, and a statement count that does not grow with the number of students."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from models.people import Role
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.graphql import error_codes, gql_ok, post_graphql
from tests.ielts import factories

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)

BATCH = """
query($emails: [String!]!, $limit: Int, $n: Int!) {
  studentsByEmail(emails: $emails, limit: $limit) {
    email
    error
    student {
      fullName firstName lastName studentId email status
      group { name teacher { fullName } }
      curator { code }
      ielts {
        latest {
          listening { databaseId testTitle completedAt rawScore bandScore submitted }
          reading { databaseId testTitle endTime rawScore bandScore completed }
          writing { databaseId taskType submittedAt overallBand
                    teacherFeedback { published teacherOverallScore } }
          speaking { databaseId conductedAt overallBandScore completed }
          overallBandApprox
        }
        history(perModuleLimit: $n) {
          listening { databaseId bandScore }
          reading { databaseId bandScore }
          essays { databaseId overallBand }
          speaking { databaseId overallBandScore }
        }
      }
    }
  }
}
"""

LOOKUP = """
query($emails: [String!]!, $limit: Int) {
  studentsByEmail(emails: $emails, limit: $limit) { email error student { studentId } }
}
"""

HISTORY_LIMIT = """
query($emails: [String!]!, $n: Int!) {
  studentsByEmail(emails: $emails) {
    student { ielts { history(perModuleLimit: $n) { listening { bandScore } } } }
  }
}
"""

OWN = """
query($id: ID!, $diag: Boolean!) {
  node(id: $id) {
    ... on Student {
      ielts {
        latest(includeDiagnostics: $diag) { listening { bandScore diagnostic } overallBandApprox }
        history(includeDiagnostics: $diag) { listening { bandScore } }
      }
    }
  }
}
"""


async def _seed(services: Services, make_user: Any, n: int, prefix: str) -> list[str]:
    c = await factories.center(services, make_user)
    ids = await factories.students_bulk(services, c, n, prefix)
    listening = await factories.practice_test(services, "LISTENING", "Listening Practice 05")
    reading = await factories.practice_test(services, "READING", "Reading Practice 04")
    await factories.results(services, ids, "LISTENING", 3, bank_id=listening.id, start=T0)
    await factories.results(services, ids, "READING", 3, bank_id=reading.id, start=T0)
    await factories.results(
        services,
        ids,
        "WRITING",
        3,
        start=T0,
        result={"teacher_feedback": {"published": True, "overall_score": "6.5"}},
    )
    await factories.results(services, ids, "SPEAKING", 3, start=T0)
    return [f"{prefix}{i:05d}@example.com" for i in range(n)]


async def test_batch_returns_profile_latest_and_history(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    # given
    emails = await _seed(services, make_user, 2, "gq")
    headers = await login_headers(await make_user(Role.CURATOR))
    # when
    data = await gql_ok(
        client, BATCH, {"emails": [emails[1].upper(), "nobody@x.com", emails[0]], "n": 2}, headers
    )
    # then
    lookups = data["studentsByEmail"]
    assert [(x["email"], x["error"]) for x in lookups] == [
        (emails[1].upper(), None),
        ("nobody@x.com", "Student not found"),
        (emails[0], None),
    ]
    assert lookups[1]["student"] is None
    student = lookups[0]["student"]
    assert student["studentId"] == "GQ00001" and student["status"] == "Active"
    assert student["group"] == {"name": "IELTS Evening A1", "teacher": {"fullName": "John Doe"}}
    assert student["curator"] == {"code": "CUR-12"}
    latest = student["ielts"]["latest"]
    assert latest["listening"]["testTitle"] == "Listening Practice 05"
    assert latest["listening"]["completedAt"].startswith("2026-01-10T10:30:00")
    assert latest["listening"]["rawScore"] == 30 and latest["listening"]["bandScore"] == 6.5
    assert latest["reading"]["completed"] is True
    assert latest["writing"]["teacherFeedback"] == {"published": True, "teacherOverallScore": 6.5}
    assert latest["speaking"]["completed"] is True
    assert latest["overallBandApprox"] == 6.5
    history = student["ielts"]["history"]
    assert [len(history[k]) for k in ("listening", "reading", "essays", "speaking")] == [2] * 4
    assert history["listening"][0]["databaseId"] == latest["listening"]["databaseId"]
    assert history["listening"][0]["databaseId"] > history["listening"][1]["databaseId"]


async def test_statement_count_is_the_same_for_5_and_200_students(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    emails = await _seed(services, make_user, 200, "cnt")
    headers = await login_headers(await make_user(Role.ADMIN))
    counts = []
    for n in (5, 200):
        with count_statements() as counter:
            data = await gql_ok(
                client, BATCH, {"emails": emails[:n], "limit": 500, "n": 10}, headers
            )
        students = [x["student"] for x in data["studentsByEmail"]]
        assert len(students) == n and all(s["ielts"]["history"]["essays"] for s in students)
        counts.append(counter.count)
    # principal, students (with their groups, teachers and curators), and one window-function
    # statement for the latest and the last 10 of all four modules
    assert counts[0] == counts[1] == 3, counts


async def test_rest_batch_statement_count_is_the_same_for_5_and_200_students(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    emails = await _seed(services, make_user, 200, "rst")
    headers = await login_headers(await make_user(Role.CURATOR))
    for path, expected in (
        # principal, students with their groups, teachers and curators
        ("/api/batch/students/profiles/", 2),
        # principal, students, the results of all four modules, the answers of all of them
        ("/api/batch/students/latest-test-details/", 4),
        ("/api/batch/students/test-results/", 4),
    ):
        counts = []
        for n in (5, 200):
            body = {"emails": emails[:n], "limit": 500, "includeAnswers": True}
            with count_statements() as counter:
                response = await client.post(path, json=body, headers=headers)
            assert response.status_code == 200 and response.json()["processed"] == n
            counts.append(counter.count)
        assert counts == [expected, expected], (path, counts)


async def test_lookup_limits(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    limited = await gql_ok(
        client, LOOKUP, {"emails": ["a@x.com", "A@X.com", "b@x.com"], "limit": 1}, headers
    )
    assert [x["email"] for x in limited["studentsByEmail"]] == ["a@x.com"]
    for variables in (
        {"emails": []},
        {"emails": [" "]},
        {"emails": ["a@x.com"], "limit": 0},
        {"emails": [f"{i}@x.com" for i in range(1001)]},
    ):
        result = await post_graphql(client, LOOKUP, variables, headers)
        assert error_codes(result) == ["BAD_USER_INPUT"], variables
        assert result["data"] is None
    emails = await _seed(services, make_user, 1, "lim")
    for n in (0, 101):
        result = await post_graphql(client, HISTORY_LIMIT, {"emails": emails, "n": n}, headers)
        assert error_codes(result) == ["BAD_USER_INPUT"], n


async def test_only_admins_and_curators_look_up_by_email(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    for role in (Role.TEACHER, Role.STUDENT, Role.MANAGER):
        headers = await login_headers(await make_user(role))
        result = await post_graphql(client, LOOKUP, {"emails": ["a@x.com"]}, headers)
        assert error_codes(result) == ["FORBIDDEN"]
    assert error_codes(await post_graphql(client, LOOKUP, {"emails": ["a@x.com"]})) == [
        "UNAUTHENTICATED"
    ]


async def test_a_student_sees_their_own_results_not_others(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    c = await factories.center(services, make_user)
    me = await factories.student(make_user, c, "me@test.com", code="ME")
    other = await factories.student(make_user, c, "other@test.com", code="OT")
    await factories.results(services, [me.id, other.id], "LISTENING", 1, start=T0, band="6.0")
    await factories.results(
        services,
        [me.id],
        "LISTENING",
        1,
        start=datetime(2026, 2, 1, tzinfo=UTC),
        band="3.0",
        diagnostic=True,
    )
    headers = await login_headers(me)
    mine = await gql_ok(
        client, OWN, {"id": encode_global_id("Student", me.id), "diag": False}, headers
    )
    ielts = mine["node"]["ielts"]
    assert ielts["latest"] == {
        "listening": {"bandScore": 6.0, "diagnostic": False},
        "overallBandApprox": 6.0,
    }
    with_diag = await gql_ok(
        client, OWN, {"id": encode_global_id("Student", me.id), "diag": True}, headers
    )
    assert with_diag["node"]["ielts"]["latest"]["listening"] == {
        "bandScore": 3.0,
        "diagnostic": True,
    }
    assert [x["bandScore"] for x in with_diag["node"]["ielts"]["history"]["listening"]] == [
        3.0,
        6.0,
    ]
    # another student is not visible at all
    theirs = await gql_ok(
        client, OWN, {"id": encode_global_id("Student", other.id), "diag": False}, headers
    )
    assert theirs["node"] is None


async def test_results_of_thousands_of_keys_are_one_statement(
    services: Services, make_user: Any, count_statements: Any
) -> None:
    # 4,000 students x (latest, history), every module of each: one batch, one statement
    from resolvers.loaders.ielts import ModuleResultsByStudentIdLoader

    loader = ModuleResultsByStudentIdLoader(services.sessionmaker, include_diagnostics=False)
    keys = [(student, limit) for student in range(1, 4001) for limit in (1, 10)]
    with count_statements() as counter:
        found = await loader.load_many(keys)
    assert len(found) == 8000 and all(results == {} for results in found)
    assert counter.count == 1
