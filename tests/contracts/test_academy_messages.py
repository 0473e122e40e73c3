"""Academy dialect (seed 001) §17 Telegram messages: the seed's requests replayed, answers
checked for status codes, keys, value types and error envelopes, for each role."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from models.people import Role, User
from resolvers import messaging as messaging_resolvers
from resolvers.context import Services
from resolvers.worker import JobSpec, Worker
from tests.conftest import FakeClock
from tests.messaging.fake_telegram import FakeTelegram

MESSAGES = "/api/v1/messages/"
MESSAGE_KEYS = {"id", "text", "recipients", "created_at", "logs"}
LOG_KEYS = {"id", "message", "recipient", "recipient_name", "status", "error", "sent_at"}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
UNAUTHENTICATED = {"detail": "Authentication credentials were not provided."}


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram().start()
    try:
        yield fake
    finally:
        fake.stop()


async def seed_students(make_user: Any) -> list[User]:
    """The seed's recipients: Jasur Qodirov (on Telegram), Dilnoza Yusupova (not), a third."""
    return [
        await make_user(
            Role.STUDENT, first_name="Jasur", last_name="Qodirov", telegram_id="700100"
        ),
        await make_user(Role.STUDENT, first_name="Dilnoza", last_name="Yusupova"),
        await make_user(Role.STUDENT, first_name="Olim", last_name="Nazarov", telegram_id="700300"),
    ]


