"""Academy dialect (seed 001 §3 subjects, §4 groups and their rating): the seed's requests
replayed, answers checked for status codes, keys, value types and DRF error envelopes."""

from __future__ import annotations

import re
from typing import Any

import httpx

from models.people import Role
from resolvers.context import Services
from tests.academy.factories import add_homework, give_points, make_group, make_subject

LOCAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$")
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}
GROUP_KEYS = {
    "id",
    "name",
    "description",
    "subject",
    "subject_name",
    "teacher",
    "is_active",
    "days",
    "start_time",
    "end_time",
    "created_at",
    "group_total_score",
    "students_count",
    "homework_count",
}


async def test_subjects_crud_as_the_seed_shows(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    # POST
    created = await client.post("/api/v1/subjects/", json={"name": "IELTS"}, headers=owner)
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "name", "created_at"}
    assert isinstance(body["id"], int) and body["name"] == "IELTS"
    assert LOCAL.match(body["created_at"])
    await client.post("/api/v1/subjects", json={"name": "SAT"}, headers=owner)
    # GET list and detail
    listed = await client.get("/api/v1/subjects/", headers=owner)
    assert listed.status_code == 200
    assert [s["name"] for s in listed.json()] == ["IELTS", "SAT"]
    item = f"/api/v1/subjects/{body['id']}/"
    assert (await client.get(item, headers=owner)).json() == body
    # PUT and PATCH
    put = await client.put(item, json={"name": "IELTS (Updated)"}, headers=owner)
    assert put.status_code == 200 and put.json()["name"] == "IELTS (Updated)"
    patch = await client.patch(item.rstrip("/"), json={"name": "IELTS"}, headers=owner)
    assert patch.status_code == 200 and patch.json()["name"] == "IELTS"
    # DELETE
    deleted = await client.delete(item, headers=owner)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = await client.get(item, headers=owner)
    assert gone.status_code == 404 and gone.json() == NOT_FOUND


