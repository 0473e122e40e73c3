"""Academy dialect §18 (mock tests): every endpoint replayed as the seed shows it, with status
codes, keys, value types, the seed's error texts and each role's refusals."""

from __future__ import annotations

import asyncio
import base64
import re
from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers import ielts
from resolvers.context import Services
from resolvers.worker import registered_jobs
from tests.ielts import factories

BASE = "/api/v1/mock"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TASHKENT_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$")
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}
COMPLETED = {"detail": "Bu session allaqachon yakunlangan."}

SECTION_KEYS = {"id", "file", "duration", "question_count", "created_at", "updated_at"}
LISTENING_KEYS = {
    "id",
    "audio_file",
    "question_file",
    "duration",
    "question_count",
    "created_at",
    "updated_at",
}
TEST_KEYS = {
    "id",
    "title",
    "code",
    "created_by",
    "reading",
    "writing",
    "listening",
    "created_at",
    "updated_at",
}


def form_fields() -> tuple[dict[str, str], dict[str, tuple[str, bytes, str]]]:
    """The seed's multipart request."""
    data = {
        "title": "IELTS Mock Test #1",
        "reading[duration]": "60",
        "reading[question_count]": "40",
        "writing[duration]": "60",
        "writing[question_count]": "2",
        "listening[duration]": "30",
        "listening[question_count]": "40",
    }
    files = {
        "reading[file]": ("test1.pdf", b"%PDF-1.4 reading", "application/pdf"),
        "writing[file]": ("task1.pdf", b"%PDF-1.4 writing", "application/pdf"),
        "listening[audio_file]": ("audio1.mp3", b"ID3 audio", "audio/mpeg"),
        "listening[question_file]": ("q1.pdf", b"%PDF-1.4 questions", "application/pdf"),
    }
    return data, files


@pytest.fixture
async def people(make_user: Any, login_headers: Any, services: Services) -> dict[str, Any]:
    c = await factories.center(services, make_user)
    owner = await make_user(Role.ADMIN, first_name="Bobur", last_name="Toshmatov")
    student = await factories.student(
        make_user, c, "jasur@test.com", first_name="Jasur", last_name="Qodirov"
    )
    other = await factories.student(make_user, c, "other@test.com", code="OT1")
    return {
        "center": c,
        "owner": owner,
        "student": student,
        "other": other,
        "owner_h": await login_headers(owner),
        "teacher_h": await login_headers(c.teacher),
        "student_h": await login_headers(student),
        "other_h": await login_headers(other),
    }


async def start(client: httpx.AsyncClient, headers: dict[str, str], test: Any) -> httpx.Response:
    return await client.post(
        f"{BASE}/session/start/", json={"test": str(test.uuid), "code": test.code}, headers=headers
    )


# ---------------------------------------------------------------------------------------------
# §18.1 tests


