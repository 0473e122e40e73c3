"""Academy dialect (seed 001): the requests of the seed replayed, answers checked for paths,
status codes, keys, value types and error envelopes."""

from __future__ import annotations

from typing import Any

import httpx
import jwt

from auth.passwords import hash_password
from models.people import Role

LOGIN = "/api/v1/login/"
REFRESH = "/api/token/refresh/"


async def test_login_answers_as_the_seed_shows(client: httpx.AsyncClient, make_user: Any) -> None:
    # given: the seed's owner "admin123" / "secret123"
    await make_user(
        Role.ADMIN,
        username="admin123",
        first_name="John",
        last_name="Doe",
        password_hash=hash_password("secret123"),
    )
    # when
    response = await client.post(LOGIN, json={"username": "admin123", "password": "secret123"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"tokens", "user"}
    assert set(body["tokens"]) == {"access", "refresh"}
    assert all(isinstance(v, str) and v.count(".") == 2 for v in body["tokens"].values())
    assert body["user"] == {
        "id": body["user"]["id"],
        "username": "admin123",
        "role": "owner",
        "full_name": "John Doe",
    }
    assert isinstance(body["user"]["id"], int)
    # the role is encoded in the token itself, for the frontend to decode
    claims = jwt.decode(body["tokens"]["access"], options={"verify_signature": False})
    assert claims["role"] in ("ADMIN", "owner") and claims["user_id"] == body["user"]["id"]


async def test_login_roles_render_in_academy_words(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    for role, word in (
        (Role.TEACHER, "employee"),
        (Role.CURATOR, "employee"),
        (Role.STUDENT, "student"),
    ):
        user = await make_user(role)
        response = await client.post(
            LOGIN, json={"username": user.username, "password": "password123"}
        )
        assert response.json()["user"]["role"] == word


async def test_login_refusals(client: httpx.AsyncClient, make_user: Any) -> None:
    user = await make_user()
    wrong = await client.post(LOGIN, json={"username": user.username, "password": "nope-nope"})
    assert wrong.status_code == 401 and wrong.json() == {"detail": "Invalid credentials"}
    missing = await client.post(LOGIN, json={})
    assert missing.status_code == 400
    assert missing.json() == {
        "username": ["This field is required."],
        "password": ["This field is required."],
    }
    blank = await client.post(LOGIN, json={"username": "", "password": "x"})
    assert blank.status_code == 400 and blank.json() == {
        "username": ["This field may not be blank."]
    }
    null = await client.post(LOGIN, json={"username": None, "password": "x"})
    assert null.json() == {"username": ["This field may not be null."]}
    malformed = await client.post(
        LOGIN, content=b"{oops", headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400 and malformed.json()["detail"].startswith(
        "JSON parse error"
    )
    not_object = await client.post(LOGIN, json=["admin"])
    assert not_object.status_code == 400
    assert not_object.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


async def test_login_path_without_trailing_slash_works(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    response = await client.post(
        "/api/v1/login", json={"username": user.username, "password": "password123"}
    )
    assert response.status_code == 200


async def test_refresh_rotates_and_refuses_reuse(client: httpx.AsyncClient, make_user: Any) -> None:
    user = await make_user()
    tokens = (
        await client.post(LOGIN, json={"username": user.username, "password": "password123"})
    ).json()["tokens"]
    response = await client.post(REFRESH, json={"refresh": tokens["refresh"]})
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["access"], str) and isinstance(body["refresh"], str)
    reused = await client.post(REFRESH, json={"refresh": tokens["refresh"]})
    assert reused.status_code == 401
    assert reused.json() == {"detail": "Token is invalid or expired", "code": "token_not_valid"}
    missing = await client.post(REFRESH, json={})
    assert missing.status_code == 400 and missing.json() == {"refresh": ["This field is required."]}


async def test_unknown_routes_and_methods_use_the_drf_envelope(
    client: httpx.AsyncClient,
) -> None:
    missing = await client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    method = await client.delete(LOGIN)
    assert method.status_code == 405
    assert method.json() == {"detail": 'Method "DELETE" not allowed.'}


async def test_health_reports_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
