"""§17 Telegram messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Body, Request
from starlette.responses import Response

from models import messaging as messaging_models
from resolvers import messaging as messaging_resolvers
from rest.academy import route, shapes
from rest.common import app_context

JSONBody = Body(default=None)


async def render_messages(
    request: Request, rows: Sequence[messaging_models.Message]
) -> list[dict[str, Any]]:
    """The seed's message shape, logs included, with a constant number of statements."""
    ctx = await app_context(request)
    deliveries = await messaging_resolvers.deliveries_of(ctx, [r.id for r in rows])
    flat = [d for ds in deliveries for d in ds]
    people = dict(
        zip(
            [d.id for d in flat],
            await messaging_resolvers.recipients_of(ctx, flat),
            strict=True,
        )
    )
    out = []
    for row, its in zip(rows, deliveries, strict=True):
        out.append(
            {
                "id": row.id,
                "text": row.text,
                "recipients": [d.recipient_id for d in its],
                "created_at": shapes.local_time(row.created_at),
                "logs": [
                    {
                        "id": d.id,
                        "message": row.id,
                        "recipient": d.recipient_id,
                        "recipient_name": people[d.id].full_name if people[d.id] else "",
                        "status": d.status,
                        "error": d.error,
                        "sent_at": shapes.local_time(d.sent_at),
                    }
                    for d in its
                ],
            }
        )
    return out


async def list_messages(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    return await render_messages(request, await messaging_resolvers.list_messages(ctx))


async def send_message(request: Request, body: dict[str, Any] | None = JSONBody) -> dict[str, Any]:
    ctx = await app_context(request)
    body = body or {}
    data = {k: body[k] for k in ("text", "recipient_ids") if k in body}
    row = await messaging_resolvers.message_send(ctx, data)
    (shape,) = await render_messages(request, [row])
    return shape


async def get_message(request: Request, message_id: int) -> dict[str, Any]:
    ctx = await app_context(request)
    (shape,) = await render_messages(
        request, [await messaging_resolvers.get_message(ctx, message_id)]
    )
    return shape


async def delete_message(request: Request, message_id: int) -> Response:
    ctx = await app_context(request)
    await messaging_resolvers.message_delete(ctx, message_id)
    return Response(status_code=204)


def register(router: APIRouter) -> None:
    messages = "/api/v1/messages/"
    route(router, messages, ["GET"], summary="Messages, newest first")(list_messages)
    route(router, messages, ["POST"], status_code=201, summary="Send a Telegram message")(
        send_message
    )
    one = messages + "{message_id:int}/"
    route(router, one, ["GET"], summary="A message")(get_message)
    route(router, one, ["DELETE"], status_code=204, summary="Delete a message")(delete_message)
