"""IELTS batch dialect (seed 000): the seed's requests replayed; keys, value types, status codes
and the error envelope checked, with Firebase ID tokens from the emulator and our own JWTs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from models.db import write_session
from models.people import Role
from resolvers.context import Services
from tests.firebase_emulator import FirebaseEmulator
from tests.ielts import factories

PROFILES = "/api/batch/students/profiles/"
LATEST = "/api/batch/students/latest-test-details/"
RESULTS = "/api/batch/students/test-results/"
T0 = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def fb_email() -> str:
    return f"batch-{uuid.uuid4().hex[:10]}@example.com"


@pytest.fixture
def curator_token(firebase: FirebaseEmulator) -> dict[str, str]:
    _, token = firebase.user(fb_email(), role="curator")
    return bearer(token)


async def seeded(services: Services, make_user: Any) -> tuple[factories.Center, Any]:
    """Seed 000's student1 with a history in every module; student2 does not exist."""
    c = await factories.center(services, make_user)
    s = await factories.student(make_user, c, "student1@test.com")
    listening = await factories.practice_test(services, "LISTENING", "Listening Practice 05")
    reading = await factories.practice_test(services, "READING", "Reading Practice 04")
    await factories.results(
        services, [s.id], "LISTENING", 3, bank_id=listening.id, start=T0, band="7.0"
    )
    await factories.results(services, [s.id], "READING", 2, bank_id=reading.id, start=T0)
    await factories.results(
        services,
        [s.id],
        "WRITING",
        2,
        start=T0,
        result={"teacher_feedback": {"published": True, "overall_score": "6.5"}},
    )
    await factories.results(services, [s.id], "SPEAKING", 1, start=T0)
    # a later diagnostic listening attempt: left out unless includeDiagnostics
    await factories.results(
        services,
        [s.id],
        "LISTENING",
        1,
        bank_id=listening.id,
        start=datetime(2026, 2, 1, tzinfo=UTC),
        band="4.0",
        diagnostic=True,
    )
    return c, s