async def test_create_test_multipart_as_the_seed_shows(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    # given / when
    data, files = form_fields()
    response = await client.post(
        f"{BASE}/tests/create/", data=data, files=files, headers=people["teacher_h"]
    )
    # then
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == TEST_KEYS - {"created_by"}
    assert UUID_RE.match(body["id"]) and body["title"] == "IELTS Mock Test #1"
    assert re.match(r"^[A-Z0-9]{6}$", body["code"])
    assert set(body["reading"]) == SECTION_KEYS and set(body["listening"]) == LISTENING_KEYS
    assert body["reading"]["duration"] == 60 and body["reading"]["question_count"] == 40
    assert body["writing"]["question_count"] == 2 and body["listening"]["duration"] == 30
    assert body["reading"]["file"].startswith("http://testserver/media/tests/reading/")
    assert body["listening"]["audio_file"].startswith(
        "http://testserver/media/mock_tests/listening/audio/"
    )
    assert TASHKENT_RE.match(body["created_at"]) and TASHKENT_RE.match(
        body["reading"]["created_at"]
    )
    # the files are served back at their URLs
    served = await client.get(body["listening"]["question_file"])
    assert served.status_code == 200 and served.content == b"%PDF-1.4 questions"


async def test_create_test_json_nested_form(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    pdf = "data:application/pdf;base64," + base64.b64encode(b"%PDF-1.4 r").decode()
    body = {
        "title": "IELTS Mock Test #2",
        "reading": {"file": pdf, "duration": 60, "question_count": 40},
        "writing": {
            "file": base64.b64encode(b"%PDF w").decode(),
            "duration": 60,
            "question_count": 2,
        },
        "listening": {
            "audio_file": base64.b64encode(b"ID3").decode(),
            "question_file": pdf,
            "duration": 30,
            "question_count": 40,
            "answer_key": {"1": "C", "2": ["D"]},
        },
    }
    response = await client.post(f"{BASE}/tests/create/", json=body, headers=people["owner_h"])
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["reading"]["file"].endswith(".pdf")
    assert (await client.get(created["reading"]["file"])).content == b"%PDF-1.4 r"


async def test_create_test_errors_are_drf_nested(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    response = await client.post(
        f"{BASE}/tests/create/",
        data={"reading[duration]": "x", "writing[duration]": "0", "listening[question_count]": "4"},
        files={"reading[file]": ("empty.pdf", b"", "application/pdf")},
        headers=people["teacher_h"],
    )
    assert response.status_code == 400
    assert response.json() == {
        "title": ["This field is required."],
        "reading": {
            "file": ["The submitted file is empty."],
            "duration": ["A valid integer is required."],
            "question_count": ["This field is required."],
        },
        "writing": {
            "file": ["No file was submitted."],
            "duration": ["Ensure this value is greater than or equal to 1."],
            "question_count": ["This field is required."],
        },
        "listening": {
            "audio_file": ["No file was submitted."],
            "question_file": ["No file was submitted."],
            "duration": ["This field is required."],
        },
    }
    not_file = await client.post(
        f"{BASE}/tests/create/",
        json={"title": "T", "reading": {"file": 12}},
        headers=people["teacher_h"],
    )
    assert not_file.status_code == 400
    assert not_file.json() == {
        "reading": {
            "file": ["The submitted data was not a file. Check the encoding type on the form."]
        }
    }


async def test_create_test_permissions(client: httpx.AsyncClient, people: dict[str, Any]) -> None:
    data, files = form_fields()
    refused = await client.post(
        f"{BASE}/tests/create/", data=data, files=files, headers=people["student_h"]
    )
    assert refused.status_code == 403 and refused.json() == FORBIDDEN
    anonymous = await client.post(f"{BASE}/tests/create/", data=data, files=files)
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED


async def test_list_get_and_delete_tests(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    listed = await client.get(f"{BASE}/tests/", headers=people["teacher_h"])
    assert listed.status_code == 200
    [item] = listed.json()
    assert set(item) == TEST_KEYS
    assert item["id"] == str(test.uuid) and item["code"] == "MK1001"
    assert item["created_by"] == {"first_name": "Bobur", "last_name": "Toshmatov"}
    assert item["reading"]["file"] == "http://testserver/media/tests/reading/test1.pdf"
    # students list tests too, without the entry code
    for_student = (await client.get(f"{BASE}/tests/", headers=people["student_h"])).json()
    assert for_student[0]["code"] is None and for_student[0]["id"] == item["id"]
    got = await client.get(f"{BASE}/tests/{test.uuid}/", headers=people["student_h"])
    assert got.status_code == 200 and got.json()["title"] == "IELTS Mock Test #1"
    for missing in ("550e8400-e29b-41d4-a716-446655440000", "not-a-uuid"):
        response = await client.get(f"{BASE}/tests/{missing}/", headers=people["owner_h"])
        assert response.status_code == 404 and response.json() == NOT_FOUND
    assert (await client.get(f"{BASE}/tests/")).json() == NOT_AUTHENTICATED
    refused = await client.delete(f"{BASE}/tests/{test.uuid}/", headers=people["student_h"])
    assert refused.status_code == 403 and refused.json() == FORBIDDEN
    deleted = await client.delete(f"{BASE}/tests/{test.uuid}/", headers=people["teacher_h"])
    assert deleted.status_code == 204 and deleted.content == b""
    again = await client.delete(f"{BASE}/tests/{test.uuid}/", headers=people["teacher_h"])
    assert again.status_code == 404


async def test_list_tests_costs_the_same_for_2_and_6_tests(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any], count_statements: Any
) -> None:
    counts = []
    for n in (2, 4):
        for i in range(n):
            await factories.mock_test(services, people["owner"].id, code=f"C{n}{i:04d}")
        with count_statements() as counter:
            response = await client.get(f"{BASE}/tests/", headers=people["owner_h"])
        assert len(response.json()) in (2, 6)
        counts.append(counter.count)
    assert counts[0] == counts[1]


# ---------------------------------------------------------------------------------------------
# §18.2 sessions


async def test_start_session_as_the_seed_shows(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any], clock: Any
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    response = await start(client, people["student_h"], test)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {
        "id",
        "user",
        "test",
        "started_at",
        "ended_at",
        "is_completed",
        "is_finished",
        "listening",
    }
    assert UUID_RE.match(body["id"]) and body["test"] == str(test.uuid)
    student = people["student"]
    assert body["user"] == {
        "id": student.id,
        "first_name": "Jasur",
        "last_name": "Qodirov",
        "group": {"id": people["center"].group.id, "name": "IELTS Evening A1"},
    }
    assert TASHKENT_RE.match(body["started_at"])
    assert (body["ended_at"], body["is_completed"], body["is_finished"]) == (None, False, False)
    assert body["listening"] == {
        "id": body["listening"]["id"],
        "audio_file": "http://testserver/media/mock_tests/listening/audio/audio1.mp3",
        "question_file": "http://testserver/media/mock_tests/listening/questions/q1.pdf",
        "duration": 30,
        "question_count": 40,
    }


async def test_start_session_refusals(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    url = f"{BASE}/session/start/"
    wrong = await client.post(
        url, json={"test": str(test.uuid), "code": "XX0000"}, headers=people["student_h"]
    )
    assert wrong.status_code == 400 and wrong.json() == {"detail": "Test kodi noto'g'ri."}
    assert (await start(client, people["student_h"], test)).status_code == 201
    again = await start(client, people["student_h"], test)
    assert again.status_code == 400
    assert again.json() == {"detail": "Sizda bu test uchun aktiv session mavjud."}
    # another user may start the same test
    assert (await start(client, people["other_h"], test)).status_code == 201
    missing = await client.post(url, json={}, headers=people["student_h"])
    assert missing.status_code == 400 and missing.json() == {
        "test": ["This field is required."],
        "code": ["This field is required."],
    }
    unknown = "550e8400-e29b-41d4-a716-446655440000"
    response = await client.post(
        url, json={"test": unknown, "code": "MK1001"}, headers=people["student_h"]
    )
    assert response.json() == {"test": [f'Invalid pk "{unknown}" - object does not exist.']}
    malformed = await client.post(
        url, json={"test": "x", "code": "MK1001"}, headers=people["student_h"]
    )
    assert malformed.json() == {"test": ["Must be a valid UUID."]}
    anonymous = await client.post(url, json={"test": str(test.uuid), "code": "MK1001"})
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED


async def test_two_simultaneous_starts_give_one_session_and_one_error(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    responses = await asyncio.gather(*(start(client, people["student_h"], test) for _ in range(6)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * 5
    assert all(
        r.json() == {"detail": "Sizda bu test uchun aktiv session mavjud."}
        for r in responses
        if r.status_code == 400
    )
    mine = await client.get(f"{BASE}/session/me/", headers=people["student_h"])
    assert len(mine.json()) == 1


async def test_database_holds_one_active_session_per_user_and_test(
    services: Services, people: dict[str, Any]
) -> None:
    from sqlalchemy.exc import IntegrityError

    from models.attempts import Attempt
    from models.db import write_session

    test = await factories.mock_test(services, people["owner"].id)
    values = {"kind": "MOCK", "user_id": people["student"].id, "bank_id": test.id, "meta": {}}
    async with write_session(services.sessionmaker) as session:
        session.add(Attempt(**values))
    with pytest.raises(IntegrityError):
        async with write_session(services.sessionmaker) as session:
            session.add(Attempt(**values))
    # a finished one does not count
    async with write_session(services.sessionmaker) as session:
        session.add(Attempt(**values, finished_at=services.clock()))


async def test_session_me_parts_and_finish(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    session_id = (await start(client, people["student_h"], test)).json()["id"]
    mine = (await client.get(f"{BASE}/session/me/", headers=people["student_h"])).json()
    assert [s["id"] for s in mine] == [session_id]
    assert set(mine[0]) == {
        "id",
        "user",
        "test",
        "started_at",
        "ended_at",
        "is_completed",
        "is_finished",
        "score",
    }
    # the test's details come once the session is completed
    assert mine[0]["test"] is None and mine[0]["score"] is None
    reading = await client.get(f"{BASE}/session/reading/{session_id}/", headers=people["student_h"])
    assert reading.status_code == 200 and set(reading.json()) == SECTION_KEYS
    assert reading.json()["duration"] == 60 and reading.json()["question_count"] == 40
    writing = await client.get(f"{BASE}/session/writing/{session_id}/", headers=people["student_h"])
    assert writing.json()["file"] == "http://testserver/media/tests/writing/task1.pdf"
    # only the owner opens the parts
    for headers in (people["other_h"], people["teacher_h"]):
        refused = await client.get(f"{BASE}/session/reading/{session_id}/", headers=headers)
        assert refused.status_code == 404 and refused.json() == NOT_FOUND
    assert (await client.get(f"{BASE}/session/reading/{session_id}/")).status_code == 401
    not_owner = await client.post(f"{BASE}/session/{session_id}/finish/", headers=people["other_h"])
    assert not_owner.status_code == 404
    finished = await client.post(
        f"{BASE}/session/{session_id}/finish/", headers=people["student_h"]
    )
    assert finished.status_code == 200
    body = finished.json()
    assert set(body) == {
        "id",
        "user",
        "test",
        "started_at",
        "ended_at",
        "is_completed",
        "is_finished",
    }
    assert (body["is_completed"], body["is_finished"]) == (True, False)
    assert TASHKENT_RE.match(body["ended_at"]) and body["test"]["id"] == str(test.uuid)
    again = await client.post(f"{BASE}/session/{session_id}/finish/", headers=people["student_h"])
    assert again.status_code == 400 and again.json() == COMPLETED
    mine = (await client.get(f"{BASE}/session/me/", headers=people["student_h"])).json()
    assert mine[0]["test"]["title"] == "IELTS Mock Test #1" and mine[0]["is_completed"] is True


# ---------------------------------------------------------------------------------------------
# §18.3 answers


async def test_answers_once_per_part_and_per_task(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    session_id = (await start(client, people["student_h"], test)).json()["id"]
    h = people["student_h"]
    reading = {"session": session_id, "answers": {"1": "A", "2": "carbon dioxide", "3": "TRUE"}}
    response = await client.post(f"{BASE}/answers/reading/", json=reading, headers=h)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "session", "answers", "created_at", "updated_at"}
    assert body["session"] == session_id and body["answers"] == reading["answers"]
    assert isinstance(body["id"], int) and TASHKENT_RE.match(body["created_at"])
    twice = await client.post(
        f"{BASE}/answers/reading/", json={"session": session_id, "answers": {"1": "B"}}, headers=h
    )
    assert twice.status_code == 400
    assert twice.json() == {"session": ["reading answer with this session already exists."]}
    listening = await client.post(
        f"{BASE}/answers/listening/",
        json={"session": session_id, "answers": {"1": "C", "2": "accommodation"}},
        headers=h,
    )
    assert listening.status_code == 201 and listening.json()["answers"]["2"] == "accommodation"
    writing = {"session": session_id, "task_number": 1, "text": "The pie chart illustrates..."}
    created = await client.post(f"{BASE}/answers/writing/", json=writing, headers=h)
    assert created.status_code == 201
    assert set(created.json()) == {
        "id",
        "session",
        "task_number",
        "text",
        "teacher_comment",
        "created_at",
        "updated_at",
    }
    assert created.json()["teacher_comment"] is None and created.json()["task_number"] == 1
    same_task = await client.post(f"{BASE}/answers/writing/", json=writing, headers=h)
    assert same_task.status_code == 400 and same_task.json() == {
        "non_field_errors": ["The fields session, task_number must make a unique set."]
    }
    task2 = await client.post(
        f"{BASE}/answers/writing/", json={"session": session_id, "task_number": 2}, headers=h
    )
    assert task2.status_code == 201 and task2.json()["text"] == ""
    bad = await client.post(
        f"{BASE}/answers/writing/", json={"session": session_id, "task_number": 3}, headers=h
    )
    assert bad.json() == {"task_number": ['"3" is not a valid choice.']}
    missing = await client.post(f"{BASE}/answers/listening/", json={}, headers=h)
    assert missing.json() == {
        "session": ["This field is required."],
        "answers": ["This field is required."],
    }
    not_map = await client.post(
        f"{BASE}/answers/listening/", json={"session": session_id, "answers": ["A"]}, headers=h
    )
    assert not_map.json() == {"answers": ['Expected a dictionary of items but got type "list".']}
    # someone else's session does not exist for you
    others = await client.post(
        f"{BASE}/answers/reading/",
        json={"session": session_id, "answers": {"1": "A"}},
        headers=people["other_h"],
    )
    assert others.json() == {"session": [f'Invalid pk "{session_id}" - object does not exist.']}
    anonymous = await client.post(f"{BASE}/answers/reading/", json=reading)
    assert anonymous.status_code == 401


async def test_deadline_keeps_earlier_answers_refuses_later_ones(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any], clock: Any
) -> None:
    # given: 60 + 60 + 30 minutes
    test = await factories.mock_test(services, people["owner"].id)
    h = people["student_h"]
    started = (await start(client, h, test)).json()
    session_id = started["id"]
    clock.advance(minutes=149, seconds=59)
    early = await client.post(
        f"{BASE}/answers/reading/", json={"session": session_id, "answers": {"1": "A"}}, headers=h
    )
    assert early.status_code == 201
    # when: time is up (nobody has swept the session yet)
    clock.advance(seconds=1)
    late = await client.post(
        f"{BASE}/answers/listening/", json={"session": session_id, "answers": {"1": "C"}}, headers=h
    )
    # then
    assert late.status_code == 400 and late.json() == COMPLETED
    late_writing = await client.post(
        f"{BASE}/answers/writing/", json={"session": session_id, "task_number": 1}, headers=h
    )
    assert late_writing.json() == COMPLETED
    finish = await client.post(f"{BASE}/session/{session_id}/finish/", headers=h)
    assert finish.status_code == 400 and finish.json() == COMPLETED
    mine = (await client.get(f"{BASE}/session/me/", headers=h)).json()[0]
    assert mine["is_completed"] is True and mine["test"] is not None
    assert mine["ended_at"] is not None and mine["ended_at"] > started["started_at"]
    staff = await client.get(f"{BASE}/session/{session_id}/answers/", headers=people["teacher_h"])
    assert staff.json()["reading_answer"]["answers"] == {"1": "A"}
    assert staff.json()["listening_answer"] is None
    # an expired, unswept session does not block a new start
    assert (await start(client, h, test)).status_code == 201
    # the sweep records the end once, at the deadline, in any number of runs
    clock.advance(minutes=151)
    sweep = {job.name: job for job in registered_jobs()}["ielts.mock_session_deadlines"]
    assert await sweep.run(services) == 1  # as the background worker runs it
    assert await ielts.sweep_expired_mock_sessions(services) == 0
    after = (await client.get(f"{BASE}/session/me/", headers=h)).json()
    assert [s["ended_at"] is not None for s in after] == [True, True]
    assert after[1]["ended_at"] == mine["ended_at"]


async def test_staff_views_of_answers(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any], count_statements: Any
) -> None:
    test = await factories.mock_test(services, people["owner"].id)
    h = people["student_h"]
    session_id = (await start(client, h, test)).json()["id"]
    running = (await start(client, people["other_h"], test)).json()["id"]
    await client.post(
        f"{BASE}/answers/reading/", json={"session": session_id, "answers": {"1": "A"}}, headers=h
    )
    for number, text in ((2, "In my opinion..."), (1, "The chart shows that...")):
        await client.post(
            f"{BASE}/answers/writing/",
            json={"session": session_id, "task_number": number, "text": text},
            headers=h,
        )
    await client.post(f"{BASE}/session/{session_id}/finish/", headers=h)
    one = await client.get(f"{BASE}/session/{session_id}/answers/", headers=people["teacher_h"])
    assert one.status_code == 200
    body = one.json()
    assert set(body) == {"session", "reading_answer", "listening_answer", "writing_answers"}
    assert set(body["session"]) == {"id", "user", "test", "is_completed", "is_finished"}
    assert body["session"]["id"] == session_id and body["session"]["test"]["id"] == str(test.uuid)
    assert body["reading_answer"] == {
        "id": body["reading_answer"]["id"],
        "session": session_id,
        "answers": {"1": "A"},
        "created_at": body["reading_answer"]["created_at"],
    }
    assert body["listening_answer"] is None
    assert [
        (w["task_number"], w["text"], w["teacher_comment"]) for w in body["writing_answers"]
    ] == [
        (1, "The chart shows that...", None),
        (2, "In my opinion...", None),
    ]
    assert set(body["writing_answers"][0]) == {
        "id",
        "session",
        "task_number",
        "text",
        "teacher_comment",
    }
    # all completed sessions: the running one is not among them
    with count_statements() as counter:
        listed = await client.get(f"{BASE}/session/answers/", headers=people["teacher_h"])
    assert [x["session"]["id"] for x in listed.json()] == [session_id]
    assert running not in str(listed.json())
    assert counter.count <= 9
    for url in (f"{BASE}/session/{session_id}/answers/", f"{BASE}/session/answers/"):
        refused = await client.get(url, headers=h)
        assert refused.status_code == 403 and refused.json() == FORBIDDEN
    unknown = await client.get(
        f"{BASE}/session/550e8400-e29b-41d4-a716-446655440000/answers/", headers=people["owner_h"]
    )
    assert unknown.status_code == 404


# ---------------------------------------------------------------------------------------------
# §18.4 scores


async def finished_session(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> str:
    test = await factories.mock_test(services, people["owner"].id)
    session_id = (await start(client, people["student_h"], test)).json()["id"]
    await client.post(f"{BASE}/session/{session_id}/finish/", headers=people["student_h"])
    return str(session_id)


async def test_score_create_update_and_me(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    session_id = await finished_session(client, services, people)
    bands = {"listening": 7.5, "reading": 8.0, "writing": 7.0, "speaking": 6.5}
    created = await client.post(
        f"{BASE}/score/create/", json={"session": session_id, **bands}, headers=people["teacher_h"]
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body == {
        "id": body["id"],
        "session": session_id,
        **bands,
        "score": 7.5,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert TASHKENT_RE.match(body["created_at"])
    again = await client.post(
        f"{BASE}/score/create/", json={"session": session_id, **bands}, headers=people["teacher_h"]
    )
    assert again.json() == {"session": ["mock score with this session already exists."]}
    # the seed's partial update: the overall follows
    updated = await client.patch(
        f"{BASE}/score/{body['id']}/update/",
        json={"writing": 7.5, "speaking": 7.0},
        headers=people["owner_h"],
    )
    assert updated.status_code == 200
    assert updated.json() == {
        "id": body["id"],
        "session": session_id,
        "listening": 7.5,
        "reading": 8.0,
        "writing": 7.5,
        "speaking": 7.0,
        "score": 7.5,
        "created_at": body["created_at"],
        "updated_at": updated.json()["updated_at"],
    }
    lower = await client.patch(
        f"{BASE}/score/{body['id']}/update/",
        json={"listening": 5.0, "reading": 5.0},
        headers=people["owner_h"],
    )
    # (5 + 5 + 7.5 + 7) / 4 = 6.125 -> 6.0
    assert lower.json()["score"] == 6.0
    mine = (await client.get(f"{BASE}/score/me/", headers=people["student_h"])).json()
    assert mine == [
        {
            "id": body["id"],
            "session": session_id,
            "listening": 5.0,
            "reading": 5.0,
            "writing": 7.5,
            "speaking": 7.0,
            "score": 6.0,
            "created_at": body["created_at"],
        }
    ]
    assert (await client.get(f"{BASE}/score/me/", headers=people["other_h"])).json() == []
    sessions = (await client.get(f"{BASE}/session/me/", headers=people["student_h"])).json()
    assert sessions[0]["is_finished"] is True
    assert sessions[0]["score"] == {
        "id": body["id"],
        "listening": 5.0,
        "reading": 5.0,
        "writing": 7.5,
        "speaking": 7.0,
        "score": 6.0,
        "created_by": {
            "id": people["center"].teacher.id,
            "first_name": "John",
            "last_name": "Doe",
        },
    }


async def test_score_refusals(
    client: httpx.AsyncClient, services: Services, people: dict[str, Any]
) -> None:
    session_id = await finished_session(client, services, people)
    url = f"{BASE}/score/create/"
    invalid = await client.post(
        url,
        json={"session": session_id, "listening": 9.5, "reading": 6.3, "writing": "x"},
        headers=people["teacher_h"],
    )
    assert invalid.status_code == 400 and invalid.json() == {
        "listening": ["Ensure this value is less than or equal to 9.0."],
        "reading": ["Ensure this value is a multiple of step size 0.5."],
        "writing": ["A valid number is required."],
        "speaking": ["This field is required."],
    }
    bands = {"listening": 7, "reading": 7, "writing": 7, "speaking": 7}
    student = await client.post(
        url, json={"session": session_id, **bands}, headers=people["student_h"]
    )
    assert student.status_code == 403 and student.json() == FORBIDDEN
    test = await factories.mock_test(services, people["owner"].id, code="RUN001")
    running = (await start(client, people["other_h"], test)).json()["id"]
    early = await client.post(url, json={"session": running, **bands}, headers=people["teacher_h"])
    assert early.status_code == 400 and early.json() == {"detail": "Bu session hali yakunlanmagan."}
    missing = await client.patch(f"{BASE}/score/999/update/", json={}, headers=people["teacher_h"])
    assert missing.status_code == 404 and missing.json() == NOT_FOUND
    created = await client.post(
        url, json={"session": session_id, **bands}, headers=people["teacher_h"]
    )
    score_id = created.json()["id"]
    refused = await client.patch(
        f"{BASE}/score/{score_id}/update/", json={"writing": 9}, headers=people["student_h"]
    )
    assert refused.status_code == 403
    bad = await client.patch(
        f"{BASE}/score/{score_id}/update/", json={"writing": -1}, headers=people["teacher_h"]
    )
    assert bad.json() == {"writing": ["Ensure this value is greater than or equal to 0.0."]}
    assert (await client.get(f"{BASE}/score/me/")).status_code == 401


async def test_a_scored_session_counts_as_module_results(
    client: httpx.AsyncClient,
    services: Services,
    people: dict[str, Any],
    firebase: Any,
) -> None:
    # given: a test with answer keys, answered and scored
    test = await factories.mock_test(services, people["owner"].id, answer_keys=True)
    h = people["student_h"]
    session_id = (await start(client, h, test)).json()["id"]
    await client.post(
        f"{BASE}/answers/listening/",
        json={"session": session_id, "answers": {"1": "c", "2": "B"}},
        headers=h,
    )
    await client.post(
        f"{BASE}/answers/writing/",
        json={"session": session_id, "task_number": 1, "text": "Task one"},
        headers=h,
    )
    await client.post(f"{BASE}/session/{session_id}/finish/", headers=h)
    bands = {"listening": 7.5, "reading": 8.0, "writing": 7.0, "speaking": 6.5}
    score = await client.post(
        f"{BASE}/score/create/", json={"session": session_id, **bands}, headers=people["teacher_h"]
    )
    # when: the batch API asks for the student's latest results
    _, token = firebase.user(f"cur-{session_id[:8]}@example.com", role="curator")
    curator = {"Authorization": f"Bearer {token}"}
    body = {"emails": [people["student"].email], "includeAnswers": True}
    latest = await client.post(
        "/api/batch/students/latest-test-details/", json=body, headers=curator
    )
    data = latest.json()["results"][0]["data"]
    # then: each part is there, with the raw score from the answer key
    assert data["listeningTest"]["bandScore"] == 7.5 and data["listeningTest"]["rawScore"] == 1
    assert data["listeningTest"]["testTitle"] == "IELTS Mock Test #1"
    assert data["listeningTest"]["answers"][0]["question_id"] == "1"
    assert data["readingTest"]["bandScore"] == 8.0 and data["readingTest"]["rawScore"] is None
    assert data["writing"]["taskType"] == "mock" and data["writing"]["submittedText"] == "Task one"
    assert data["speaking"]["overallBandScore"] == 6.5
    assert data["overallBandApprox"] == 7.5
    # a score update corrects the same results (no new ones)
    await client.patch(
        f"{BASE}/score/{score.json()['id']}/update/",
        json={"speaking": 4.0},
        headers=people["owner_h"],
    )
    history = await client.post("/api/batch/students/test-results/", json=body, headers=curator)
    results = history.json()["results"][0]["data"]
    assert [s["overallBandScore"] for s in results["speakingSessions"]] == [4.0]
    assert len(results["listeningSessions"]) == 1
