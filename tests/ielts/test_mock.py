"""Mock tests, timed sessions, answers and scores through GraphQL: happy paths, every userError
code, permission denials, the deadline with a controllable clock, constant statement counts."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.graphql import error_codes, gql_ok, post_graphql, user_errors
from tests.ielts import factories

TEST_CREATE = """
mutation($input: MockTestCreateInput!) {
  mockTestCreate(input: $input) {
    test {
      id uuid title code totalDuration createdBy { username }
      reading { file duration questionCount hasAnswerKey }
      listening { audioFile questionFile duration hasAnswerKey }
    }
    userErrors { field message code }
  }
}
"""
TEST_DELETE = """
mutation($id: ID!) {
  mockTestDelete(input: {id: $id}) { deletedMockTestId userErrors { field code } }
}
"""
START = """
mutation($test: ID!, $code: String!) {
  mockSessionStart(input: {testId: $test, code: $code}) {
    session { id uuid isCompleted isFinished endedAt deadline startedAt test { title } }
    userErrors { field message code }
  }
}
"""
FINISH = """
mutation($id: ID!) {
  mockSessionFinish(input: {id: $id}) {
    session { isCompleted isFinished endedAt } userErrors { field message code }
  }
}
"""
ANSWER = """
mutation($input: MockAnswerCreateInput!) {
  mockAnswerCreate(input: $input) { session { id } userErrors { field message code } }
}
"""
SCORE = """
mutation($input: MockScoreCreateInput!) {
  mockScoreCreate(input: $input) {
    score {
      id listening reading writing speaking overall
      session { isFinished } createdBy { username }
    }
    userErrors { field message code }
  }
}
"""
SCORE_UPDATE = """
mutation($input: MockScoreUpdateInput!) {
  mockScoreUpdate(input: $input) { score { overall writing } userErrors { field message code } }
}
"""
SESSION = """
query($id: ID!) {
  node(id: $id) {
    ... on MockSession {
      isCompleted endedAt
      answers { reading listening writing { taskNumber text } readingRawScore }
    }
  }
}
"""
SESSIONS = """
{
  mockSessions(first: 100) {
    totalCount
    nodes { uuid isCompleted student { fullName group { name } } test { title reading { file } }
            score { overall createdBy { username } } }
  }
}
"""
TESTS = "{ mockTests(first: 10) { nodes { title code createdBy { username } writing { file } } } }"


def b64(content: bytes) -> dict[str, str]:
    return {"filename": "f.pdf", "contentBase64": base64.b64encode(content).decode()}


def create_input(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "IELTS Mock Test #1",
        "reading": {
            "file": b64(b"%PDF r"),
            "duration": 60,
            "questionCount": 40,
            "answerKey": {"1": "A"},
        },
        "writing": {"file": b64(b"%PDF w"), "duration": 60, "questionCount": 2},
        "listening": {
            "audioFile": b64(b"ID3"),
            "questionFile": b64(b"%PDF q"),
            "duration": 30,
            "questionCount": 40,
        },
    }
    values.update(changes)
    return values


def gid(type_name: str, database_id: int) -> str:
    return encode_global_id(type_name, database_id)


@pytest.fixture
async def people(make_user: Any, login_headers: Any, services: Services) -> dict[str, Any]:
    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "mock@test.com")
    other = await factories.student(make_user, c, "mock2@test.com", code="M2")
    return {
        "center": c,
        "student": student,
        "teacher_h": await login_headers(c.teacher),
        "student_h": await login_headers(student),
        "other_h": await login_headers(other),
    }


async def test_mock_test_create_and_delete(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    data = await gql_ok(client, TEST_CREATE, {"input": create_input()}, people["teacher_h"])
    test = data["mockTestCreate"]["test"]
    assert test["totalDuration"] == 150 and len(test["code"]) == 6
    assert test["createdBy"]["username"] == people["center"].teacher.username
    assert test["reading"]["hasAnswerKey"] is True and test["listening"]["hasAnswerKey"] is False
    assert (await client.get(test["reading"]["file"])).content == b"%PDF r"
    listed = await gql_ok(client, TESTS, None, people["student_h"])
    assert listed["mockTests"]["nodes"][0]["code"] is None  # students type the code in
    deleted = await gql_ok(client, TEST_DELETE, {"id": test["id"]}, people["teacher_h"])
    assert deleted["mockTestDelete"] == {"deletedMockTestId": test["id"], "userErrors": []}
    assert (await client.get(test["reading"]["file"])).status_code == 404
    again = await post_graphql(client, TEST_DELETE, {"id": test["id"]}, people["teacher_h"])
    assert [e["code"] for e in user_errors(again, "mockTestDelete")] == ["NOT_FOUND"]
    bad = await post_graphql(client, TEST_DELETE, {"id": gid("Essay", 1)}, people["teacher_h"])
    assert [e["code"] for e in user_errors(bad, "mockTestDelete")] == ["INVALID_ID"]
    refused = await post_graphql(client, TEST_DELETE, {"id": test["id"]}, people["student_h"])
    assert error_codes(refused) == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": " "}, [("title", "BLANK")]),
        ({"title": "x" * 256}, [("title", "TOO_LONG")]),
        (
            {"writing": {"file": b64(b""), "duration": 0, "questionCount": 2}},
            [("writing.file", "INVALID"), ("writing.duration", "OUT_OF_RANGE")],
        ),
        (
            {
                "writing": {
                    "file": {"filename": "x", "contentBase64": "!!"},
                    "duration": 1,
                    "questionCount": 1,
                }
            },
            [("writing.file", "INVALID")],
        ),
        (
            {
                "reading": {
                    "file": b64(b"r"),
                    "duration": 60,
                    "questionCount": 40,
                    "answerKey": [1],
                }
            },
            [("reading.answerKey", "INVALID")],
        ),
    ],
)
async def test_mock_test_create_errors(
    client: httpx.AsyncClient,
    people: dict[str, Any],
    changes: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    result = await post_graphql(
        client, TEST_CREATE, {"input": create_input(**changes)}, people["teacher_h"]
    )
    assert [(e["field"], e["code"]) for e in user_errors(result, "mockTestCreate")] == expected


async def test_mock_test_create_refused_to_students(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    result = await post_graphql(client, TEST_CREATE, {"input": create_input()}, people["student_h"])
    assert error_codes(result) == ["FORBIDDEN"]


async def test_session_runs_out_of_time_by_itself(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any], clock: Any
) -> None:
    test = await factories.mock_test(services, None, durations=(10, 10, 10))
    h = people["student_h"]
    started = await gql_ok(client, START, {"test": gid("MockTest", test.id), "code": "mk1001"}, h)
    session = started["mockSessionStart"]["session"]
    assert session["isCompleted"] is False and session["endedAt"] is None
    assert session["test"] == {"title": "IELTS Mock Test #1"}
    answer = {"sessionId": session["id"], "part": "READING", "answers": {"1": "A"}}
    assert (await gql_ok(client, ANSWER, {"input": answer}, h))["mockAnswerCreate"][
        "userErrors"
    ] == []
    clock.advance(minutes=30)
    late = await post_graphql(client, ANSWER, {"input": {**answer, "part": "LISTENING"}}, h)
    assert [(e["code"], e["message"]) for e in user_errors(late, "mockAnswerCreate")] == [
        ("SESSION_COMPLETED", "Bu session allaqachon yakunlangan.")
    ]
    now = await gql_ok(client, SESSION, {"id": session["id"]}, people["teacher_h"])
    assert now["node"]["isCompleted"] is True and now["node"]["endedAt"] == session["deadline"]
    assert now["node"]["answers"]["reading"] == {"1": "A"}
    assert now["node"]["answers"]["listening"] is None
    finish = await post_graphql(client, FINISH, {"id": session["id"]}, h)
    assert [e["code"] for e in user_errors(finish, "mockSessionFinish")] == ["SESSION_COMPLETED"]


async def test_session_start_errors(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, None)
    h = people["student_h"]
    test_id = gid("MockTest", test.id)
    wrong = await post_graphql(client, START, {"test": test_id, "code": "ZZZZZZ"}, h)
    assert [(e["code"], e["message"]) for e in user_errors(wrong, "mockSessionStart")] == [
        ("WRONG_CODE", "Test kodi noto'g'ri.")
    ]
    blank = await post_graphql(client, START, {"test": test_id, "code": " "}, h)
    assert [(e["field"], e["code"]) for e in user_errors(blank, "mockSessionStart")] == [
        ("code", "BLANK")
    ]
    missing = await post_graphql(client, START, {"test": gid("MockTest", 999), "code": "MK1001"}, h)
    assert [(e["field"], e["code"]) for e in user_errors(missing, "mockSessionStart")] == [
        ("testId", "DOES_NOT_EXIST")
    ]
    bad = await post_graphql(client, START, {"test": "x", "code": "MK1001"}, h)
    assert [e["code"] for e in user_errors(bad, "mockSessionStart")] == ["INVALID_ID"]
    await gql_ok(client, START, {"test": test_id, "code": "MK1001"}, h)
    twice = await post_graphql(client, START, {"test": test_id, "code": "MK1001"}, h)
    assert [e["code"] for e in user_errors(twice, "mockSessionStart")] == ["ACTIVE_SESSION_EXISTS"]
    assert error_codes(await post_graphql(client, START, {"test": test_id, "code": "MK1001"})) == [
        "UNAUTHENTICATED"
    ]


async def test_answers_finish_and_scores(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, None, answer_keys=True)
    h, staff = people["student_h"], people["teacher_h"]
    session = (
        await gql_ok(client, START, {"test": gid("MockTest", test.id), "code": "MK1001"}, h)
    )["mockSessionStart"]["session"]
    sid = session["id"]

    async def answer(values: dict[str, Any], headers: dict[str, str] = h) -> list[Any]:
        result = await post_graphql(
            client, ANSWER, {"input": {"sessionId": sid, **values}}, headers
        )
        return [(e["field"], e["code"]) for e in user_errors(result, "mockAnswerCreate")]

    assert await answer({"part": "READING", "answers": {"1": "a", "2": "oxygen"}}) == []
    assert await answer({"part": "READING", "answers": {"1": "B"}}) == [("sessionId", "UNIQUE")]
    assert await answer({"part": "LISTENING"}) == [("answers", "REQUIRED")]
    assert await answer({"part": "WRITING", "taskNumber": 3}) == [("taskNumber", "INVALID_CHOICE")]
    assert await answer({"part": "WRITING", "taskNumber": 1, "text": "Essay"}) == []
    assert await answer({"part": "WRITING", "taskNumber": 1, "text": "Again"}) == [(None, "UNIQUE")]
    assert await answer({"part": "LISTENING", "answers": {"1": "C"}}, people["other_h"]) == [
        ("sessionId", "DOES_NOT_EXIST")
    ]
    early = await post_graphql(
        client,
        SCORE,
        {"input": {"sessionId": sid, "listening": 7, "reading": 7, "writing": 7, "speaking": 7}},
        staff,
    )
    assert [e["code"] for e in user_errors(early, "mockScoreCreate")] == ["SESSION_NOT_COMPLETED"]
    not_mine = await post_graphql(client, FINISH, {"id": sid}, people["other_h"])
    assert [e["code"] for e in user_errors(not_mine, "mockSessionFinish")] == ["NOT_FOUND"]
    finished = await gql_ok(client, FINISH, {"id": sid}, h)
    assert finished["mockSessionFinish"]["session"]["isCompleted"] is True
    seen = await gql_ok(client, SESSION, {"id": sid}, staff)
    assert seen["node"]["answers"]["readingRawScore"] == 1
    assert seen["node"]["answers"]["writing"] == [{"taskNumber": 1, "text": "Essay"}]
    assert error_codes(await post_graphql(client, SESSION, {"id": sid}, h)) == ["FORBIDDEN"]
    bands = {"listening": 7.5, "reading": 8.0, "writing": 7.0, "speaking": 6.5}
    for values, expected in (
        ({**bands, "listening": 9.5}, [("listening", "OUT_OF_RANGE")]),
        ({**bands, "reading": 7.2}, [("reading", "BAND_STEP")]),
    ):
        result = await post_graphql(client, SCORE, {"input": {"sessionId": sid, **values}}, staff)
        assert [(e["field"], e["code"]) for e in user_errors(result, "mockScoreCreate")] == expected
    refused = await post_graphql(client, SCORE, {"input": {"sessionId": sid, **bands}}, h)
    assert error_codes(refused) == ["FORBIDDEN"]
    scored = await gql_ok(client, SCORE, {"input": {"sessionId": sid, **bands}}, staff)
    score = scored["mockScoreCreate"]["score"]
    assert score["overall"] == 7.5 and score["session"] == {"isFinished": True}
    twice = await post_graphql(client, SCORE, {"input": {"sessionId": sid, **bands}}, staff)
    assert [(e["field"], e["code"]) for e in user_errors(twice, "mockScoreCreate")] == [
        ("sessionId", "UNIQUE")
    ]
    updated = await gql_ok(
        client, SCORE_UPDATE, {"input": {"id": score["id"], "writing": 9.0}}, staff
    )
    # (7.5 + 8 + 9 + 6.5) / 4 = 7.75 -> 8.0
    assert updated["mockScoreUpdate"]["score"] == {"overall": 8.0, "writing": 9.0}
    for values, code in (
        ({"id": gid("MockScore", 999)}, "NOT_FOUND"),
        ({"id": score["id"], "writing": 6.1}, "BAND_STEP"),
    ):
        result = await post_graphql(client, SCORE_UPDATE, {"input": values}, staff)
        assert [e["code"] for e in user_errors(result, "mockScoreUpdate")] == [code]
    assert error_codes(
        await post_graphql(client, SCORE_UPDATE, {"input": {"id": score["id"]}}, h)
    ) == ["FORBIDDEN"]


async def test_mock_sessions_list_costs_the_same_for_5_and_50(
    client: httpx.AsyncClient,
    services: Services,
    people: dict[str, Any],
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    test = await factories.mock_test(services, people["center"].teacher.id)
    staff = people["teacher_h"]
    counts = []
    for n in (5, 45):
        for _ in range(n):
            student = await factories.student(make_user, people["center"], None, code=None)
            headers = await login_headers(student)
            sid = (
                await gql_ok(
                    client, START, {"test": gid("MockTest", test.id), "code": "MK1001"}, headers
                )
            )["mockSessionStart"]["session"]["id"]
            await gql_ok(client, FINISH, {"id": sid}, headers)
            await gql_ok(
                client,
                SCORE,
                {
                    "input": {
                        "sessionId": sid,
                        "listening": 6,
                        "reading": 6,
                        "writing": 6,
                        "speaking": 6,
                    }
                },
                staff,
            )
        with count_statements() as counter:
            data = await gql_ok(client, SESSIONS, None, staff)
        nodes = data["mockSessions"]["nodes"]
        assert all(n["score"]["overall"] == 6.0 and n["test"]["reading"]["file"] for n in nodes)
        counts.append(counter.count)
    assert len(nodes) == 50
    assert counts[0] == counts[1], counts
    # a student sees only their own sessions
    mine = await gql_ok(client, SESSIONS, None, people["student_h"])
    assert mine["mockSessions"]["totalCount"] == 0
