"""Academy dialect (seed 001 §8 attendance, §9 scores, §10 homework, §15 work logs): the
seed's requests replayed for each role, answers checked for shapes and DRF envelopes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from models import academy as academy_models
from models.db import read_session
from models.people import Role
from resolvers.context import Services
from tests.academy.factories import (
    MONDAY_IN_LESSON,
    add_homework,
    add_work_log,
    give_points,
    make_group,
    mark,
)

LOCAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$")
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}
ATTENDANCE_KEYS = {"id", "student", "group", "status", "date", "time", "created_at", "updated_at"}
SCORE_KEYS = {"id", "student", "group", "score", "date", "given_by", "created_at"}
HOMEWORK_KEYS = {"id", "group", "text", "file", "created_at", "updated_at"}


async def count(services: Services, model: Any) -> int:
    async with read_session(services.sessionmaker) as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def stored_files(services: Services) -> set[Path]:
    """Files under MEDIA_ROOT (a sync helper: the test only looks)."""
    root = services.settings.media_root
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


async def work_logs(services: Services) -> list[tuple[int, date]]:
    WorkLog = academy_models.WorkLog
    async with read_session(services.sessionmaker) as session:
        rows = await session.execute(select(WorkLog.employee_id, WorkLog.date).order_by(WorkLog.id))
        return [(r.employee_id, r.date) for r in rows]


# ---------------------------------------------------------------------------------------------
# §8 attendance


async def test_attendance_create_as_the_seed_shows(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services, clock: Any
) -> None:
    group = await make_group(services, "IELTS-A1")
    student = await make_user(
        Role.STUDENT, username="student001", first_name="Jasur", last_name="Qodirov"
    )
    teacher_user = await make_user(Role.TEACHER)
    teacher = await login_headers(teacher_user)
    clock.set(MONDAY_IN_LESSON)  # 10:00 in Tashkent (tokens keep their real-time expiry)

    response = await client.post(
        "/api/v1/attendance/",
        json={"student": student.id, "group": group.id, "status": "keldi", "marked_by": 1},
        headers=teacher,
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == ATTENDANCE_KEYS
    assert body["student"] == {
        "id": student.id,
        "first_name": "Jasur",
        "last_name": "Qodirov",
        "username": "student001",
    }
    assert body["group"] == {"id": group.id, "name": "IELTS-A1"}
    assert body["status"] == "keldi"
    assert body["date"] == "2025-02-17" and body["time"] == "10:00:00"
    assert body["created_at"] == "2025-02-17T10:00:00+05:00" and LOCAL.match(body["updated_at"])
    async with read_session(services.sessionmaker) as session:
        row = await session.get(academy_models.Attendance, body["id"])
    assert row is not None and row.marked_by_id == teacher_user.id  # from the caller, not the body
    # the teacher's working day is recorded, once
    assert await work_logs(services) == [(teacher_user.id, date(2025, 2, 17))]

    again = await client.post(
        "/api/v1/attendance",
        json={"student": student.id, "group": group.id, "status": "kechikdi"},
        headers=teacher,
    )
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["The fields student, group, date must make a unique set."]
    }
    assert await count(services, academy_models.Attendance) == 1


async def test_attendance_validation(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    inactive = await make_group(services, "Old", active=False)
    teacher = await make_user(Role.TEACHER)
    missing = await client.post("/api/v1/attendance/", json={}, headers=owner)
    assert missing.status_code == 400
    assert missing.json() == {
        "student": ["This field is required."],
        "group": ["This field is required."],
        "status": ["This field is required."],
    }
    wrong = await client.post(
        "/api/v1/attendance/",
        json={"student": teacher.id, "group": inactive.id, "status": "yo'q"},
        headers=owner,
    )
    assert wrong.json() == {
        "student": [f'Invalid pk "{teacher.id}" - object does not exist.'],
        "group": [f'Invalid pk "{inactive.id}" - object does not exist.'],
        "status": ['"yo\'q" is not a valid choice.'],
    }
    types = await client.post(
        "/api/v1/attendance/", json={"student": "x", "group": 1, "status": 1}, headers=owner
    )
    assert types.json() == {
        "student": ["A valid integer is required."],
        "status": ["Not a valid string."],
    }
    null = await client.post(
        "/api/v1/attendance/", json={"student": None, "group": None}, headers=owner
    )
    assert null.json() == {
        "student": ["This field may not be null."],
        "group": ["This field may not be null."],
        "status": ["This field is required."],
    }
    # an owner's marks keep no work log
    assert await work_logs(services) == []


async def test_attendance_read_update_delete_by_role(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    me = await make_user(Role.STUDENT, group_id=group.id)
    other = await make_user(Role.STUDENT, group_id=group.id)
    mine = await mark(services, me.id, group.id, status="kelmadi")
    theirs = await mark(services, other.id, group.id)
    student = await login_headers(me)
    teacher_user = await make_user(Role.TEACHER)
    teacher = await login_headers(teacher_user)

    assert (await client.get("/api/v1/attendance/")).json() == NOT_AUTHENTICATED
    own = await client.get("/api/v1/attendance/", headers=student)
    assert own.status_code == 200 and [a["id"] for a in own.json()] == [mine.id]
    assert (await client.get(f"/api/v1/attendance/{mine.id}/", headers=student)).status_code == 200
    hidden = await client.get(f"/api/v1/attendance/{theirs.id}/", headers=student)
    assert hidden.status_code == 404 and hidden.json() == NOT_FOUND
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        url = "/api/v1/attendance/" if method == "POST" else f"/api/v1/attendance/{mine.id}/"
        refused = await client.request(method, url, json={}, headers=student)
        assert refused.status_code == 403 and refused.json() == FORBIDDEN, method

    everyone = (await client.get("/api/v1/attendance/", headers=teacher)).json()
    assert [a["id"] for a in everyone] == [mine.id, theirs.id]
    assert all(set(a) == ATTENDANCE_KEYS and LOCAL.match(a["created_at"]) for a in everyone)
    item = f"/api/v1/attendance/{mine.id}/"
    patched = await client.patch(item, json={"status": "keldi"}, headers=teacher)
    assert patched.status_code == 200 and patched.json()["status"] == "keldi"
    assert patched.json()["date"] == "2025-02-19"  # the day stays
    put = await client.put(item, json={"status": "kechikdi"}, headers=teacher)
    assert put.status_code == 400
    assert put.json() == {
        "student": ["This field is required."],
        "group": ["This field is required."],
    }
    clash = await client.patch(item, json={"student": other.id}, headers=teacher)
    assert clash.json() == {
        "non_field_errors": ["The fields student, group, date must make a unique set."]
    }
    assert (await client.delete(item, headers=teacher)).status_code == 204
    assert (await client.get(item, headers=teacher)).status_code == 404


async def test_bulk_create_creates_then_returns_todays_records(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services, clock: Any
) -> None:
    group = await make_group(services, "IELTS-A1")
    students = [await make_user(Role.STUDENT, group_id=group.id) for _ in range(3)]
    await make_user(Role.STUDENT)  # not in the group
    owner = await login_headers(await make_user(Role.ADMIN))
    student = await login_headers(students[0])
    clock.set(MONDAY_IN_LESSON)

    created = await client.post(
        "/api/v1/attendance/bulk_create/", json={"group_id": group.id}, headers=owner
    )
    assert created.status_code == 201
    body = created.json()
    assert [a["student"]["id"] for a in body] == [s.id for s in students]
    assert {a["status"] for a in body} == {"kelmadi"}
    assert {a["date"] for a in body} == {"2025-02-17"}
    assert all(set(a) >= {"id", "student", "group", "status", "date", "time"} for a in body)

    clock.advance(minutes=30)
    again = await client.post(
        "/api/v1/attendance/bulk_create", json={"group_id": group.id}, headers=owner
    )
    assert again.status_code == 200 and again.json() == body
    assert await count(services, academy_models.Attendance) == 3

    missing = await client.post("/api/v1/attendance/bulk_create/", json={}, headers=owner)
    assert missing.status_code == 400 and missing.json() == {
        "group_id": ["This field is required."]
    }
    unknown = await client.post(
        "/api/v1/attendance/bulk_create/", json={"group_id": 999}, headers=owner
    )
    assert unknown.status_code == 404 and unknown.json() == NOT_FOUND
    inactive = await make_group(services, "Old", active=False)
    refused = await client.post(
        "/api/v1/attendance/bulk_create/", json={"group_id": inactive.id}, headers=owner
    )
    assert refused.status_code == 400
    assert refused.json() == {"group_id": [f'Invalid pk "{inactive.id}" - object does not exist.']}
    forbidden = await client.post(
        "/api/v1/attendance/bulk_create/", json={"group_id": group.id}, headers=student
    )
    assert forbidden.status_code == 403
    wrong_method = await client.get("/api/v1/attendance/bulk_create/", headers=owner)
    assert wrong_method.status_code == 405


# ---------------------------------------------------------------------------------------------
# §9 scores


async def test_scores_as_the_seed_shows(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services, clock: Any
) -> None:
    group = await make_group(services, "IELTS-A1")
    student = await make_user(Role.STUDENT, username="student001", group_id=group.id)
    teacher_user = await make_user(Role.TEACHER, first_name="Bobur", last_name="Toshmatov")
    teacher = await login_headers(teacher_user)
    student_headers = await login_headers(student)
    clock.set(MONDAY_IN_LESSON)

    created = await client.post(
        "/api/v1/scores/",
        json={"student": student.id, "group": group.id, "score": 85, "given_by": 1},
        headers=teacher,
    )
    assert created.status_code == 201
    body = created.json()
    assert set(body) == SCORE_KEYS
    assert body["score"] == 85 and body["date"] == "2025-02-17"
    assert body["given_by"] == {
        "id": teacher_user.id,
        "first_name": "Bobur",
        "last_name": "Toshmatov",
    }
    assert body["student"]["username"] == "student001"
    assert body["group"] == {"id": group.id, "name": "IELTS-A1"}
    assert LOCAL.match(body["created_at"])
    await client.post(
        "/api/v1/scores/",
        json={"student": student.id, "group": group.id, "score": 0},
        headers=teacher,
    )
    assert await work_logs(services) == [(teacher_user.id, date(2025, 2, 17))]

    # the student sees their own points, with who gave them
    own = (await client.get("/api/v1/scores/", headers=student_headers)).json()
    assert [s["score"] for s in own] == [85, 0] and own[0]["given_by"]["first_name"] == "Bobur"
    item = f"/api/v1/scores/{body['id']}/"
    assert (await client.patch(item, json={"score": 95}, headers=teacher)).json()["score"] == 95
    assert (await client.get(item, headers=teacher)).json()["score"] == 95
    assert (await client.delete(item, headers=teacher)).status_code == 204


async def test_score_validation_and_refusals(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    inactive = await make_group(services, "Old", active=False)
    student_user = await make_user(Role.STUDENT, group_id=group.id)
    curator = await make_user(Role.CURATOR)
    teacher = await login_headers(await make_user(Role.TEACHER))
    for score, message in (
        (101, "Ensure this value is less than or equal to 100."),
        (-1, "Ensure this value is greater than or equal to 0."),
        ("many", "A valid integer is required."),
    ):
        response = await client.post(
            "/api/v1/scores/",
            json={"student": student_user.id, "group": group.id, "score": score},
            headers=teacher,
        )
        assert response.status_code == 400 and response.json() == {"score": [message]}, score
    not_student = await client.post(
        "/api/v1/scores/",
        json={"student": curator.id, "group": inactive.id, "score": 50},
        headers=teacher,
    )
    assert not_student.json() == {
        "student": [f'Invalid pk "{curator.id}" - object does not exist.'],
        "group": [f'Invalid pk "{inactive.id}" - object does not exist.'],
    }
    missing = await client.post("/api/v1/scores/", json={}, headers=teacher)
    assert set(missing.json()) == {"student", "group", "score"}

    other = await make_user(Role.STUDENT)
    [theirs] = await give_points(services, other.id, group.id, 70)
    student = await login_headers(student_user)
    assert (await client.get("/api/v1/scores/", headers=student)).json() == []
    assert (await client.get(f"/api/v1/scores/{theirs.id}/", headers=student)).status_code == 404
    refused = await client.post(
        "/api/v1/scores/",
        json={"student": student_user.id, "group": group.id, "score": 100},
        headers=student,
    )
    assert refused.status_code == 403 and refused.json() == FORBIDDEN
    assert (await client.get("/api/v1/scores/")).status_code == 401


# ---------------------------------------------------------------------------------------------
# §10 homework


async def test_homework_json_and_multipart(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services, clock: Any
) -> None:
    group = await make_group(services)
    teacher_user = await make_user(Role.TEACHER)
    teacher = await login_headers(teacher_user)
    clock.set(MONDAY_IN_LESSON)
    text = "Listening section bo'yicha mashq qiling"

    created = await client.post(
        "/api/v1/homework/", json={"group": group.id, "text": text}, headers=teacher
    )
    assert created.status_code == 201
    body = created.json()
    assert set(body) == HOMEWORK_KEYS
    assert body["group"] == group.id and body["text"] == text and body["file"] is None
    assert LOCAL.match(body["created_at"]) and LOCAL.match(body["updated_at"])

    pdf = b"%PDF-1.4 task one"
    uploaded = await client.post(
        "/api/v1/homework/",
        data={"group": str(group.id)},
        files={"file": ("task1.pdf", pdf, "application/pdf")},
        headers=teacher,
    )
    assert uploaded.status_code == 201
    with_file = uploaded.json()
    assert with_file["text"] is None
    assert with_file["file"].startswith("http://testserver/media/homework/")
    assert with_file["file"].endswith("task1.pdf")
    assert (await client.get(with_file["file"])).content == pdf
    assert await work_logs(services) == [(teacher_user.id, date(2025, 2, 17))]

    # a new file replaces the old one, which is removed
    item = f"/api/v1/homework/{with_file['id']}/"
    replaced = await client.patch(
        item, files={"file": ("task2.pdf", b"%PDF-1.4 two", "application/pdf")}, headers=teacher
    )
    assert replaced.status_code == 200 and replaced.json()["file"].endswith("task2.pdf")
    assert (await client.get(with_file["file"])).status_code == 404
    # removing the file needs text to remain
    bare = await client.patch(item, json={"file": None}, headers=teacher)
    assert bare.status_code == 400
    assert bare.json() == {"non_field_errors": ["Fayl yoki matn kiritilishi shart."]}
    swapped = await client.patch(item, json={"file": None, "text": "Read p. 4"}, headers=teacher)
    assert swapped.json()["file"] is None and swapped.json()["text"] == "Read p. 4"
    assert (await client.get(replaced.json()["file"])).status_code == 404
    put = await client.put(item, json={"text": "x"}, headers=teacher)
    assert put.json() == {"group": ["This field is required."]}

    listed = (await client.get("/api/v1/homework/", headers=teacher)).json()
    assert [h["id"] for h in listed] == [body["id"], with_file["id"]]
    assert (await client.delete(item, headers=teacher)).status_code == 204
    assert (await client.get(item, headers=teacher)).status_code == 404


async def test_homework_needs_text_or_file_and_an_active_group(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    teacher = await login_headers(await make_user(Role.TEACHER))
    group = await make_group(services)
    inactive = await make_group(services, "Old", active=False)
    before = stored_files(services)
    neither = await client.post("/api/v1/homework/", json={"group": group.id}, headers=teacher)
    assert neither.status_code == 400
    assert neither.json() == {"non_field_errors": ["Fayl yoki matn kiritilishi shart."]}
    blank = await client.post(
        "/api/v1/homework/", data={"group": str(group.id), "text": "  "}, headers=teacher
    )
    assert blank.json() == {"non_field_errors": ["Fayl yoki matn kiritilishi shart."]}
    old = await client.post(
        "/api/v1/homework/",
        data={"group": str(inactive.id)},
        files={"file": ("a.pdf", b"%PDF", "application/pdf")},
        headers=teacher,
    )
    assert old.json() == {"group": [f'Invalid pk "{inactive.id}" - object does not exist.']}
    missing = await client.post("/api/v1/homework/", json={"text": "x"}, headers=teacher)
    assert missing.json() == {"group": ["This field is required."]}
    not_int = await client.post(
        "/api/v1/homework/", data={"group": "one", "text": "x"}, headers=teacher
    )
    assert not_int.json() == {"group": ["A valid integer is required."]}
    malformed = await client.post(
        "/api/v1/homework/",
        content=b"{oops",
        headers={**teacher, "content-type": "application/json"},
    )
    assert malformed.status_code == 400 and malformed.json()["detail"].startswith(
        "JSON parse error"
    )
    # nothing was stored for the refused upload
    assert stored_files(services) == before
    assert await count(services, academy_models.Homework) == 0


async def test_my_homework_is_for_students_of_the_group(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services, "IELTS-A1")
    other_group = await make_group(services, "SAT-B2")
    ours = await add_homework(services, group.id, "Listening section bo'yicha mashq qiling")
    theirs = await add_homework(services, other_group.id, "Math")
    student = await login_headers(await make_user(Role.STUDENT, group_id=group.id))

    mine = await client.get("/api/v1/homework/my-homework/", headers=student)
    assert mine.status_code == 200
    assert [h["id"] for h in mine.json()] == [ours.id]
    assert set(mine.json()[0]) == HOMEWORK_KEYS
    # the general list is filtered for a student too; another group's homework is not found
    assert [h["id"] for h in (await client.get("/api/v1/homework/", headers=student)).json()] == [
        ours.id
    ]
    hidden = await client.get(f"/api/v1/homework/{theirs.id}/", headers=student)
    assert hidden.status_code == 404
    refused = await client.post(
        "/api/v1/homework/", json={"group": group.id, "text": "x"}, headers=student
    )
    assert refused.status_code == 403

    groupless = await login_headers(await make_user(Role.STUDENT))
    assert (await client.get("/api/v1/homework/my-homework", headers=groupless)).json() == []
    for role in (Role.TEACHER, Role.ADMIN):
        staff = await login_headers(await make_user(role))
        response = await client.get("/api/v1/homework/my-homework/", headers=staff)
        assert response.status_code == 403 and response.json() == {"detail": "Not a student"}
    anonymous = await client.get("/api/v1/homework/my-homework/")
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED


# ---------------------------------------------------------------------------------------------
# §15 work logs


async def test_work_logs_are_read_only_and_kept_once_a_day(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services, clock: Any
) -> None:
    group = await make_group(services)
    student_user = await make_user(Role.STUDENT, group_id=group.id)
    teacher_user = await make_user(Role.TEACHER)
    teacher = await login_headers(teacher_user)
    owner = await login_headers(await make_user(Role.ADMIN))
    student = await login_headers(student_user)
    clock.set(MONDAY_IN_LESSON)
    await client.post(
        "/api/v1/attendance/bulk_create/", json={"group_id": group.id}, headers=teacher
    )
    await client.post(
        "/api/v1/scores/",
        json={"student": student_user.id, "group": group.id, "score": 80},
        headers=teacher,
    )
    await client.post("/api/v1/homework/", json={"group": group.id, "text": "x"}, headers=teacher)
    await add_work_log(services, teacher_user.id, date(2025, 2, 14))

    listed = await client.get("/api/v1/work-logs/", headers=teacher)
    assert listed.status_code == 200
    logs = listed.json()
    assert [(w["employee"], w["date"]) for w in logs] == [
        (teacher_user.id, "2025-02-17"),
        (teacher_user.id, "2025-02-14"),
    ]
    assert set(logs[0]) == {"id", "employee", "date", "status", "note", "created_at"}
    assert logs[0]["status"] is True and logs[0]["note"] is None
    assert logs[0]["created_at"] == "2025-02-17T10:00:00+05:00"
    item = f"/api/v1/work-logs/{logs[0]['id']}/"
    assert (await client.get(item, headers=teacher)).json() == logs[0]
    assert len((await client.get("/api/v1/work-logs/", headers=owner)).json()) == 2

    for method, url in (("POST", "/api/v1/work-logs/"), ("PUT", item), ("DELETE", item)):
        response = await client.request(method, url, json={}, headers=owner)
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method}" not allowed.'}

    assert (await client.get("/api/v1/work-logs/", headers=student)).json() == []
    assert (await client.get(item, headers=student)).status_code == 404
    assert (await client.get("/api/v1/work-logs/")).status_code == 401