async def test_profiles_answer_as_the_seed_shows(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    # given
    c, _ = await seeded(services, make_user)
    # when: the seed's request
    response = await client.post(
        PROFILES,
        json={"emails": ["student1@test.com", "student2@test.com"], "limit": 10},
        headers=curator_token,
    )
    # then
    assert response.status_code == 200
    assert response.json() == {
        "total": 2,
        "processed": 2,
        "limit": 10,
        "results": [
            {
                "email": "student1@test.com",
                "data": {
                    "fullName": "Aruzhan Bek",
                    "firstName": "Aruzhan",
                    "lastName": "Bek",
                    "studentId": "2024001",
                    "email": "student1@test.com",
                    "group": "IELTS Evening A1",
                    "teacher": "John Doe",
                    "curatorId": "CUR-12",
                    "status": "Active",
                },
            },
            {"email": "student2@test.com", "error": "Student not found"},
        ],
    }


async def test_emails_ignore_case_drop_duplicates_and_stop_at_limit(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    c = await factories.center(services, make_user)
    await factories.student(make_user, c, "a@test.com", code="A1")
    await factories.student(make_user, c, "b@test.com", code="B1")
    response = await client.post(
        PROFILES,
        json={"emails": ["A@Test.com", "a@test.com", "x@test.com", "b@test.com"], "limit": 2},
        headers=curator_token,
    )
    body = response.json()
    assert (body["total"], body["processed"], body["limit"]) == (3, 2, 2)
    assert [r["email"] for r in body["results"]] == ["A@Test.com", "x@test.com"]
    assert body["results"][0]["data"]["studentId"] == "A1"
    assert body["results"][1] == {"email": "x@test.com", "error": "Student not found"}


async def test_latest_test_details_answer_as_the_seed_shows(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    # given
    await seeded(services, make_user)
    # when
    response = await client.post(
        LATEST,
        json={"emails": ["student1@test.com"], "includeDiagnostics": False},
        headers=curator_token,
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["processed"], body["limit"]) == (1, 1, 50)
    data = body["results"][0]["data"]
    assert set(data) == {
        "studentId",
        "fullName",
        "listeningTest",
        "readingTest",
        "writing",
        "speaking",
        "overallBandApprox",
    }
    assert (data["studentId"], data["fullName"]) == ("2024001", "Aruzhan Bek")
    listening = data["listeningTest"]
    assert set(listening) == {
        "sessionId",
        "testId",
        "testTitle",
        "completedAt",
        "rawScore",
        "bandScore",
        "submitted",
    }
    assert listening["testTitle"] == "Listening Practice 05"
    assert listening["completedAt"] == "2026-01-15T11:30:00Z"  # the newest non-diagnostic
    assert listening["rawScore"] == 30 and isinstance(listening["rawScore"], int)
    assert listening["bandScore"] == 7.0 and listening["submitted"] is True
    assert isinstance(listening["sessionId"], int) and isinstance(listening["testId"], int)
    reading = data["readingTest"]
    assert set(reading) == {
        "sessionId",
        "testId",
        "testTitle",
        "endTime",
        "rawScore",
        "bandScore",
        "completed",
    }
    assert reading["endTime"] == "2026-01-15T10:30:00Z" and reading["completed"] is True
    writing = data["writing"]
    assert set(writing) == {"essayId", "taskType", "submittedAt", "overallBand", "teacherFeedback"}
    assert writing["taskType"] == "task2" and writing["overallBand"] == 6.5
    assert writing["teacherFeedback"] == {"published": True, "teacherOverallScore": 6.5}
    assert data["speaking"] == {
        "sessionId": data["speaking"]["sessionId"],
        "conductedAt": "2026-01-15T09:00:00Z",
        "overallBandScore": 6.5,
        "completed": True,
    }
    # (7.0 + 6.5 + 6.5 + 6.5) / 4 = 6.625 -> 6.5
    assert data["overallBandApprox"] == 6.5


async def test_diagnostics_count_only_when_asked(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    await seeded(services, make_user)
    response = await client.post(
        LATEST,
        json={"emails": ["student1@test.com"], "includeDiagnostics": True},
        headers=curator_token,
    )
    data = response.json()["results"][0]["data"]
    assert data["listeningTest"]["bandScore"] == 4.0
    # (4.0 + 6.5 + 6.5 + 6.5) / 4 = 5.875 -> 6.0
    assert data["overallBandApprox"] == 6.0


async def test_test_results_answer_as_the_seed_shows(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    await seeded(services, make_user)
    response = await client.post(
        RESULTS,
        json={"emails": ["student1@test.com"], "limit": 20, "perModuleLimit": 2},
        headers=curator_token,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["processed"], body["limit"]) == (1, 1, 20)
    data = body["results"][0]["data"]
    assert set(data) == {"listeningSessions", "readingSessions", "essays", "speakingSessions"}
    listening = data["listeningSessions"]
    assert len(listening) == 2  # perModuleLimit, newest first
    assert [s["completedAt"] for s in listening] == ["2026-01-15T11:30:00Z", "2026-01-15T10:30:00Z"]
    assert {"sessionId", "testTitle", "bandScore"} <= set(listening[0])
    assert listening[0]["testTitle"] == "Listening Practice 05"
    assert listening[0]["bandScore"] == 7.0
    assert {"sessionId", "testTitle", "bandScore"} <= set(data["readingSessions"][0])
    essay = data["essays"][0]
    assert {"essayId", "taskType", "overallBand", "teacherFeedbackPublished"} <= set(essay)
    assert essay["teacherFeedbackPublished"] is True and essay["taskType"] == "task2"
    assert data["speakingSessions"] == [
        {
            "sessionId": data["speakingSessions"][0]["sessionId"],
            "overallBandScore": 6.5,
            "conductedAt": "2026-01-15T09:00:00Z",
        }
    ]
    default = await client.post(
        RESULTS, json={"emails": ["student1@test.com"]}, headers=curator_token
    )
    assert len(default.json()["results"][0]["data"]["listeningSessions"]) == 3


async def test_include_answers_adds_answers_and_essay_text(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    # given: a student who handed in a listening, a reading and an essay through GraphQL
    from tests.ielts.test_practice import hand_in_everything

    student, _ = await hand_in_everything(client, services, make_user)
    for path in (LATEST, RESULTS):
        plain = await client.post(path, json={"emails": [student.email]}, headers=curator_token)
        with_answers = await client.post(
            path, json={"emails": [student.email], "includeAnswers": True}, headers=curator_token
        )
        plain_data = plain.json()["results"][0]["data"]
        data = with_answers.json()["results"][0]["data"]
        if path == LATEST:
            listening, reading, essay = (
                data["listeningTest"],
                data["readingTest"],
                data["writing"],
            )
            assert "answers" not in plain_data["listeningTest"]
        else:
            listening, reading, essay = (
                data["listeningSessions"][0],
                data["readingSessions"][0],
                data["essays"][0],
            )
            assert "answers" not in plain_data["listeningSessions"][0]
        assert listening["answers"][0] == {
            "question_id": "1",
            "answer": "A",
            "flagged": True,
            "submitted_at": listening["answers"][0]["submitted_at"],
        }
        assert listening["answers"][0]["submitted_at"].endswith("Z")
        assert reading["answers"] == {"1": "TRUE", "2": "FALSE"}
        assert essay["submittedText"] == "Some people think..."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "emails must be a non-empty array"),
        ({"emails": []}, "emails must be a non-empty array"),
        ({"emails": "a@test.com"}, "emails must be a non-empty array"),
        ({"emails": [1, 2]}, "emails must be a non-empty array"),
        ({"emails": [""]}, "emails must be a non-empty array"),
        ({"emails": ["a@test.com"], "limit": 0}, "limit must be an integer of at least 1"),
        ({"emails": ["a@test.com"], "limit": "5"}, "limit must be an integer of at least 1"),
        ({"emails": ["a@test.com"], "perModuleLimit": 0}, "perModuleLimit must be an integer"),
        ({"emails": ["a@test.com"], "includeDiagnostics": "yes"}, "includeDiagnostics must be"),
        ({"emails": ["a@test.com"] * 1001}, "emails may hold at most 1000"),
        (["a@test.com"], "The body must be a JSON object."),
    ],
)
async def test_bad_bodies_get_400_with_the_error_envelope(
    client: httpx.AsyncClient, curator_token: dict[str, str], body: Any, message: str
) -> None:
    for path in (PROFILES, LATEST, RESULTS):
        response = await client.post(path, json=body, headers=curator_token)
        assert response.status_code == 400
        assert set(response.json()) == {"error"} and message in response.json()["error"]
    broken = await client.post(
        LATEST, content=b"{oops", headers={**curator_token, "content-type": "application/json"}
    )
    assert broken.status_code == 400 and broken.json() == {
        "error": "The body must be a JSON object."
    }


async def test_without_a_valid_bearer_token_401(client: httpx.AsyncClient) -> None:
    for headers in ({}, bearer("not-a-token"), {"Authorization": "Basic abc"}):
        for path in (PROFILES, LATEST, RESULTS):
            response = await client.post(path, json={"emails": ["a@test.com"]}, headers=headers)
            assert response.status_code == 401
            # the seed fixes the status, not the text: it names every credential accepted
            assert response.json() == {
                "error": "Unauthorized: send a valid Bearer token (a Firebase ID token, or an "
                "access token from POST /api/v1/login/ or tokenCreate), or an X-API-Key with "
                "the ielts:read scope."
            }
    # even with a bad body: who you are is checked first
    response = await client.post(PROFILES, json={"emails": []})
    assert response.status_code == 401


async def test_roles_admin_and_curator_pass_others_403(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    firebase: FirebaseEmulator,
) -> None:
    await seeded(services, make_user)
    body = {"emails": ["student1@test.com"]}
    for role, status in (("admin", 200), ("curator", 200), ("student", 403), ("teacher", 403)):
        _, token = firebase.user(fb_email(), role=role)
        for path in (PROFILES, LATEST, RESULTS):
            response = await client.post(path, json=body, headers=bearer(token))
            assert response.status_code == status, (role, path)
            if status == 403:
                assert response.json() == {
                    "error": "Forbidden: the batch API is open to the admin and curator roles."
                }
    # the server's own JWTs work the same way
    for role, status in ((Role.ADMIN, 200), (Role.CURATOR, 200), (Role.TEACHER, 403)):
        user = await make_user(role)
        response = await client.post(PROFILES, json=body, headers=await login_headers(user))
        assert response.status_code == status


async def test_firebase_user_without_claim_gets_the_linked_users_role(
    client: httpx.AsyncClient, services: Services, make_user: Any, firebase: FirebaseEmulator
) -> None:
    address = fb_email()
    await make_user(Role.CURATOR, email=address)
    _, token = firebase.user(address)
    response = await client.post(PROFILES, json={"emails": ["x@test.com"]}, headers=bearer(token))
    assert response.status_code == 200


async def test_unknown_paths_and_methods_use_the_batch_envelope(
    client: httpx.AsyncClient, curator_token: dict[str, str]
) -> None:
    missing = await client.post("/api/batch/students/nothing/", json={}, headers=curator_token)
    assert missing.status_code == 404 and missing.json() == {"error": "Not found."}
    method = await client.get(PROFILES, headers=curator_token)
    assert method.status_code == 405 and method.json() == {"error": "Method not allowed: use POST."}
    no_slash = await client.post(
        PROFILES.rstrip("/"), json={"emails": ["a@test.com"]}, headers=curator_token
    )
    assert no_slash.status_code == 200


async def test_student_inactive_status_is_reported(
    client: httpx.AsyncClient, services: Services, make_user: Any, curator_token: dict[str, str]
) -> None:
    c = await factories.center(services, make_user)
    s = await factories.student(make_user, c, "left@test.com", status="Inactive")
    async with write_session(services.sessionmaker) as session:
        row = await session.get(type(s), s.id)
        assert row is not None
        row.group_id = None
    response = await client.post(
        PROFILES, json={"emails": ["left@test.com"]}, headers=curator_token
    )
    data = response.json()["results"][0]["data"]
    assert data["status"] == "Inactive" and data["group"] is None and data["teacher"] is None


async def test_a_service_key_with_ielts_read_gets_the_whole_profile_and_results(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    # The batch lookup shows group, teacher and curator to whoever may run it, even a key
    # that may not read groups or staff anywhere else.
    from tests.people.test_api_keys import create_key

    await seeded(services, make_user)
    admin = await make_user(Role.ADMIN)
    created = await create_key(client, await login_headers(admin), ["ielts:read"])
    key = {"X-API-Key": created["key"]}
    body = {"emails": ["student1@test.com"]}
    profile = (await client.post(PROFILES, json=body, headers=key)).json()["results"][0]["data"]
    assert (profile["group"], profile["teacher"], profile["curatorId"]) == (
        "IELTS Evening A1",
        "John Doe",
        "CUR-12",
    )
    latest = (await client.post(LATEST, json=body, headers=key)).json()["results"][0]["data"]
    assert latest["listeningTest"]["testTitle"] == "Listening Practice 05"
    other = await create_key(client, await login_headers(admin), ["students:read"])
    refused = await client.post(PROFILES, json=body, headers={"X-API-Key": other["key"]})
    assert refused.status_code == 403


async def test_the_dialect_answers_what_graphql_answers(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
) -> None:
    # The dialect runs GraphQL documents on the planned executor: its values are GraphQL's,
    # under the seed's names and time format.
    from tests.graphql import gql_ok

    await seeded(services, make_user)
    headers = await login_headers(await make_user(Role.CURATOR))
    rest = (
        await client.post(
            RESULTS, json={"emails": ["student1@test.com"], "perModuleLimit": 3}, headers=headers
        )
    ).json()["results"][0]["data"]
    query = """query($e: [String!]!) { studentsByEmail(emails: $e) { student { ielts {
      history(perModuleLimit: 3) { listening { databaseId bandScore rawScore completedAt }
        essays { databaseId taskType teacherFeedback { published } } } } } } }"""
    graphql = await gql_ok(client, query, {"e": ["student1@test.com"]}, headers)
    history = graphql["studentsByEmail"][0]["student"]["ielts"]["history"]
    assert [(s["sessionId"], s["bandScore"], s["rawScore"]) for s in rest["listeningSessions"]] == [
        (s["databaseId"], s["bandScore"], s["rawScore"]) for s in history["listening"]
    ]
    assert [s["completedAt"] for s in rest["listeningSessions"]] == [
        datetime.fromisoformat(s["completedAt"]).strftime("%Y-%m-%dT%H:%M:%SZ")
        for s in history["listening"]
    ]
    assert [
        (e["essayId"], e["taskType"], e["teacherFeedbackPublished"]) for e in rest["essays"]
    ] == [
        (e["databaseId"], e["taskType"].lower(), e["teacherFeedback"]["published"])
        for e in history["essays"]
    ]
