"""Telegram messages to students (seed 001 §17) and their delivery.

Sending a message writes, in one transaction, the message, one delivery record per recipient
and, for each recipient with a Telegram ID, an outbox row. Recipients without a Telegram ID
fail at once with "Telegram ID topilmadi". The `telegram` worker job then calls the Bot API's
`sendMessage` for each outbox row, retrying with exponential backoff up to
TELEGRAM_MAX_ATTEMPTS, and records `sent` (with the time) or `failed` (with the last error) in
the same transaction that closes the outbox row. See resolvers/outbox.py for what a crash can
and cannot do to a delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Select, delete, select, update

from models import messaging as messaging_models
from models import people as people_models
from models.db import read_session, write_session
from resolvers import outbox, telegram, values, worker
from resolvers.context import AppContext, Services
from resolvers.errors import Collector, NotFound
from resolvers.pagination import Page, PageArgs, SortKey, paginate

log = logging.getLogger("edugraph.messaging")

Message = messaging_models.Message
MessageDelivery = messaging_models.MessageDelivery
DeliveryStatus = messaging_models.DeliveryStatus
User = people_models.User
Role = people_models.Role

OUTBOX_KIND = "telegram"
TEXT_MAX = 4096  # the Bot API refuses longer texts
NO_TELEGRAM_ID = "Telegram ID topilmadi"
BATCH = 20


# ---------------------------------------------------------------------------------------------
# reads


def _messages(ctx: AppContext) -> Select[Any]:
    ctx.require("message.read")
    return select(Message)


async def list_messages(ctx: AppContext) -> list[Message]:
    """Every message, newest first (the seed's order)."""
    stmt = _messages(ctx).order_by(Message.created_at.desc(), Message.id.desc())
    async with read_session(ctx.sessionmaker) as session:
        return list(await session.scalars(stmt))


async def messages_page(ctx: AppContext, page: PageArgs = PageArgs()) -> Page[Message]:
    keys = [SortKey(Message.created_at, True, datetime), SortKey(Message.id, True, int)]
    return await paginate(
        ctx.sessionmaker, _messages(ctx), keys, page, key_of=lambda m: [m.created_at, m.id]
    )


async def get_messages(ctx: AppContext, message_ids: Sequence[int]) -> list[Message | None]:
    if not ctx.allowed("message.read"):
        return [None] * len(message_ids)
    return list(await ctx.loaders.message_by_id.load_many([values.safe_id(i) for i in message_ids]))


async def get_message(ctx: AppContext, message_id: int) -> Message:
    ctx.require("message.read")
    row = await ctx.loaders.message_by_id.load(values.safe_id(message_id))
    if row is None:
        raise NotFound(field="id")
    return row


async def get_deliveries(
    ctx: AppContext, delivery_ids: Sequence[int]
) -> list[MessageDelivery | None]:
    if not ctx.allowed("message.read"):
        return [None] * len(delivery_ids)
    return list(
        await ctx.loaders.delivery_by_id.load_many([values.safe_id(i) for i in delivery_ids])
    )


async def deliveries_of(ctx: AppContext, message_ids: Sequence[int]) -> list[list[MessageDelivery]]:
    """Each message's delivery records (one per recipient, in the order given), in one batch;
    for messages the caller already holds."""
    return list(await ctx.loaders.deliveries_by_message_id.load_many(list(message_ids)))


async def recipients_of(
    ctx: AppContext, deliveries: Sequence[MessageDelivery]
) -> list[User | None]:
    """The students the deliveries went to: whoever may read a message may see whom it went
    to (the academy shows their names)."""
    return list(await ctx.loaders.user_by_id.load_many([d.recipient_id for d in deliveries]))


# ---------------------------------------------------------------------------------------------
# writes


async def _validate(ctx: AppContext, data: Mapping[str, Any]) -> tuple[str, list[User]]:
    errors = Collector()
    given = dict(data)
    text = None
    if values.required(errors, "text", given, "text"):
        text = values.string(errors, "text", given["text"], max_len=TEXT_MAX)
    ids: list[int] = []
    if values.required(errors, "recipient_ids", given, "recipient_ids"):
        for raw in values.item_list(
            errors, "recipient_ids", given["recipient_ids"], allow_empty=False
        ):
            number = values.integer(errors, "recipient_ids", raw)
            if number is not None and number not in ids:
                ids.append(number)
    recipients: list[User] = []
    if ids:
        # Numbers no key can hold name nobody: never sent to the database.
        lookup = [i for i in ids if values.valid_id(i)]
        async with read_session(ctx.sessionmaker) as session:
            rows = await session.scalars(select(User).where(User.id.in_(lookup)))
            found = {u.id: u for u in rows}
        for user_id in ids:
            user = found.get(user_id)
            if user is None:
                errors.add(
                    "recipient_ids",
                    f'Invalid pk "{user_id}" - object does not exist.',
                    "DOES_NOT_EXIST",
                )
            elif user.role != Role.STUDENT.value:
                # Messages go to students only (§17).
                errors.add("recipient_ids", f"User {user_id} is not a student.", "NOT_A_STUDENT")
            else:
                recipients.append(user)
    errors.raise_if_any()
    assert text is not None
    return text, recipients


async def message_send(ctx: AppContext, data: Mapping[str, Any]) -> Message:
    """Record a message to students and queue its Telegram delivery, all in one transaction."""
    ctx.require("message.send")
    text, recipients = await _validate(ctx, data)
    now = ctx.now()
    async with write_session(ctx.sessionmaker) as session:
        message = Message(text=text, sent_by_id=ctx.principal.user_id, created_at=now)
        session.add(message)
        await session.flush()
        chats = [(student.telegram_id or "").strip() for student in recipients]
        deliveries = [
            MessageDelivery(
                message_id=message.id,
                recipient_id=student.id,
                status=(DeliveryStatus.PENDING if chat else DeliveryStatus.FAILED).value,
                error=None if chat else NO_TELEGRAM_ID,
                updated_at=now,
            )
            for student, chat in zip(recipients, chats, strict=True)
        ]
        session.add_all(deliveries)
        await session.flush()
        for delivery, chat in zip(deliveries, chats, strict=True):
            if chat:
                # The chat and text travel with the row: what was sent is what was queued.
                payload = {"delivery_id": delivery.id, "chat_id": chat, "text": text}
                outbox.enqueue(session, OUTBOX_KIND, payload, now)
    ctx.loaders.message_by_id.prime(message.id, message)
    return message


async def message_delete(ctx: AppContext, message_id: int) -> int:
    """Delete a message and its delivery records; deliveries still queued are not sent."""
    ctx.require("message.delete")
    async with write_session(ctx.sessionmaker) as session:
        if await session.get(Message, values.safe_id(message_id)) is None:
            raise NotFound(field="id")
        await session.execute(delete(Message).where(Message.id == message_id))
    ctx.loaders.message_by_id.clear(message_id)
    ctx.loaders.deliveries_by_message_id.clear(message_id)
    return message_id


# ---------------------------------------------------------------------------------------------
# delivery (a worker job)


async def _finish(
    services: Services,
    claim: outbox.Claimed,
    claimant: str,
    *,
    status: DeliveryStatus,
    error: str | None = None,
) -> None:
    """Close the outbox row and record the outcome on the delivery, in one transaction."""
    now = services.clock()
    async with write_session(services.sessionmaker) as session:
        if status is DeliveryStatus.SENT:
            ours = await outbox.complete(session, claim.id, claimant, now)
        else:
            ours = await outbox.give_up(session, claim.id, claimant, now, error or "failed")
        if not ours:
            # Our lease ran out and another worker holds the row: it records the outcome.
            log.warning("outbox row %s was re-claimed during delivery", claim.id)
            return
        await session.execute(
            update(MessageDelivery)
            .where(
                MessageDelivery.id == claim.payload["delivery_id"],
                MessageDelivery.status == DeliveryStatus.PENDING.value,
            )
            .values(
                status=status.value,
                error=error,
                sent_at=now if status is DeliveryStatus.SENT else None,
                updated_at=now,
            )
        )


async def _still_pending(services: Services, claims: Sequence[outbox.Claimed]) -> set[int]:
    ids = [c.payload["delivery_id"] for c in claims]
    async with read_session(services.sessionmaker) as session:
        found = await session.scalars(
            select(MessageDelivery.id).where(
                MessageDelivery.id.in_(ids),
                MessageDelivery.status == DeliveryStatus.PENDING.value,
            )
        )
        return set(found)


async def deliver_telegram(services: Services) -> int:
    """Claim due Telegram deliveries and send them; returns how many rows it handled."""
    settings = services.settings
    token = settings.telegram_bot_token
    if not token:
        # Without a bot nothing can be sent; deliveries wait (pending) until one is configured.
        return 0
    me = worker.current()
    claims = await outbox.claim(
        services.sessionmaker,
        OUTBOX_KIND,
        limit=BATCH,
        now=services.clock(),
        lease_seconds=settings.outbox_lease_seconds,
        claimant=me.name,
    )
    if not claims:
        return 0
    pending = await _still_pending(services, claims)
    async with httpx.AsyncClient(timeout=settings.telegram_timeout_seconds) as client:
        for index, claim in enumerate(claims):
            if me.stopping:
                await outbox.release(services.sessionmaker, [c.id for c in claims[index:]], me.name)
                break
            if claim.payload["delivery_id"] not in pending:
                # The message was deleted (or the record settled): send nothing.
                await _finish(
                    services, claim, me.name, status=DeliveryStatus.FAILED, error="cancelled"
                )
                continue
            if claim.attempts > settings.telegram_max_attempts:
                # Earlier claims died mid-delivery (the claim counts each attempt).
                await _finish(
                    services,
                    claim,
                    me.name,
                    status=DeliveryStatus.FAILED,
                    error=claim.last_error or "delivery was interrupted too often",
                )
                continue
            result = await telegram.send_message(
                client,
                base_url=settings.telegram_api_base,
                token=token,
                chat_id=telegram.chat_id_value(str(claim.payload["chat_id"])),
                text=str(claim.payload["text"]),
                time_limit=settings.telegram_timeout_seconds,
            )
            if result.ok:
                await _finish(services, claim, me.name, status=DeliveryStatus.SENT)
            elif result.retryable and claim.attempts < settings.telegram_max_attempts:
                delay = outbox.backoff_seconds(claim.attempts, settings.telegram_retry_seconds)
                delay = max(delay, result.retry_after or 0.0)
                await outbox.retry_later(
                    services.sessionmaker,
                    claim.id,
                    me.name,
                    services.clock() + timedelta(seconds=delay),
                    result.error or "failed",
                )
            else:
                await _finish(
                    services, claim, me.name, status=DeliveryStatus.FAILED, error=result.error
                )
    return len(claims)


worker.register_job(OUTBOX_KIND, deliver_telegram)