async def test_subject_refusals(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    teacher = await login_headers(await make_user(Role.TEACHER))
    student = await login_headers(await make_user(Role.STUDENT))
    subject = await make_subject(services)
    item = f"/api/v1/subjects/{subject.id}/"

    anonymous = await client.get("/api/v1/subjects/")
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED
    for headers in (teacher, student):
        assert (await client.get("/api/v1/subjects/", headers=headers)).status_code == 200
        refused = await client.post("/api/v1/subjects/", json={"name": "X"}, headers=headers)
        assert refused.status_code == 403 and refused.json() == FORBIDDEN
        assert (await client.delete(item, headers=headers)).status_code == 403
    # permission is checked before the body, as in DRF
    assert (await client.post("/api/v1/subjects/", json=[1], headers=teacher)).status_code == 403

    missing = await client.post("/api/v1/subjects/", json={}, headers=owner)
    assert missing.status_code == 400 and missing.json() == {"name": ["This field is required."]}
    empty = await client.post("/api/v1/subjects/", headers=owner)
    assert empty.json() == {"name": ["This field is required."]}
    blank = await client.post("/api/v1/subjects/", json={"name": " "}, headers=owner)
    assert blank.json() == {"name": ["This field may not be blank."]}
    null = await client.put(item, json={"name": None}, headers=owner)
    assert null.json() == {"name": ["This field may not be null."]}
    put_without_name = await client.put(item, json={}, headers=owner)
    assert put_without_name.json() == {"name": ["This field is required."]}
    assert (await client.patch(item, json={}, headers=owner)).status_code == 200
    too_long = await client.post("/api/v1/subjects/", json={"name": "x" * 101}, headers=owner)
    assert too_long.json() == {"name": ["Ensure this field has no more than 100 characters."]}
    missing_item = await client.get("/api/v1/subjects/999/", headers=owner)
    assert missing_item.status_code == 404 and missing_item.json() == NOT_FOUND
    not_a_number = await client.get("/api/v1/subjects/abc/", headers=owner)
    assert not_a_number.status_code == 404
    method = await client.post(item, json={}, headers=owner)
    assert method.status_code == 405 and method.json() == {"detail": 'Method "POST" not allowed.'}
    # a subject with groups stays
    await make_group(services, subject=subject)
    protected = await client.delete(item, headers=owner)
    assert protected.status_code == 400 and "groups" in protected.json()["detail"]


async def test_groups_crud_with_computed_fields(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    teacher = await make_user(Role.TEACHER)
    subject = await make_subject(services, "IELTS")
    request = {
        "name": "IELTS-A1",
        "description": "Asosiy guruh",
        "subject": subject.id,
        "is_active": True,
        "days": "Mon,Wed,Fri",
        "start_time": "09:00:00",
        "end_time": "11:00:00",
    }
    created = await client.post("/api/v1/groups/", json=request, headers=owner)
    assert created.status_code == 201
    body = created.json()
    assert set(body) == GROUP_KEYS
    assert {k: body[k] for k in request} == request
    assert body["subject_name"] == "IELTS" and body["teacher"] is None
    assert (body["group_total_score"], body["students_count"], body["homework_count"]) == (0, 0, 0)
    assert LOCAL.match(body["created_at"])

    # computed fields follow the group's students, points and homework
    group_id = body["id"]
    s1 = await make_user(Role.STUDENT, group_id=group_id)
    s2 = await make_user(Role.STUDENT, group_id=group_id)
    await give_points(services, s1.id, group_id, 85, 90)
    await give_points(services, s2.id, group_id, 75)
    await add_homework(services, group_id)
    listed = (await client.get("/api/v1/groups/", headers=owner)).json()
    assert len(listed) == 1
    assert listed[0]["group_total_score"] == 250
    assert listed[0]["students_count"] == 2 and listed[0]["homework_count"] == 1

    item = f"/api/v1/groups/{group_id}/"
    patched = await client.patch(
        item, json={"teacher": teacher.id, "days": "tue, thu", "start_time": "08:30"}, headers=owner
    )
    assert patched.status_code == 200
    assert patched.json()["teacher"] == teacher.id
    assert patched.json()["days"] == "Tue,Thu" and patched.json()["start_time"] == "08:30:00"
    assert patched.json()["end_time"] == "11:00:00"  # PATCH leaves the rest as it was
    put = await client.put(
        item, json={"name": "IELTS-B2", "subject": subject.id, "end_time": "16:00"}, headers=owner
    )
    assert put.status_code == 200 and put.json()["name"] == "IELTS-B2"
    assert put.json()["description"] == "Asosiy guruh"  # PUT leaves unsent optional fields
    assert (await client.get(item, headers=owner)).json() == put.json()

    deleted = await client.delete(item, headers=owner)
    assert deleted.status_code == 204
    assert (await client.get(item, headers=owner)).status_code == 404
    # its students stay, without a group
    students = (await client.get("/api/v1/students/", headers=owner)).json()
    assert [s["group"] for s in students] == [None, None]


async def test_group_validation_and_refusals(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    teacher_user = await make_user(Role.TEACHER)
    teacher = await login_headers(teacher_user)
    student_user = await make_user(Role.STUDENT)
    student = await login_headers(student_user)
    subject = await make_subject(services)

    missing = await client.post("/api/v1/groups/", json={}, headers=owner)
    assert missing.status_code == 400
    assert missing.json() == {
        "name": ["This field is required."],
        "subject": ["This field is required."],
    }
    bad = await client.post(
        "/api/v1/groups/",
        json={
            "name": "x" * 31,
            "subject": 999,
            "days": "Mon,Funday",
            "start_time": "11:00",
            "end_time": "09:00",
            "teacher": student_user.id,
        },
        headers=owner,
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "name": ["Ensure this field has no more than 30 characters."],
        "subject": ['Invalid pk "999" - object does not exist.'],
        "days": ['Use day names separated by commas, as "Mon,Wed,Fri".'],
        "end_time": ["The lesson must end after it starts."],
        "teacher": [f'Invalid pk "{student_user.id}" - object does not exist.'],
    }
    types = await client.post(
        "/api/v1/groups/",
        json={"name": "A", "subject": "one", "is_active": "maybe", "start_time": "9 o'clock"},
        headers=owner,
    )
    assert types.status_code == 400
    assert types.json() == {
        "subject": ["A valid integer is required."],
        "is_active": ["Must be a valid boolean."],
        "start_time": [
            "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."
        ],
    }
    group = await make_group(services, subject=subject)
    item = f"/api/v1/groups/{group.id}/"
    put = await client.put(item, json={"name": "New"}, headers=owner)
    assert put.json() == {"subject": ["This field is required."]}

    assert (await client.get("/api/v1/groups/")).json() == NOT_AUTHENTICATED
    for headers in (teacher, student):
        assert (await client.get("/api/v1/groups/", headers=headers)).status_code == 200
        assert (await client.get(item, headers=headers)).status_code == 200
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            url = "/api/v1/groups/" if method == "POST" else item
            refused = await client.request(method, url, json={"name": "X"}, headers=headers)
            assert refused.status_code == 403 and refused.json() == FORBIDDEN, method


async def test_group_rating_ranks_active_groups_by_total_points(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    ielts = await make_subject(services, "IELTS")
    sat = await make_subject(services, "SAT")
    a1 = await make_group(services, "IELTS-A1", subject=ielts)
    b2 = await make_group(services, "SAT-B2", subject=sat)
    tied = await make_group(services, "SAT-C1", subject=sat)
    old = await make_group(services, "Old", subject=sat, active=False)
    students = [await make_user(Role.STUDENT, group_id=g.id) for g in (a1, a1, b2, tied, old)]
    await give_points(services, students[0].id, a1.id, 100, 100)
    await give_points(services, students[1].id, a1.id, 50)
    await give_points(services, students[2].id, b2.id, 80)
    await give_points(services, students[3].id, tied.id, 80)
    await give_points(services, students[4].id, old.id, 100, 100, 100)

    response = await client.get("/api/v1/groups/rating/", headers=await login_headers(students[0]))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": a1.id,
            "name": "IELTS-A1",
            "subject_name": "IELTS",
            "total_score": 250,
            "rank": 1,
            "students_count": 2,
        },
        {
            "id": b2.id,
            "name": "SAT-B2",
            "subject_name": "SAT",
            "total_score": 80,
            "rank": 2,
            "students_count": 1,
        },
        {
            "id": tied.id,
            "name": "SAT-C1",
            "subject_name": "SAT",
            "total_score": 80,
            "rank": 2,
            "students_count": 1,
        },
    ]
    assert (await client.get("/api/v1/groups/rating")).status_code == 401


async def test_openapi_describes_the_academy_endpoints(client: httpx.AsyncClient) -> None:
    # warnings are errors in the suite: duplicate operation ids would fail here
    response = await client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/subjects/{subject_id}/",
        "/api/v1/groups/rating/",
        "/api/v1/students/rating/",
        "/api/v1/attendance/bulk_create/",
        "/api/v1/homework/my-homework/",
        "/api/v1/work-logs/{work_log_id}/",
    ):
        assert path in paths, path
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/v1/groups/{group_id}/"])
