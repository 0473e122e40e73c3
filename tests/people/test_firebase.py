"""Firebase ID tokens from the Auth emulator: role claims, linking, revocation, disabled users."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select

from models.db import read_session
from models.people import Role, User
from resolvers.context import Services
from tests.firebase_emulator import FirebaseEmulator
from tests.graphql import error_codes, gql_ok, post_graphql, post_refused

STUDENTS = "{ students(first: 5) { totalCount } }"
VIEWER = "{ viewer { username role } }"


def email() -> str:
    return f"fb-{uuid.uuid4().hex[:10]}@example.com"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_role_claim_grants_that_role_without_a_local_user(
    client: httpx.AsyncClient, firebase: FirebaseEmulator, make_user: Any
) -> None:
    await make_user(Role.STUDENT)
    _, token = firebase.user(email(), role="curator")
    data = await gql_ok(client, STUDENTS, headers=bearer(token))
    assert data["students"]["totalCount"] == 1
    # no local account: no viewer, but the role's permissions apply
    assert (await gql_ok(client, VIEWER, headers=bearer(token)))["viewer"] is None


async def test_student_role_claim_is_not_staff(
    client: httpx.AsyncClient, firebase: FirebaseEmulator
) -> None:
    _, token = firebase.user(email(), role="student")
    assert error_codes(await post_graphql(client, STUDENTS, headers=bearer(token))) == ["FORBIDDEN"]


async def test_without_role_claim_the_linked_user_gives_the_role_and_is_linked_by_email(
    client: httpx.AsyncClient, firebase: FirebaseEmulator, make_user: Any, services: Services
) -> None:
    address = email()
    curator = await make_user(Role.CURATOR, email=address.upper())
    uid, token = firebase.user(address)
    viewer = await gql_ok(client, VIEWER, headers=bearer(token))
    assert viewer["viewer"] == {"username": curator.username, "role": "CURATOR"}
    async with read_session(services.sessionmaker) as session:
        linked = await session.scalar(select(User.firebase_uid).where(User.id == curator.id))
    assert linked == uid
    # from now on the uid alone finds the user, even if the email changes
    new_address = email()
    firebase.update(uid, email=new_address)
    token = firebase.sign_in(new_address)
    assert (await gql_ok(client, VIEWER, headers=bearer(token)))["viewer"]["username"] == (
        curator.username
    )


async def test_unverified_email_is_not_linked(
    client: httpx.AsyncClient, firebase: FirebaseEmulator, make_user: Any
) -> None:
    address = email()
    await make_user(Role.ADMIN, email=address)
    _, token = firebase.user(address, verified=False)
    assert (await gql_ok(client, VIEWER, headers=bearer(token)))["viewer"] is None
    assert error_codes(await post_graphql(client, STUDENTS, headers=bearer(token))) == ["FORBIDDEN"]


async def test_revoked_token_is_refused(
    client: httpx.AsyncClient, firebase: FirebaseEmulator
) -> None:
    uid, token = firebase.user(email(), role="admin")
    assert "errors" not in await post_graphql(client, STUDENTS, headers=bearer(token))
    firebase.revoke(uid)
    assert await post_refused(client, STUDENTS, headers=bearer(token))


async def test_disabled_user_is_refused(
    client: httpx.AsyncClient, firebase: FirebaseEmulator
) -> None:
    uid, token = firebase.user(email(), role="admin")
    firebase.disable(uid)
    assert await post_refused(client, STUDENTS, headers=bearer(token))


async def test_forged_token_is_refused(client: httpx.AsyncClient) -> None:
    import jwt

    forged = jwt.encode(
        {"sub": "x", "role": "admin"}, "not-firebase-" + "k" * 40, algorithm="HS256"
    )
    assert await post_refused(client, STUDENTS, headers=bearer(forged))
