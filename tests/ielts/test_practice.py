"""Practice tests and sessions, essays and speaking sessions through GraphQL: happy paths, every
userError code, permission denials."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.people import Role, User
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.graphql import error_codes, gql_ok, post_graphql, user_errors
from tests.ielts import factories

TEST_CREATE = """
mutation($input: IeltsTestCreateInput!) {
  ieltsTestCreate(input: $input) {
    test { id title module variant questionCount hasOwnConversionTable }
    userErrors { field message code }
  }
}
"""
LISTENING_START = """
mutation($input: PracticeSessionStartInput!) {
  listeningSessionStart(input: $input) {
    session { id submitted diagnostic testTitle }
    userErrors { field message code }
  }
}
"""
READING_START = """
mutation($input: PracticeSessionStartInput!) {
  readingSessionStart(input: $input) {
    session { id completed testTitle }
    userErrors { field message code }
  }
}
"""
LISTENING_SUBMIT = """
mutation($input: ListeningSessionSubmitInput!) {
  listeningSessionSubmit(input: $input) {
    session { id submitted rawScore bandScore completedAt answers { questionId answer flagged } }
    userErrors { field message code }
  }
}
"""
READING_SUBMIT = """
mutation($input: ReadingSessionSubmitInput!) {
  readingSessionSubmit(input: $input) {
    session { id completed rawScore bandScore answers }
    userErrors { field message code }
  }
}
"""
LISTENING_GRADE = """
mutation($input: PracticeSessionGradeInput!) {
  listeningSessionGrade(input: $input) {
    session { rawScore bandScore }
    userErrors { field message code }
  }
}
"""
READING_GRADE = """
mutation($input: PracticeSessionGradeInput!) {
  readingSessionGrade(input: $input) {
    session { rawScore bandScore }
    userErrors { field message code }
  }
}
"""
ESSAY_START = """
mutation($input: EssayStartInput!) {
  essayStart(input: $input) { essay { id taskType submittedAt } userErrors { field code } }
}
"""
ESSAY_SUBMIT = """
mutation($input: EssaySubmitInput!) {
  essaySubmit(input: $input) {
    essay { id submittedAt submittedText } userErrors { field message code }
  }
}
"""
ESSAY_GRADE = """
mutation($input: EssayGradeInput!) {
  essayGrade(input: $input) {
    essay {
      overallBand
      teacherFeedback { published teacherOverallScore comment criteria { taskAchievement } }
    }
    userErrors { field message code }
  }
}
"""
SPEAKING_START = """
mutation($input: SpeakingSessionStartInput!) {
  speakingSessionStart(input: $input) {
    session { id completed conductedAt student { databaseId } } userErrors { field code }
  }
}
"""
SPEAKING_GRADE = """
mutation($input: SpeakingSessionGradeInput!) {
  speakingSessionGrade(input: $input) {
    session { completed overallBandScore } userErrors { field message code }
  }
}
"""
MY_ESSAY = """
query($id: ID!) {
  node(id: $id) {
    ... on Essay { overallBand teacherFeedback { published teacherOverallScore } }
  }
}
"""


def gid(type_name: str, database_id: int) -> str:
    return encode_global_id(type_name, database_id)


async def hand_in_everything(
    client: httpx.AsyncClient, services: Services, make_user: Any
) -> tuple[User, dict[str, str]]:
    """A student who handed in a listening session, a reading session and an essay."""
    from tests.conftest import PASSWORD  # noqa: F401  (the student logs in like anyone)

    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "handin@test.com", code="H1")
    headers = await _login(client, student)
    listening = await factories.practice_test(services, "LISTENING", "Listening Practice 01")
    reading = await factories.practice_test(services, "READING", "Reading Practice 01")
    started = await gql_ok(
        client, LISTENING_START, {"input": {"testId": gid("IeltsTest", listening.id)}}, headers
    )
    session_id = started["listeningSessionStart"]["session"]["id"]
    await gql_ok(
        client,
        LISTENING_SUBMIT,
        {
            "input": {
                "sessionId": session_id,
                "answers": [
                    {"questionId": "1", "answer": "A", "flagged": True},
                    {"questionId": "2", "answer": "B"},
                ],
            }
        },
        headers,
    )
    started = await gql_ok(
        client, READING_START, {"input": {"testId": gid("IeltsTest", reading.id)}}, headers
    )
    await gql_ok(
        client,
        READING_SUBMIT,
        {
            "input": {
                "sessionId": started["readingSessionStart"]["session"]["id"],
                "answers": {"1": "TRUE", "2": "FALSE"},
            }
        },
        headers,
    )
    essay = await gql_ok(client, ESSAY_START, {"input": {"taskType": "TASK2"}}, headers)
    await gql_ok(
        client,
        ESSAY_SUBMIT,
        {"input": {"essayId": essay["essayStart"]["essay"]["id"], "text": "Some people think..."}},
        headers,
    )
    return student, headers


async def _login(client: httpx.AsyncClient, user: User) -> dict[str, str]:
    response = await client.post(
        "/api/v1/login/", json={"username": user.username, "password": "password123"}
    )
    return {"Authorization": f"Bearer {response.json()['tokens']['access']}"}


# ---------------------------------------------------------------------------------------------
# practice tests


async def test_staff_create_practice_tests(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    teacher = await make_user(Role.TEACHER)
    headers = await login_headers(teacher)
    data = await gql_ok(
        client,
        TEST_CREATE,
        {
            "input": {
                "module": "READING",
                "title": "Reading GT 01",
                "variant": "GENERAL_TRAINING",
                "answerKey": {"1": "A", "2": ["carbon dioxide", "CO2"]},
                "conversionTable": [[2, 9.0], [1, 5.0], [0, 0]],
            }
        },
        headers,
    )
    test = data["ieltsTestCreate"]["test"]
    assert test["module"] == "READING" and test["variant"] == "GENERAL_TRAINING"
    assert test["questionCount"] == 2 and test["hasOwnConversionTable"] is True


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"title": "  "}, "title", "BLANK"),
        ({"title": "x" * 256}, "title", "TOO_LONG"),
        ({"answerKey": []}, "answerKey", "INVALID"),
        ({"answerKey": {"1": ""}}, "answerKey", "INVALID"),
        ({"conversionTable": [[10, 5.0], [20, 6.0]]}, "conversionTable", "INVALID"),
        ({"conversionTable": [[10, 9.7]]}, "conversionTable", "INVALID"),
    ],
)
async def test_practice_test_input_errors(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    changes: dict[str, Any],
    field: str,
    code: str,
) -> None:
    headers = await login_headers(await make_user(Role.TEACHER))
    values = {"module": "LISTENING", "title": "L1", "answerKey": {"1": "A"}, **changes}
    errors = user_errors(
        await post_graphql(client, TEST_CREATE, {"input": values}, headers), "ieltsTestCreate"
    )
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]


async def test_students_cannot_create_practice_tests(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.STUDENT))
    values = {"module": "LISTENING", "title": "L1", "answerKey": {"1": "A"}}
    result = await post_graphql(client, TEST_CREATE, {"input": values}, headers)
    assert error_codes(result) == ["FORBIDDEN"]
    assert error_codes(await post_graphql(client, TEST_CREATE, {"input": values})) == [
        "UNAUTHENTICATED"
    ]


# ---------------------------------------------------------------------------------------------
# listening and reading sessions


async def test_listening_session_is_scored_from_the_key_and_the_published_table(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    # given: a student and a 40-question test whose answers are all "A"
    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "l@test.com")
    headers = await login_headers(student)
    test = await factories.practice_test(services, "LISTENING", "Listening Practice 05")
    started = await gql_ok(
        client,
        LISTENING_START,
        {"input": {"testId": gid("IeltsTest", test.id), "diagnostic": True}},
        headers,
    )
    session = started["listeningSessionStart"]["session"]
    assert session["submitted"] is False and session["diagnostic"] is True
    assert session["testTitle"] == "Listening Practice 05"
    # when: 32 right answers (any case, extra spaces), 8 wrong
    answers = [{"questionId": str(i), "answer": " a " if i <= 32 else "B"} for i in range(1, 41)]
    data = await gql_ok(
        client,
        LISTENING_SUBMIT,
        {"input": {"sessionId": session["id"], "answers": answers}},
        headers,
    )
    # then: 32 is band 7.5 in the listening table
    submitted = data["listeningSessionSubmit"]["session"]
    assert submitted["submitted"] is True and submitted["completedAt"]
    assert (submitted["rawScore"], submitted["bandScore"]) == (32, 7.5)
    assert submitted["answers"][0] == {"questionId": "1", "answer": " a ", "flagged": False}
    # a second hand-in is refused, and the first answers stay
    again = await post_graphql(
        client, LISTENING_SUBMIT, {"input": {"sessionId": session["id"], "answers": []}}, headers
    )
    assert [e["code"] for e in user_errors(again, "listeningSessionSubmit")] == [
        "ALREADY_SUBMITTED"
    ]


async def test_reading_uses_the_variant_or_the_tests_own_table(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    c = await factories.center(services, make_user)
    headers = await login_headers(await factories.student(make_user, c, "r@test.com"))
    academic = await factories.practice_test(services, "READING", "AC")
    general = await factories.practice_test(services, "READING", "GT", variant="GENERAL_TRAINING")
    own = await factories.practice_test(
        services, "READING", "Own", conversion=[[30, "8.0"], [0, "1.0"]]
    )
    answers = {str(i): "true" if i <= 30 else "x" for i in range(1, 41)}
    bands = []
    for test in (academic, general, own):
        started = await gql_ok(
            client, READING_START, {"input": {"testId": gid("IeltsTest", test.id)}}, headers
        )
        data = await gql_ok(
            client,
            READING_SUBMIT,
            {
                "input": {
                    "sessionId": started["readingSessionStart"]["session"]["id"],
                    "answers": answers,
                }
            },
            headers,
        )
        submitted = data["readingSessionSubmit"]["session"]
        assert submitted["rawScore"] == 30 and submitted["answers"]["1"] == "true"
        bands.append(submitted["bandScore"])
    # 30/40: academic 7.0, general training 6.0, the test's own table 8.0
    assert bands == [7.0, 6.0, 8.0]


async def test_practice_session_errors_and_refusals(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "e@test.com")
    other = await factories.student(make_user, c, "o@test.com", code="O1")
    headers = await login_headers(student)
    listening = await factories.practice_test(services, "LISTENING", "L")
    reading = await factories.practice_test(services, "READING", "R")
    # a reading test is not a listening test
    wrong_kind = await post_graphql(
        client, LISTENING_START, {"input": {"testId": gid("IeltsTest", reading.id)}}, headers
    )
    assert [(e["field"], e["code"]) for e in user_errors(wrong_kind, "listeningSessionStart")] == [
        ("testId", "DOES_NOT_EXIST")
    ]
    bad_id = await post_graphql(client, LISTENING_START, {"input": {"testId": "nope"}}, headers)
    assert [e["code"] for e in user_errors(bad_id, "listeningSessionStart")] == ["INVALID_ID"]
    # a student cannot start a session for another student
    for_other = await post_graphql(
        client,
        LISTENING_START,
        {
            "input": {
                "testId": gid("IeltsTest", listening.id),
                "studentId": gid("Student", other.id),
            }
        },
        headers,
    )
    assert error_codes(for_other) == ["FORBIDDEN"]
    # staff must say for whom, and it must be a student
    teacher_headers = await login_headers(c.teacher)
    no_student = await post_graphql(
        client,
        LISTENING_START,
        {"input": {"testId": gid("IeltsTest", listening.id)}},
        teacher_headers,
    )
    assert [(e["field"], e["code"]) for e in user_errors(no_student, "listeningSessionStart")] == [
        ("studentId", "REQUIRED")
    ]
    not_student = await post_graphql(
        client,
        LISTENING_START,
        {
            "input": {
                "testId": gid("IeltsTest", listening.id),
                "studentId": gid("Student", c.teacher.id),
            }
        },
        teacher_headers,
    )
    assert [e["code"] for e in user_errors(not_student, "listeningSessionStart")] == [
        "DOES_NOT_EXIST"
    ]
    started = await gql_ok(
        client,
        LISTENING_START,
        {
            "input": {
                "testId": gid("IeltsTest", listening.id),
                "studentId": gid("Student", student.id),
            }
        },
        teacher_headers,
    )
    session_id = started["listeningSessionStart"]["session"]["id"]
    # only the student hands it in; another student does not even see it
    teacher_submit = await post_graphql(
        client,
        LISTENING_SUBMIT,
        {"input": {"sessionId": session_id, "answers": []}},
        teacher_headers,
    )
    assert error_codes(teacher_submit) == ["FORBIDDEN"]
    other_submit = await post_graphql(
        client,
        LISTENING_SUBMIT,
        {"input": {"sessionId": session_id, "answers": []}},
        await login_headers(other),
    )
    assert [e["code"] for e in user_errors(other_submit, "listeningSessionSubmit")] == ["NOT_FOUND"]
    blank = await post_graphql(
        client,
        LISTENING_SUBMIT,
        {"input": {"sessionId": session_id, "answers": [{"questionId": " "}]}},
        headers,
    )
    assert [e["code"] for e in user_errors(blank, "listeningSessionSubmit")] == ["REQUIRED"]
    twice = await post_graphql(
        client,
        LISTENING_SUBMIT,
        {"input": {"sessionId": session_id, "answers": [{"questionId": "1"}, {"questionId": "1"}]}},
        headers,
    )
    assert [e["code"] for e in user_errors(twice, "listeningSessionSubmit")] == ["INVALID"]
    not_map = await post_graphql(
        client,
        READING_SUBMIT,
        {"input": {"sessionId": gid("ReadingSession", 1), "answers": ["A"]}},
        headers,
    )
    assert [e["code"] for e in user_errors(not_map, "readingSessionSubmit")] == ["INVALID"]
    anonymous = await post_graphql(
        client, LISTENING_START, {"input": {"testId": gid("IeltsTest", listening.id)}}
    )
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_staff_correct_a_practice_score(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "g@test.com")
    headers = await login_headers(student)
    test = await factories.practice_test(services, "LISTENING", "L")
    started = await gql_ok(
        client, LISTENING_START, {"input": {"testId": gid("IeltsTest", test.id)}}, headers
    )
    session_id = started["listeningSessionStart"]["session"]["id"]
    teacher = await login_headers(c.teacher)
    early = await post_graphql(
        client, LISTENING_GRADE, {"input": {"sessionId": session_id, "rawScore": 30}}, teacher
    )
    assert [e["code"] for e in user_errors(early, "listeningSessionGrade")] == ["NOT_SUBMITTED"]
    await gql_ok(
        client, LISTENING_SUBMIT, {"input": {"sessionId": session_id, "answers": []}}, headers
    )
    graded = await gql_ok(
        client, LISTENING_GRADE, {"input": {"sessionId": session_id, "rawScore": 30}}, teacher
    )
    assert graded["listeningSessionGrade"]["session"] == {"rawScore": 30, "bandScore": 7.0}
    graded = await gql_ok(
        client, LISTENING_GRADE, {"input": {"sessionId": session_id, "band": 6.5}}, teacher
    )
    assert graded["listeningSessionGrade"]["session"]["bandScore"] == 6.5
    for values, field, code in (
        ({}, "rawScore", "REQUIRED"),
        ({"rawScore": -1}, "rawScore", "OUT_OF_RANGE"),
        ({"band": 6.3}, "band", "BAND_STEP"),
        ({"band": 9.5}, "band", "OUT_OF_RANGE"),
    ):
        result = await post_graphql(
            client, LISTENING_GRADE, {"input": {"sessionId": session_id, **values}}, teacher
        )
        assert [(e["field"], e["code"]) for e in user_errors(result, "listeningSessionGrade")] == [
            (field, code)
        ]
    wrong_type = await post_graphql(
        client, READING_GRADE, {"input": {"sessionId": session_id, "band": 6.0}}, teacher
    )
    assert [e["code"] for e in user_errors(wrong_type, "readingSessionGrade")] == ["INVALID_ID"]
    refused = await post_graphql(
        client, LISTENING_GRADE, {"input": {"sessionId": session_id, "band": 9.0}}, headers
    )
    assert error_codes(refused) == ["FORBIDDEN"]


# ---------------------------------------------------------------------------------------------
# essays


async def test_essay_start_submit_grade_and_publish(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "w@test.com")
    headers = await login_headers(student)
    teacher = await login_headers(c.teacher)
    started = await gql_ok(client, ESSAY_START, {"input": {"taskType": "TASK1"}}, headers)
    essay = started["essayStart"]["essay"]
    assert essay["taskType"] == "TASK1" and essay["submittedAt"] is None
    early = await post_graphql(
        client, ESSAY_GRADE, {"input": {"essayId": essay["id"], "overallScore": 6.0}}, teacher
    )
    assert [e["code"] for e in user_errors(early, "essayGrade")] == ["NOT_SUBMITTED"]
    blank = await post_graphql(
        client, ESSAY_SUBMIT, {"input": {"essayId": essay["id"], "text": "  "}}, headers
    )
    assert [(e["field"], e["code"]) for e in user_errors(blank, "essaySubmit")] == [
        ("text", "REQUIRED")
    ]
    submitted = await gql_ok(
        client,
        ESSAY_SUBMIT,
        {"input": {"essayId": essay["id"], "text": "The chart shows"}},
        headers,
    )
    assert submitted["essaySubmit"]["essay"]["submittedText"] == "The chart shows"
    again = await post_graphql(
        client, ESSAY_SUBMIT, {"input": {"essayId": essay["id"], "text": "Another"}}, headers
    )
    assert [e["code"] for e in user_errors(again, "essaySubmit")] == ["ALREADY_SUBMITTED"]
    # graded, not yet published: the student does not see the feedback
    grade = {
        "essayId": essay["id"],
        "overallScore": 6.5,
        "criteria": {"taskAchievement": 6.0},
        "comment": "Good structure",
    }
    graded = await gql_ok(client, ESSAY_GRADE, {"input": grade}, teacher)
    assert graded["essayGrade"]["essay"] == {
        "overallBand": 6.5,
        "teacherFeedback": {
            "published": False,
            "teacherOverallScore": 6.5,
            "comment": "Good structure",
            "criteria": {"taskAchievement": 6.0},
        },
    }
    mine = await gql_ok(client, MY_ESSAY, {"id": essay["id"]}, headers)
    assert mine["node"]["teacherFeedback"] is None
    await gql_ok(client, ESSAY_GRADE, {"input": {**grade, "published": True}}, teacher)
    mine = await gql_ok(client, MY_ESSAY, {"id": essay["id"]}, headers)
    assert mine["node"]["teacherFeedback"] == {"published": True, "teacherOverallScore": 6.5}
    bad = await post_graphql(
        client,
        ESSAY_GRADE,
        {
            "input": {
                "essayId": essay["id"],
                "overallScore": 6.5,
                "criteria": {"lexicalResource": 10},
            }
        },
        teacher,
    )
    assert [(e["field"], e["code"]) for e in user_errors(bad, "essayGrade")] == [
        ("criteria.lexicalResource", "OUT_OF_RANGE")
    ]
    assert error_codes(await post_graphql(client, ESSAY_GRADE, {"input": grade}, headers)) == [
        "FORBIDDEN"
    ]
    mock_type = await post_graphql(client, ESSAY_START, {"input": {"taskType": "MOCK"}}, headers)
    assert [e["code"] for e in user_errors(mock_type, "essayStart")] == ["INVALID_CHOICE"]
    assert error_codes(
        await post_graphql(client, ESSAY_START, {"input": {"taskType": "TASK1"}})
    ) == ["UNAUTHENTICATED"]


# ---------------------------------------------------------------------------------------------
# speaking


async def test_speaking_session_conducted_and_graded_by_staff(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    c = await factories.center(services, make_user)
    student = await factories.student(make_user, c, "s@test.com")
    teacher = await login_headers(c.teacher)
    started = await gql_ok(
        client,
        SPEAKING_START,
        {"input": {"studentId": gid("Student", student.id), "conductedAt": "2026-01-15T18:00:00Z"}},
        teacher,
    )
    session = started["speakingSessionStart"]["session"]
    assert session["completed"] is False and session["student"]["databaseId"] == student.id
    assert session["conductedAt"].startswith("2026-01-15T18:00:00")
    step = await post_graphql(
        client, SPEAKING_GRADE, {"input": {"sessionId": session["id"], "band": 6.25}}, teacher
    )
    assert [e["code"] for e in user_errors(step, "speakingSessionGrade")] == ["BAND_STEP"]
    graded = await gql_ok(
        client, SPEAKING_GRADE, {"input": {"sessionId": session["id"], "band": 6.5}}, teacher
    )
    assert graded["speakingSessionGrade"]["session"] == {"completed": True, "overallBandScore": 6.5}
    missing = await post_graphql(
        client,
        SPEAKING_GRADE,
        {"input": {"sessionId": gid("SpeakingSession", 999), "band": 6}},
        teacher,
    )
    assert [e["code"] for e in user_errors(missing, "speakingSessionGrade")] == ["NOT_FOUND"]
    student_headers = await login_headers(student)
    assert error_codes(
        await post_graphql(
            client,
            SPEAKING_GRADE,
            {"input": {"sessionId": session["id"], "band": 9}},
            student_headers,
        )
    ) == ["FORBIDDEN"]
    # a student may start their own
    own = await gql_ok(client, SPEAKING_START, {"input": {"diagnostic": True}}, student_headers)
    assert own["speakingSessionStart"]["userErrors"] == []
