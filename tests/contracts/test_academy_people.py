"""Academy dialect (seed 001 §5 owners, §6 workers, §7 students and their rating): the seed's
requests replayed; passwords are write-only; owners and workers are for admins only."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from models.db import read_session
from models.people import Role, User
from resolvers.context import Services
from tests.academy.factories import give_points, make_group

LOCAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$")
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}
STAFF_KEYS = {
    "id",
    "username",
    "first_name",
    "last_name",
    "phone",
    "telegram_id",
    "role",
    "is_staff",
    "is_superuser",
    "created_at",
}
STUDENT_KEYS = {
    "id",
    "username",
    "first_name",
    "last_name",
    "phone",
    "parent_phone",
    "telegram_id",
    "role",
    "group",
    "all_score",
    "created_at",
}


async def login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/login/", json={"username": username, "password": password})


async def role_of(services: Services, user_id: int) -> str:
    async with read_session(services.sessionmaker) as session:
        return str(await session.scalar(select(User.role).where(User.id == user_id)))


async def test_owners_crud_as_the_seed_shows(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    me = await make_user(Role.ADMIN, username="superadmin")
    owner = await login_headers(me)
    request = {
        "username": "admin001",
        "password": "secure1234",
        "first_name": "Ali",
        "last_name": "Valiyev",
        "phone": "+998901234567",
        "telegram_id": "987654321",
    }
    created = await client.post("/api/v1/owners/", json=request, headers=owner)
    assert created.status_code == 201
    body = created.json()
    assert set(body) == STAFF_KEYS  # no password, ever
    assert {k: body[k] for k in request if k != "password"} == {
        k: v for k, v in request.items() if k != "password"
    }
    assert body["role"] == "owner" and body["is_staff"] is True and body["is_superuser"] is True
    assert LOCAL.match(body["created_at"])
    assert await role_of(services, body["id"]) == "ADMIN"
    assert (await login(client, "admin001", "secure1234")).json()["user"]["role"] == "owner"

    listed = (await client.get("/api/v1/owners/", headers=owner)).json()
    assert [o["username"] for o in listed] == ["superadmin", "admin001"]
    item = f"/api/v1/owners/{body['id']}/"
    assert (await client.get(item, headers=owner)).json() == body

    patched = await client.patch(item, json={"password": "new-secret-1"}, headers=owner)
    assert patched.status_code == 200 and "password" not in patched.json()
    assert (await login(client, "admin001", "secure1234")).status_code == 401
    assert (await login(client, "admin001", "new-secret-1")).status_code == 200
    put = await client.put(item, json={"username": "admin002", "first_name": "Vali"}, headers=owner)
    assert put.status_code == 200
    assert put.json()["username"] == "admin002" and put.json()["last_name"] == "Valiyev"
    put_missing = await client.put(item, json={"first_name": "Vali"}, headers=owner)
    assert put_missing.status_code == 400
    assert put_missing.json() == {"username": ["This field is required."]}

    deleted = await client.delete(item, headers=owner)
    assert deleted.status_code == 204
    assert (await client.get(item, headers=owner)).status_code == 404
    myself = await client.delete(f"/api/v1/owners/{me.id}/", headers=owner)
    assert myself.status_code == 400 and myself.json() == {"id": ["You cannot delete yourself."]}


async def test_workers_are_employees_and_created_as_teachers(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    admin = await make_user(Role.ADMIN)
    owner = await login_headers(admin)
    curator = await make_user(Role.CURATOR)
    await make_user(Role.STUDENT)
    request = {
        "username": "teacher01",
        "password": "mypassword1",
        "first_name": "Bobur",
        "last_name": "Toshmatov",
        "phone": "+998991234567",
    }
    created = await client.post("/api/v1/workers/", json=request, headers=owner)
    assert created.status_code == 201
    body = created.json()
    assert set(body) == STAFF_KEYS
    assert body["role"] == "employee" and body["is_staff"] is True
    assert body["is_superuser"] is False and body["telegram_id"] is None
    assert await role_of(services, body["id"]) == "TEACHER"

    # every staff role but admin is an employee
    listed = (await client.get("/api/v1/workers/", headers=owner)).json()
    assert [w["id"] for w in listed] == [curator.id, body["id"]]
    assert {w["role"] for w in listed} == {"employee"}
    assert (await client.get(f"/api/v1/workers/{admin.id}/", headers=owner)).status_code == 404
    assert (await client.get(f"/api/v1/owners/{body['id']}/", headers=owner)).status_code == 404
    patched = await client.patch(
        f"/api/v1/workers/{curator.id}/", json={"telegram_id": "555"}, headers=owner
    )
    assert patched.json()["telegram_id"] == "555"
    assert await role_of(services, curator.id) == "CURATOR"  # the role stays
    assert (await client.delete(f"/api/v1/workers/{body['id']}", headers=owner)).status_code == 204


@pytest.mark.parametrize("roster", ["owners", "workers"])
async def test_owners_and_workers_are_for_admins_only(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, roster: str
) -> None:
    teacher = await make_user(Role.TEACHER)
    base, item = f"/api/v1/{roster}/", f"/api/v1/{roster}/{teacher.id}/"
    anonymous = await client.get(base)
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED
    for role in (Role.TEACHER, Role.CURATOR, Role.STUDENT):
        headers = await login_headers(teacher if role is Role.TEACHER else await make_user(role))
        for method, url in (
            ("GET", base),
            ("POST", base),
            ("GET", item),
            ("PUT", item),
            ("PATCH", item),
            ("DELETE", item),
        ):
            response = await client.request(method, url, json={}, headers=headers)
            assert response.status_code == 403 and response.json() == FORBIDDEN, (role, method)


async def test_people_validation_uses_drf_messages(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    await make_user(Role.TEACHER, username="teacher01")
    for roster in ("owners", "workers", "students"):
        missing = await client.post(f"/api/v1/{roster}/", json={}, headers=owner)
        assert missing.status_code == 400
        assert missing.json() == {
            "username": ["This field is required."],
            "password": ["This field is required."],
        }
        short = await client.post(
            f"/api/v1/{roster}/", json={"username": "abc", "password": "1234567"}, headers=owner
        )
        assert short.json() == {
            "username": ["Ensure this field has at least 6 characters."],
            "password": ["Ensure this field has at least 8 characters."],
        }
        taken = await client.post(
            f"/api/v1/{roster}/",
            json={"username": "teacher01", "password": "long-enough"},
            headers=owner,
        )
        assert taken.json() == {"username": ["A user with that username already exists."]}


async def test_students_crud_as_the_seed_shows(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    group = await make_group(services, "IELTS-A1")
    request = {
        "username": "student001",
        "password": "qwerty123",
        "first_name": "Jasur",
        "last_name": "Qodirov",
        "phone": "+998900000001",
        "parent_phone": "+998900000002",
        "telegram_id": "111222333",
        "group": group.id,
    }
    created = await client.post("/api/v1/students/", json=request, headers=owner)
    assert created.status_code == 201
    body = created.json()
    assert set(body) == STUDENT_KEYS
    assert body["group"] == {"id": group.id, "name": "IELTS-A1"}
    assert body["role"] == "student" and body["all_score"] == 0
    assert body["parent_phone"] == "+998900000002" and body["telegram_id"] == "111222333"
    assert LOCAL.match(body["created_at"])

    await give_points(services, body["id"], group.id, 85, 90, 75)
    other_group = await make_group(services, "SAT-B2")
    await make_user(Role.STUDENT, group_id=other_group.id)
    await make_user(Role.STUDENT)
    listed = (await client.get("/api/v1/students/", headers=owner)).json()
    assert len(listed) == 3 and listed[0]["all_score"] == 250
    in_group = (await client.get(f"/api/v1/students/?group_id={group.id}", headers=owner)).json()
    assert [s["username"] for s in in_group] == ["student001"]
    bad_filter = await client.get("/api/v1/students/?group_id=x", headers=owner)
    assert bad_filter.status_code == 400
    assert bad_filter.json() == {"group_id": ["A valid integer is required."]}

    item = f"/api/v1/students/{body['id']}/"
    moved = await client.patch(item, json={"group": other_group.id}, headers=owner)
    assert moved.json()["group"] == {"id": other_group.id, "name": "SAT-B2"}
    ungrouped = await client.patch(item, json={"group": None}, headers=owner)
    assert ungrouped.json()["group"] is None
    put = await client.put(item, json={"username": "student001", "phone": None}, headers=owner)
    assert put.status_code == 200 and put.json()["phone"] is None
    assert (await client.delete(item, headers=owner)).status_code == 204
    assert (await client.get(item, headers=owner)).status_code == 404


async def test_student_group_must_be_active(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    owner = await login_headers(await make_user(Role.ADMIN))
    inactive = await make_group(services, "Old", active=False)
    response = await client.post(
        "/api/v1/students/",
        json={"username": "student002", "password": "qwerty123", "group": inactive.id},
        headers=owner,
    )
    assert response.status_code == 400
    assert response.json() == {"group": [f'Invalid pk "{inactive.id}" - object does not exist.']}


async def test_students_see_only_themselves_and_employees_only_read(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    me = await make_user(Role.STUDENT)
    other = await make_user(Role.STUDENT)
    mine = await login_headers(me)
    listed = await client.get("/api/v1/students/", headers=mine)
    assert listed.status_code == 200 and [s["id"] for s in listed.json()] == [me.id]
    assert (await client.get(f"/api/v1/students/{me.id}/", headers=mine)).status_code == 200
    hidden = await client.get(f"/api/v1/students/{other.id}/", headers=mine)
    assert hidden.status_code == 404 and hidden.json() == NOT_FOUND
    refused = await client.patch(f"/api/v1/students/{me.id}/", json={}, headers=mine)
    assert refused.status_code == 403

    teacher = await login_headers(await make_user(Role.TEACHER))
    assert len((await client.get("/api/v1/students/", headers=teacher)).json()) == 2
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        url = "/api/v1/students/" if method == "POST" else f"/api/v1/students/{other.id}/"
        response = await client.request(method, url, json={}, headers=teacher)
        assert response.status_code == 403 and response.json() == FORBIDDEN, method
    assert (await client.get("/api/v1/students/")).json() == NOT_AUTHENTICATED


async def test_student_rating_in_a_group(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services, "IELTS-A1")
    elsewhere = await make_group(services, "SAT-B2")
    jasur = await make_user(
        Role.STUDENT, username="student001", first_name="Jasur", group_id=group.id
    )
    dilnoza = await make_user(
        Role.STUDENT, username="student002", first_name="Dilnoza", group_id=group.id
    )
    newcomer = await make_user(Role.STUDENT, username="student003", group_id=group.id)
    await give_points(services, jasur.id, group.id, 100, 100, 100, 20)
    await give_points(services, dilnoza.id, group.id, 90, 100, 100)
    await give_points(services, dilnoza.id, elsewhere.id, 100)  # another group's points
    teacher = await login_headers(await make_user(Role.TEACHER))

    response = await client.get(f"/api/v1/students/rating/?group_id={group.id}", headers=teacher)
    assert response.status_code == 200
    body = response.json()
    assert [(r["username"], r["total_score"], r["rank"]) for r in body] == [
        ("student001", 320, 1),
        ("student002", 290, 2),
        (newcomer.username, 0, 3),
    ]
    assert set(body[0]) == {
        "id",
        "username",
        "first_name",
        "last_name",
        "total_score",
        "rank",
        "group_name",
    }
    assert body[0]["first_name"] == "Jasur" and body[0]["group_name"] == "IELTS-A1"

    for query in ("", "?group_id="):
        missing = await client.get(f"/api/v1/students/rating/{query}", headers=teacher)
        assert missing.status_code == 400
        assert missing.json() == {"error": "group_id parametri kerak."}
    not_int = await client.get("/api/v1/students/rating/?group_id=x", headers=teacher)
    assert not_int.json() == {"group_id": ["A valid integer is required."]}
    unknown = await client.get("/api/v1/students/rating/?group_id=999", headers=teacher)
    assert unknown.status_code == 404 and unknown.json() == NOT_FOUND

    # a student sees their own group's rating, not another's
    own = await login_headers(jasur)
    ok = await client.get(f"/api/v1/students/rating?group_id={group.id}", headers=own)
    assert ok.status_code == 200 and len(ok.json()) == 3
    other = await client.get(f"/api/v1/students/rating/?group_id={elsewhere.id}", headers=own)
    assert other.status_code == 404
    assert (await client.get(f"/api/v1/students/rating/?group_id={group.id}")).status_code == 401