async def test_send_then_list_answers_as_the_seed_shows(
    client: httpx.AsyncClient,
    services: Services,
    telegram: FakeTelegram,
    make_user: Any,
    login_headers: Any,
    clock: FakeClock,
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    jasur, dilnoza, olim = await seed_students(make_user)
    clock.set(datetime(2025, 2, 19, 11, 0, tzinfo=UTC))  # 16:00 in Tashkent
    # when: the seed's body (sent_by in the body is ignored)
    body = {
        "text": "Ertaga dars yo'q!",
        "recipient_ids": [jasur.id, dilnoza.id, olim.id],
        "sent_by": jasur.id,
    }
    response = await client.post(MESSAGES, json=body, headers=headers)
    # then
    assert response.status_code == 201
    message = response.json()
    assert set(message) == MESSAGE_KEYS
    assert isinstance(message["id"], int)
    assert message["text"] == "Ertaga dars yo'q!"
    assert message["recipients"] == [jasur.id, dilnoza.id, olim.id]
    assert message["created_at"] == "2025-02-19T16:00:00+05:00"
    # one log per recipient, written with the message: pending until the worker sends
    logs = {log["recipient"]: log for log in message["logs"]}
    assert all(set(log) == LOG_KEYS for log in message["logs"])
    assert logs[jasur.id] == {
        "id": logs[jasur.id]["id"],
        "message": message["id"],
        "recipient": jasur.id,
        "recipient_name": "Jasur Qodirov",
        "status": "pending",
        "error": None,
        "sent_at": None,
    }
    assert (logs[dilnoza.id]["status"], logs[dilnoza.id]["error"]) == (
        "failed",
        "Telegram ID topilmadi",
    )
    assert logs[dilnoza.id]["recipient_name"] == "Dilnoza Yusupova"

    # when: the worker delivers, 30 seconds later
    clock.advance(seconds=30)
    settings = services.settings.with_overrides(
        telegram_api_base=telegram.base_url, telegram_bot_token=telegram.token
    )
    job = JobSpec("telegram", messaging_resolvers.deliver_telegram)
    await Worker(dataclasses.replace(services, settings=settings), [job]).run_once()
    # then: the list shows it sent, at the time Telegram took it
    listed = await client.get(MESSAGES, headers=headers)
    assert listed.status_code == 200
    (shown,) = listed.json()
    logs = {log["recipient"]: log for log in shown["logs"]}
    assert (logs[jasur.id]["status"], logs[jasur.id]["error"]) == ("sent", None)
    assert logs[jasur.id]["sent_at"] == "2025-02-19T16:00:30+05:00"
    assert logs[dilnoza.id] == {**logs[dilnoza.id], "status": "failed", "sent_at": None}
    assert sorted(m["chat_id"] for m in telegram.sent) == [700100, 700300]
    one = await client.get(f"{MESSAGES}{message['id']}/", headers=headers)
    assert one.status_code == 200 and one.json() == shown


async def test_messages_are_listed_newest_first_and_deleted(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, clock: FakeClock
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    (student,) = [await make_user(Role.STUDENT)]
    ids = []
    for text in ("first", "second", "third"):
        created = await client.post(
            MESSAGES, json={"text": text, "recipient_ids": [student.id]}, headers=headers
        )
        ids.append(created.json()["id"])
        clock.advance(minutes=1)
    listed = await client.get(MESSAGES.rstrip("/"), headers=headers)
    assert [m["text"] for m in listed.json()] == ["third", "second", "first"]
    deleted = await client.delete(f"{MESSAGES}{ids[1]}/", headers=headers)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = await client.get(f"{MESSAGES}{ids[1]}", headers=headers)
    assert (gone.status_code, gone.json()) == (404, {"detail": "Not found."})
    assert [m["id"] for m in (await client.get(MESSAGES, headers=headers)).json()] == [
        ids[2],
        ids[0],
    ]


async def test_messages_go_to_students_only(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    student = await make_user(Role.STUDENT)
    teacher = await make_user(Role.TEACHER)

    async def refused(body: Any) -> Any:
        response = await client.post(MESSAGES, json=body, headers=headers)
        assert response.status_code == 400, response.text
        return response.json()

    assert await refused({"text": "hi", "recipient_ids": [student.id, teacher.id]}) == {
        "recipient_ids": [f"User {teacher.id} is not a student."]
    }
    assert await refused({"text": "hi", "recipient_ids": [999999, 99999999999]}) == {
        "recipient_ids": [
            'Invalid pk "999999" - object does not exist.',
            'Invalid pk "99999999999" - object does not exist.',
        ]
    }
    assert await refused({}) == {
        "text": ["This field is required."],
        "recipient_ids": ["This field is required."],
    }
    assert await refused({"text": "  ", "recipient_ids": []}) == {
        "text": ["This field may not be blank."],
        "recipient_ids": ["This list may not be empty."],
    }
    assert await refused({"text": "x" * 4097, "recipient_ids": ["a"]}) == {
        "text": ["Ensure this field has no more than 4096 characters."],
        "recipient_ids": ["A valid integer is required."],
    }
    assert await refused({"text": "hi", "recipient_ids": student.id}) == {
        "recipient_ids": ['Expected a list of items but got type "int".']
    }
    # nothing was written by the refused requests
    assert (await client.get(MESSAGES, headers=headers)).json() == []


async def test_message_permissions_for_each_role(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any
) -> None:
    admin = await login_headers(await make_user(Role.ADMIN))
    student_user = await make_user(Role.STUDENT)
    created = (
        await client.post(
            MESSAGES, json={"text": "hi", "recipient_ids": [student_user.id]}, headers=admin
        )
    ).json()
    one = f"{MESSAGES}{created['id']}/"
    teacher = await login_headers(await make_user(Role.TEACHER))
    student = await login_headers(student_user)
    # employees read, and send or delete nothing
    assert (await client.get(MESSAGES, headers=teacher)).status_code == 200
    assert (await client.get(one, headers=teacher)).status_code == 200
    body = {"text": "hi", "recipient_ids": [student_user.id]}
    for method, path in (("POST", MESSAGES), ("DELETE", one)):
        response = await client.request(method, path, json=body, headers=teacher)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    # students: nothing here, even messages to themselves
    for method, path in (("GET", MESSAGES), ("GET", one), ("POST", MESSAGES), ("DELETE", one)):
        response = await client.request(method, path, json=body, headers=student)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        anonymous = await client.request(method, path, json=body)
        assert (anonymous.status_code, anonymous.json()) == (401, UNAUTHENTICATED)
    for method, path in (("PUT", one), ("PATCH", one), ("DELETE", MESSAGES)):
        response = await client.request(method, path, json=body, headers=admin)
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method}" not allowed.'}
