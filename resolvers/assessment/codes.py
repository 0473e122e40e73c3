"""Entry codes of question banks (academy exams, mock tests): drawn at random from a secure
source, unique in the database, drawn again when taken."""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.db import SessionMaker, write_session
from models.items import QuestionBank
from resolvers.errors import Conflict

CODE_ALPHABET = string.ascii_uppercase + string.digits
CODE_LENGTH = 6
# Candidates looked at per transaction, and transactions tried when a concurrent writer takes
# the code we found free (the unique constraint fires).
CODE_DRAWS = 20
CODE_TRANSACTIONS = 3

T = TypeVar("T")


class CodeExhausted(Conflict):
    code = "CODE_EXHAUSTED"
    default_message = "Could not draw a free code; try again."


def draw_code() -> str:
    """A candidate code: 6 uppercase letters and digits from a secure source."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def free_code(session: AsyncSession, message: str | None = None) -> str:
    """A code no question bank has yet (at the time of asking)."""
    for _ in range(CODE_DRAWS):
        # Looked up on the module at call time, so a test may replace the draw.
        code = draw_code()
        if await session.scalar(select(QuestionBank.id).where(QuestionBank.code == code)) is None:
            return code
    raise CodeExhausted(message)


def _code_collision(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "question_bank.code" in text or "uq_question_bank_code" in text


async def with_new_code(
    sessionmaker: SessionMaker,
    build: Callable[[AsyncSession, str], Awaitable[T]],
    *,
    message: str | None = None,
) -> T:
    """Run `build(session, code)` in one write transaction with a free code; when a concurrent
    writer took the same code meanwhile, run it again with another. `CodeExhausted` (a
    `Conflict`) when no free code turns up."""
    for _ in range(CODE_TRANSACTIONS):
        try:
            async with write_session(sessionmaker) as session:
                return await build(session, await free_code(session, message))
        except IntegrityError as exc:
            if _code_collision(exc):
                continue
            raise
    raise CodeExhausted(message)
