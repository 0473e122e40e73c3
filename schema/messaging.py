"""Telegram messages to students and how their delivery went."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import messaging as messaging_models
from resolvers import messaging as messaging_resolvers
from resolvers import people as people_resolvers
from resolvers.errors import DomainError
from schema.common.descriptions import described as _desc
from schema.common.errors import USER_ERRORS, mutate, to_user_errors
from schema.common.node import Node, database_id_of, register_node
from schema.common.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    page_args,
)
from schema.context import Info

if TYPE_CHECKING:
    from schema.people import Staff, Student

StudentRef = Annotated["Student", strawberry.lazy("schema.people")]
StaffRef = Annotated["Staff", strawberry.lazy("schema.people")]

DeliveryStatus = strawberry.enum(
    messaging_models.DeliveryStatus, description="Where a message's delivery to one student is."
)


async def _person(info: Info, user_id: int | None) -> Any:
    from schema.people import user_from_row

    if user_id is None:
        return None
    row = await people_resolvers.get_user(info.context, user_id)
    return user_from_row(row) if row else None


@strawberry.type(description="One student a message went to, and how delivery went.")
class MessageDelivery(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    status: DeliveryStatus = strawberry.field(  # type: ignore[valid-type]
        description="PENDING until sent; FAILED with the error after the last attempt."
    )
    error: str | None = strawberry.field(
        description='Why delivery failed, such as "Telegram ID topilmadi".'
    )
    sent_at: datetime | None = strawberry.field(description="When Telegram accepted it.")
    recipient_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: messaging_models.MessageDelivery) -> MessageDelivery:
        return cls(
            database_id=row.id,
            status=messaging_models.DeliveryStatus(row.status),
            error=row.error,
            sent_at=row.sent_at,
            recipient_id=row.recipient_id,
        )

    @strawberry.field(description="The student.")
    async def recipient(self, info: Info) -> StudentRef | None:
        return await _person(info, self.recipient_id)  # type: ignore[no-any-return]


@strawberry.type(description="A Telegram message sent to students.")
class Message(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    text: str = strawberry.field(description="The message text.")
    created_at: datetime = strawberry.field(description="When it was sent.")
    sent_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: messaging_models.Message) -> Message:
        return cls(
            database_id=row.id, text=row.text, created_at=row.created_at, sent_by_id=row.sent_by_id
        )

    @strawberry.field(description="Who sent it.")
    async def sent_by(self, info: Info) -> StaffRef | None:
        return await _person(info, self.sent_by_id)  # type: ignore[no-any-return]

    @strawberry.field(description="One delivery per recipient: status, error, time sent.")
    async def deliveries(self, info: Info) -> list[MessageDelivery]:
        (rows,) = await messaging_resolvers.deliveries_of(info.context, [self.database_id])
        return [MessageDelivery.from_row(r) for r in rows]

    @strawberry.field(description="The students it went to.")
    async def recipients(self, info: Info) -> list[StudentRef]:
        from schema.people import user_from_row

        (rows,) = await messaging_resolvers.deliveries_of(info.context, [self.database_id])
        users = await people_resolvers.get_users(info.context, [r.recipient_id for r in rows])
        return [user_from_row(u) for u in users if u is not None]  # type: ignore[misc]


async def _load_messages(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await messaging_resolvers.get_messages(info.context, ids)
    return [Message.from_row(r) if r else None for r in rows]


async def _load_deliveries(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await messaging_resolvers.get_deliveries(info.context, ids)
    return [MessageDelivery.from_row(r) if r else None for r in rows]


register_node("Message", _load_messages)
register_node("MessageDelivery", _load_deliveries)


@strawberry.input(description="A message to students, delivered through Telegram.")
class MessageSendInput:
    text: str = strawberry.field(description="The text (at most 4096 characters).")
    recipient_ids: list[strawberry.ID] = strawberry.field(
        description="The students (Student IDs); other people are refused."
    )


@strawberry.input(description="The message to delete.")
class MessageDeleteInput:
    id: strawberry.ID = strawberry.field(description="The Message ID.")


@strawberry.enum(description="What went wrong with a message mutation.")
class MessageErrorCode(enum.Enum):
    INVALID = "INVALID"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    EMPTY = "EMPTY"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_A_STUDENT = "NOT_A_STUDENT"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ID = "INVALID_ID"


@strawberry.type(description="A problem with the input of a message mutation.")
class MessageUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: MessageErrorCode = strawberry.field(description="What is wrong, for a program.")


def _errors(exc: DomainError) -> list[MessageUserError]:
    return to_user_errors(
        exc, MessageUserError, MessageErrorCode, {"recipient_ids": "recipientIds"}
    )


@strawberry.type(description="Result of messageSend.")
class MessageSendPayload:
    message: Message | None = strawberry.field(
        default=None, description="The message; deliveries are PENDING until the worker runs."
    )
    user_errors: list[MessageUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of messageDelete.")
class MessageDeletePayload:
    deleted_message_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the message deleted."
    )
    user_errors: list[MessageUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type
class MessageQuery:
    @strawberry.field(description=_desc("Messages sent, newest first.", "message.read"))
    async def messages(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Message]:
        page = await messaging_resolvers.messages_page(
            info.context, page_args(first, after, last, before)
        )
        return Connection[Message].from_page(page, Message.from_row)


@strawberry.type
class MessageMutation:
    @strawberry.mutation(
        description=_desc(
            "Send a message to students through Telegram. Each recipient gets a delivery "
            "record; those without a Telegram ID fail at once.",
            "message.send",
        )
    )
    async def message_send(self, info: Info, input: MessageSendInput) -> MessageSendPayload:
        async def run() -> messaging_models.Message:
            # Staff IDs reach the resolver, which refuses them as NOT_A_STUDENT.
            ids = [
                database_id_of(g, "Student", "Staff", field="recipient_ids")
                for g in input.recipient_ids
            ]
            return await messaging_resolvers.message_send(
                info.context, {"text": input.text, "recipient_ids": ids}
            )

        return await mutate(
            run(),
            lambda row: MessageSendPayload(message=Message.from_row(row)),
            lambda e: MessageSendPayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Delete a message; deliveries not yet made are dropped.", "message.delete"
        )
    )
    async def message_delete(self, info: Info, input: MessageDeleteInput) -> MessageDeletePayload:
        async def run() -> int:
            return await messaging_resolvers.message_delete(
                info.context, database_id_of(input.id, "Message")
            )

        return await mutate(
            run(),
            lambda _: MessageDeletePayload(deleted_message_id=input.id),
            lambda e: MessageDeletePayload(user_errors=_errors(e)),
        )
