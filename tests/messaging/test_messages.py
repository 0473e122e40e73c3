"""messageSend / messageDelete, the messages connection, and its statement counts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from models.db import read_session
from models.messaging import Outbox
from models.people import Role, User
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.conftest import FakeClock
from tests.graphql import error_codes, gql_ok, post_graphql, user_errors

SEND = """
mutation($input: MessageSendInput!) {
  messageSend(input: $input) {
    message {
      id text sentBy { username }
      deliveries { status error sentAt recipient { username } }
      recipients { username }
    }
    userErrors { field message code }
  }
}
"""
DELETE = """
mutation($input: MessageDeleteInput!) {
  messageDelete(input: $input) { deletedMessageId userErrors { field message code } }
}
"""
MESSAGES = """
query($first: Int) {
  messages(first: $first) {
    totalCount
    nodes { text sentBy { username } deliveries { id status recipient { fullName } } }
  }
}
"""


def student_id(user: User) -> str:
    return encode_global_id("Student", user.id)


async def outbox_count(services: Services) -> int:
    async with read_session(services.sessionmaker) as session:
        return int(await session.scalar(select(func.count(Outbox.id))) or 0)


async def test_message_send_records_deliveries_and_queues_telegram(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN, username="admin123")
    on_telegram = await make_user(Role.STUDENT, username="student001", telegram_id="700100")
    off_telegram = await make_user(Role.STUDENT, username="student002")
    headers = await login_headers(admin)
    ids = [student_id(on_telegram), student_id(off_telegram), student_id(on_telegram)]
    data = await gql_ok(
        client, SEND, {"input": {"text": "Ertaga dars yo'q!", "recipientIds": ids}}, headers
    )
    result = data["messageSend"]
    assert result["userErrors"] == []
    message = result["message"]
    assert message["text"] == "Ertaga dars yo'q!"
    assert message["sentBy"] == {"username": "admin123"}
    # a repeated recipient gets one delivery
    assert message["deliveries"] == [
        {
            "status": "PENDING",
            "error": None,
            "sentAt": None,
            "recipient": {"username": "student001"},
        },
        {
            "status": "FAILED",
            "error": "Telegram ID topilmadi",
            "sentAt": None,
            "recipient": {"username": "student002"},
        },
    ]
    assert message["recipients"] == [{"username": "student001"}, {"username": "student002"}]
    # only the one who can receive it waits in the outbox
    assert await outbox_count(services) == 1


@pytest.mark.parametrize(
    ("text", "recipients", "expected"),
    [
        ("  ", "student", [("text", "BLANK")]),
        ("x" * 4097, "student", [("text", "TOO_LONG")]),
        ("hi", "none", [("recipientIds", "EMPTY")]),
        ("hi", "missing", [("recipientIds", "DOES_NOT_EXIST")]),
        ("hi", "staff", [("recipientIds", "NOT_A_STUDENT")]),
        ("hi", "bogus", [("recipientIds", "INVALID_ID")]),
    ],
)
async def test_message_send_user_errors(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    text: str,
    recipients: str,
    expected: list[tuple[str, str]],
) -> None:
    admin = await make_user(Role.ADMIN)
    student = await make_user(Role.STUDENT, telegram_id="1")
    ids = {
        "student": [student_id(student)],
        "none": [],
        "missing": [encode_global_id("Student", 999999)],
        "staff": [encode_global_id("Staff", admin.id)],
        "bogus": ["bogus"],
    }[recipients]
    result = await post_graphql(
        client, SEND, {"input": {"text": text, "recipientIds": ids}}, await login_headers(admin)
    )
    assert [(e["field"], e["code"]) for e in user_errors(result, "messageSend")] == expected
    assert result["data"]["messageSend"]["message"] is None
    assert await outbox_count(services) == 0


async def test_message_writes_are_for_admins_only(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await login_headers(await make_user(Role.ADMIN))
    student = await make_user(Role.STUDENT)
    sent = await gql_ok(
        client, SEND, {"input": {"text": "hi", "recipientIds": [student_id(student)]}}, admin
    )
    message_id = sent["messageSend"]["message"]["id"]
    teacher = await login_headers(await make_user(Role.TEACHER))
    for headers, code in (
        (teacher, "FORBIDDEN"),
        (await login_headers(student), "FORBIDDEN"),
        ({}, "UNAUTHENTICATED"),
    ):
        for document, variables in (
            (SEND, {"input": {"text": "hi", "recipientIds": [student_id(student)]}}),
            (DELETE, {"input": {"id": message_id}}),
        ):
            assert error_codes(await post_graphql(client, document, variables, headers)) == [code]
    # reading: staff yes, students no
    assert (await gql_ok(client, MESSAGES, None, teacher))["messages"]["totalCount"] == 1
    forbidden = await post_graphql(client, MESSAGES, None, await login_headers(student))
    assert error_codes(forbidden) == ["FORBIDDEN"]


async def test_message_delete(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    student = await make_user(Role.STUDENT)
    sent = await gql_ok(
        client, SEND, {"input": {"text": "hi", "recipientIds": [student_id(student)]}}, headers
    )
    message_id = sent["messageSend"]["message"]["id"]
    data = await gql_ok(client, DELETE, {"input": {"id": message_id}}, headers)
    assert data["messageDelete"] == {"deletedMessageId": message_id, "userErrors": []}
    again = await post_graphql(client, DELETE, {"input": {"id": message_id}}, headers)
    assert [(e["field"], e["code"]) for e in user_errors(again, "messageDelete")] == [
        ("id", "NOT_FOUND")
    ]
    wrong = await post_graphql(client, DELETE, {"input": {"id": student_id(student)}}, headers)
    assert [e["code"] for e in user_errors(wrong, "messageDelete")] == ["INVALID_ID"]
    assert (await gql_ok(client, MESSAGES, None, headers))["messages"]["totalCount"] == 0


async def test_messages_connection_is_newest_first(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, clock: FakeClock
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    student = await make_user(
        Role.STUDENT, first_name="Jasur", last_name="Qodirov", telegram_id="700100"
    )
    for text in ("one", "two", "three"):
        await gql_ok(
            client, SEND, {"input": {"text": text, "recipientIds": [student_id(student)]}}, headers
        )
        clock.advance(minutes=1)
    data = await gql_ok(client, MESSAGES, {"first": 2}, headers)
    assert data["messages"]["totalCount"] == 3
    assert [n["text"] for n in data["messages"]["nodes"]] == ["three", "two"]
    delivery = data["messages"]["nodes"][0]["deliveries"][0]
    assert delivery["recipient"] == {"fullName": "Jasur Qodirov"}
    node = await gql_ok(
        client,
        "query($id: ID!) { node(id: $id) { ... on MessageDelivery { status } } }",
        {"id": delivery["id"]},
        headers,
    )
    assert node["node"] == {"status": "PENDING"}


# ---------------------------------------------------------------------------------------------
# statement counts


async def send_many(
    client: httpx.AsyncClient, headers: dict[str, str], students: list[User], n: int
) -> None:
    for i in range(n):
        pair = [students[i % len(students)], students[(i + 1) % len(students)]]
        response = await client.post(
            "/api/v1/messages/",
            json={"text": f"message {i}", "recipient_ids": [s.id for s in pair]},
            headers=headers,
        )
        assert response.status_code == 201


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        # principal, messages, deliveries, recipients
        ("/api/v1/messages/", None, 4),
        # principal, messages, totalCount, deliveries, senders, recipients
        (None, MESSAGES, 6),
    ],
)
async def test_message_lists_cost_the_same_for_5_and_50(
    client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
    path: str | None,
    query: str | None,
    expected: int,
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    students = [await make_user(Role.STUDENT, telegram_id=str(i)) for i in range(1, 8)]

    async def measure() -> tuple[int, list[Any]]:
        with count_statements() as counter:
            if path:
                response = await client.get(path, headers=headers)
                rows = response.json()
            else:
                rows = (await gql_ok(client, query or "", {"first": 100}, headers))["messages"][
                    "nodes"
                ]
        return counter.count, rows

    await send_many(client, headers, students, 5)
    small, _ = await measure()
    await send_many(client, headers, students, 45)
    large, rows = await measure()
    assert len(rows) == 50
    assert all(len(r["logs" if path else "deliveries"]) == 2 for r in rows)
    assert small == large == expected
