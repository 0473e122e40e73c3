"""Log-in, refresh rotation with reuse detection, log-out: over GraphQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt

from models.people import Role
from tests.conftest import PASSWORD, FakeClock
from tests.graphql import gql_ok, post_refused

TOKEN_CREATE = """
mutation Login($u: String!, $p: String!) {
  tokenCreate(input: {username: $u, password: $p}) {
    accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt
    user { username role ... on Staff { code } }
    userErrors { field message code }
  }
}
"""
TOKEN_REFRESH = """
mutation Refresh($t: String!) {
  tokenRefresh(input: {refreshToken: $t}) {
    accessToken refreshToken userErrors { field message code }
  }
}
"""
TOKEN_REVOKE = """
mutation Revoke($t: String) {
  tokenRevoke(input: {refreshToken: $t}) { revoked userErrors { code } }
}
"""
VIEWER = "{ viewer { username } }"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> Any:
    data = await gql_ok(client, TOKEN_CREATE, {"u": username, "p": password})
    return data["tokenCreate"]


async def test_token_create_returns_working_tokens_with_role(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    # given
    admin = await make_user(Role.ADMIN, code="ADM-1")
    # when
    result = await login(client, admin.username)
    # then
    assert result["userErrors"] == []
    assert result["user"] == {"username": admin.username, "role": "ADMIN", "code": "ADM-1"}
    payload = jwt.decode(result["accessToken"], options={"verify_signature": False})
    assert payload["role"] == "ADMIN" and payload["user_id"] == admin.id
    viewer = await gql_ok(client, VIEWER, headers=bearer(result["accessToken"]))
    assert viewer["viewer"]["username"] == admin.username


async def test_wrong_password_and_unknown_user_look_the_same(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    for username, password in ((user.username, "wrong-password"), ("nobody-here", PASSWORD)):
        result = await login(client, username, password)
        assert result["accessToken"] is None
        assert result["userErrors"] == [
            {"field": None, "message": "Invalid credentials", "code": "INVALID_CREDENTIALS"}
        ]


async def test_inactive_user_cannot_log_in(client: httpx.AsyncClient, make_user: Any) -> None:
    user = await make_user(is_active=False)
    result = await login(client, user.username)
    assert result["userErrors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_blank_username_is_a_field_error(client: httpx.AsyncClient) -> None:
    result = await login(client, "", PASSWORD)
    assert result["userErrors"] == [
        {"field": "username", "message": "This field may not be blank.", "code": "BLANK"}
    ]


async def test_refresh_rotates_and_old_refresh_token_stops_working(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    first = await login(client, user.username)
    # when
    second = (await gql_ok(client, TOKEN_REFRESH, {"t": first["refreshToken"]}))["tokenRefresh"]
    # then
    assert second["userErrors"] == []
    assert second["refreshToken"] != first["refreshToken"]
    assert (await gql_ok(client, VIEWER, headers=bearer(second["accessToken"])))["viewer"]
    third = (await gql_ok(client, TOKEN_REFRESH, {"t": second["refreshToken"]}))["tokenRefresh"]
    assert third["userErrors"] == []


async def test_reused_refresh_token_revokes_the_whole_family(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    first = await login(client, user.username)
    second = (await gql_ok(client, TOKEN_REFRESH, {"t": first["refreshToken"]}))["tokenRefresh"]
    # when: the first refresh token is presented again (a stolen copy)
    replay = (await gql_ok(client, TOKEN_REFRESH, {"t": first["refreshToken"]}))["tokenRefresh"]
    # then: refused, and every token of that login stops working
    assert replay["userErrors"][0]["code"] == "INVALID_TOKEN"
    legit = (await gql_ok(client, TOKEN_REFRESH, {"t": second["refreshToken"]}))["tokenRefresh"]
    assert legit["userErrors"][0]["code"] == "INVALID_TOKEN"
    assert await post_refused(client, VIEWER, headers=bearer(second["accessToken"]))
    # another login of the same user is untouched
    other = await login(client, user.username)
    assert (await gql_ok(client, VIEWER, headers=bearer(other["accessToken"])))["viewer"]


async def test_access_token_is_not_a_refresh_token(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    pair = await login(client, user.username)
    result = (await gql_ok(client, TOKEN_REFRESH, {"t": pair["accessToken"]}))["tokenRefresh"]
    assert result["userErrors"][0]["code"] == "INVALID_TOKEN"
    await post_refused(
        client, "{ students(first: 1) { totalCount } }", headers=bearer(pair["refreshToken"])
    )


async def test_refresh_token_expires_after_three_days(
    client: httpx.AsyncClient, make_user: Any, clock: FakeClock
) -> None:
    user = await make_user()
    pair = await login(client, user.username)
    clock.advance(days=3, seconds=1)
    # pyjwt checks exp against the real clock: make the token's own exp the judge here too
    # by checking the server-side record, which follows the service clock.
    result = (await gql_ok(client, TOKEN_REFRESH, {"t": pair["refreshToken"]}))["tokenRefresh"]
    assert result["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_revoke_ends_the_login(client: httpx.AsyncClient, make_user: Any) -> None:
    user = await make_user()
    pair = await login(client, user.username)
    result = (await gql_ok(client, TOKEN_REVOKE, {"t": pair["refreshToken"]}))["tokenRevoke"]
    assert result == {"revoked": True, "userErrors": []}
    assert await post_refused(client, VIEWER, headers=bearer(pair["accessToken"]))
    refreshed = (await gql_ok(client, TOKEN_REFRESH, {"t": pair["refreshToken"]}))["tokenRefresh"]
    assert refreshed["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_revoke_without_token_ends_the_callers_login(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    pair = await login(client, user.username)
    result = await gql_ok(client, TOKEN_REVOKE, {"t": None}, headers=bearer(pair["accessToken"]))
    assert result["tokenRevoke"]["revoked"] is True
    assert await post_refused(client, VIEWER, headers=bearer(pair["accessToken"]))


async def test_disabling_a_user_refuses_their_tokens(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN)
    user = await make_user(Role.TEACHER)
    headers = await login_headers(user)
    assert (await gql_ok(client, VIEWER, headers=headers))["viewer"]
    update = """mutation($id: ID!) { userUpdate(input: {id: $id, isActive: false}) {
        userErrors { code } } }"""
    from schema.common.node import encode_global_id

    result = await gql_ok(
        client,
        update,
        {"id": encode_global_id("Staff", user.id)},
        headers=await login_headers(admin),
    )
    assert result["userUpdate"]["userErrors"] == []
    assert await post_refused(client, VIEWER, headers=headers)


async def test_malformed_authorization_is_unauthenticated(client: httpx.AsyncClient) -> None:
    for header in ("Basic abc", "Bearer", "Bearer not-a-token"):
        await post_refused(
            client, "{ students(first: 1) { totalCount } }", headers={"Authorization": header}
        )


async def test_an_accepted_token_still_ends_with_its_login_and_with_its_lifetime(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Any, clock: FakeClock
) -> None:
    # Accepted tokens are kept verified between requests; that must change neither rule.
    user = await make_user()
    pair = await login(client, user.username)
    headers = bearer(pair["accessToken"])
    assert (await gql_ok(client, VIEWER, headers=headers))["viewer"]
    await gql_ok(client, TOKEN_REVOKE, {"t": pair["refreshToken"]})
    assert await post_refused(client, VIEWER, headers=headers)

    lifetime = services.tokens.access_seconds
    clock.set(datetime.now(UTC) - timedelta(seconds=lifetime - 2))
    short = await login_headers(user)  # expires two seconds from now
    assert (await gql_ok(client, VIEWER, headers=short))["viewer"]
    await asyncio.sleep(2.5)
    assert await post_refused(client, VIEWER, headers=short) == "Invalid or expired token."


async def test_a_refused_credential_is_unauthenticated_not_anonymous(
    client: httpx.AsyncClient, make_user: Any, clock: FakeClock
) -> None:
    # given: signed out (no credential), and three credentials that were sent and are bad
    user = await make_user()
    revoked = await login(client, user.username)
    await gql_ok(client, TOKEN_REVOKE, {"t": revoked["refreshToken"]})
    expired = jwt.encode(
        {**jwt.decode(revoked["accessToken"], options={"verify_signature": False}), "exp": 1},
        "another-secret-" + "k" * 40,
        algorithm="HS256",
    )
    # then: signed out reads as anonymous; each bad credential is refused, on every path
    assert (await gql_ok(client, VIEWER))["viewer"] is None
    for token in ("garbage", expired, revoked["accessToken"]):
        for query in (VIEWER, "{ exams(first: 1) { totalCount } }", '{ node(id: "x") { id } }'):
            assert await post_refused(client, query, headers=bearer(token))
    # in the spec's own media type too
    response = await client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={**bearer("garbage"), "accept": "application/graphql-response+json"},
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_stale_access_token_still_lets_the_client_refresh_log_in_and_out(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    user = await make_user()
    pair = await login(client, user.username)
    stale = bearer("garbage")  # a client that keeps sending the token that just expired
    refreshed = await gql_ok(client, TOKEN_REFRESH, {"t": pair["refreshToken"]}, headers=stale)
    assert refreshed["tokenRefresh"]["userErrors"] == []
    again = await gql_ok(client, TOKEN_CREATE, {"u": user.username, "p": PASSWORD}, headers=stale)
    assert again["tokenCreate"]["accessToken"]
    out = await gql_ok(client, TOKEN_REVOKE, {"t": again["tokenCreate"]["refreshToken"]}, stale)
    assert out["tokenRevoke"]["revoked"] is True
    # but not with anything else in the same document
    await post_refused(
        client,
        "mutation($t: String!) { tokenRefresh(input: {refreshToken: $t}) { accessToken } "
        'userDelete(input: {id: "x"}) { userErrors { code } } }',
        {"t": refreshed["tokenRefresh"]["refreshToken"]},
        headers=stale,
    )
