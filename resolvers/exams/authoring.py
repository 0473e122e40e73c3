"""Writing exams (admins): create, update, publish, unpublish, copy, delete; entry codes are
drawn by the assessment core."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import items as item_models
from models.db import write_session
from resolvers.assessment import codes
from resolvers.center_time import today
from resolvers.context import AppContext
from resolvers.errors import (
    NotFound,
)
from resolvers.exams.common import (
    ACADEMY_TYPE,
    CODE_EXHAUSTED,
    COPY_SUFFIX,
    EXAM,
    EXAM_ATTEMPT,
    ITEM_TYPE,
    SAMPLE_KEY,
    TEST,
    TITLE_MAX,
    WRITTEN,
    Attempt,
    Bank,
    Item,
    Option,
)
from resolvers.exams.exam_reads import (
    get_exam,
)
from resolvers.exams.inputs import (
    OptionData,
    QuestionData,
    _validate_exam,
)

# ---------------------------------------------------------------------------------------------
# writes: exams


async def _with_new_code(
    ctx: AppContext, build: Callable[[AsyncSession, str], Any]
) -> item_models.QuestionBank:
    """Run `build` in one transaction with a fresh code (see `assessment.codes`)."""
    exam: item_models.QuestionBank = await codes.with_new_code(
        ctx.sessionmaker, build, message=CODE_EXHAUSTED
    )
    ctx.loaders.exam_by_id.prime(exam.id, exam)
    return exam


async def _write_questions(
    session: AsyncSession, exam_id: int, questions: Sequence[QuestionData], now: datetime
) -> None:
    items = [
        Item(
            bank_id=exam_id,
            type=ITEM_TYPE[q.type],
            text=q.text,
            order=q.order,
            content={SAMPLE_KEY: q.written_answer_sample} if q.type == WRITTEN else {},
            source="academy",
            created_at=now,
            updated_at=now,
        )
        for q in questions
    ]
    session.add_all(items)
    await session.flush()
    session.add_all(
        Option(item_id=item.id, text=o.text, is_correct=o.is_correct, order=o.order)
        for item, q in zip(items, questions, strict=True)
        for o in q.options
    )
    await session.flush()


async def exam_create(ctx: AppContext, data: Mapping[str, Any]) -> item_models.QuestionBank:
    ctx.require("exam.create")
    values, questions = await _validate_exam(ctx, data, full=True)
    now = ctx.now()
    values.setdefault("date", today(ctx))

    async def build(session: AsyncSession, code: str) -> item_models.QuestionBank:
        exam = Bank(
            kind=EXAM,
            code=code,
            created_by_id=ctx.principal.user_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        session.add(exam)
        await session.flush()
        await _write_questions(session, exam.id, questions or [], now)
        return exam

    return await _with_new_code(ctx, build)


async def _exam_for_change(ctx: AppContext, exam_id: int) -> item_models.QuestionBank:
    exam = await get_exam(ctx, exam_id)
    if exam is None:
        raise NotFound(field="id")
    return exam


def _forget_exam(ctx: AppContext, exam_id: int) -> None:
    loaders = ctx.loaders
    for loader in (
        loaders.exam_by_id,
        loaders.questions_by_exam_id,
        loaders.question_count_by_exam_id,
        loaders.participant_count_by_exam_id,
        loaders.exam_results_by_exam_id,
    ):
        loader.clear(exam_id)


async def exam_update(
    ctx: AppContext, exam_id: int, data: Mapping[str, Any], *, partial: bool = True
) -> item_models.QuestionBank:
    """Change an exam; `questions`, when given, replace the old ones as a whole."""
    ctx.require("exam.update")
    await _exam_for_change(ctx, exam_id)
    values, questions = await _validate_exam(ctx, data, full=not partial)
    now = ctx.now()
    async with write_session(ctx.sessionmaker) as session:
        if values:
            await session.execute(
                update(Bank).where(Bank.id == exam_id).values(updated_at=now, **values)
            )
        if questions is not None:
            # Options go with their questions (ON DELETE CASCADE); answers keep their texts.
            await session.execute(delete(Item).where(Item.bank_id == exam_id))
            await _write_questions(session, exam_id, questions, now)
        fresh = await session.get(Bank, exam_id, populate_existing=True)
    if fresh is None:
        raise NotFound(field="id")
    _forget_exam(ctx, exam_id)
    if questions is not None:
        # New questions may reuse old ids (SQLite does): forget every cached option list.
        ctx.loaders.options_by_question_id.clear_all()
    ctx.loaders.exam_by_id.prime(exam_id, fresh)
    return fresh


async def exam_delete(ctx: AppContext, exam_id: int) -> int:
    """Delete an exam with its questions and its results (as the center's old API did)."""
    ctx.require("exam.delete")
    await _exam_for_change(ctx, exam_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            delete(Attempt).where(Attempt.bank_id == exam_id, Attempt.kind == EXAM_ATTEMPT)
        )
        await session.execute(delete(Bank).where(Bank.id == exam_id, Bank.kind == EXAM))
    _forget_exam(ctx, exam_id)
    return exam_id


async def exam_set_published(
    ctx: AppContext, exam_id: int, published: bool
) -> item_models.QuestionBank:
    """Publish or unpublish; doing it twice is harmless."""
    ctx.require("exam.publish")
    await _exam_for_change(ctx, exam_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(
            update(Bank)
            .where(Bank.id == exam_id)
            .values(is_published=published, updated_at=ctx.now())
        )
        fresh = await session.get(Bank, exam_id, populate_existing=True)
    if fresh is None:
        raise NotFound(field="id")
    ctx.loaders.exam_by_id.clear(exam_id).prime(exam_id, fresh)
    return fresh


def copy_title(title: str) -> str:
    """ "<title> (Nusxa)", the original shortened if the whole would be too long."""
    return title[: TITLE_MAX - len(COPY_SUFFIX)] + COPY_SUFFIX


async def exam_copy(ctx: AppContext, exam_id: int) -> item_models.QuestionBank:
    """A copy with a new code and the same questions, not published."""
    ctx.require("exam.copy")
    await _exam_for_change(ctx, exam_id)
    now = ctx.now()

    async def build(session: AsyncSession, code: str) -> item_models.QuestionBank:
        original = await session.get(Bank, exam_id)
        if original is None:
            raise NotFound(field="id")
        items = list(
            await session.scalars(
                select(Item).where(Item.bank_id == exam_id).order_by(Item.order, Item.id)
            )
        )
        options = list(
            await session.scalars(
                select(Option)
                .where(Option.item_id.in_([i.id for i in items]))
                .order_by(Option.order, Option.id)
            )
        )
        copy = Bank(
            kind=EXAM,
            code=code,
            title=copy_title(original.title),
            description=original.description,
            subject_id=original.subject_id,
            time_limit_minutes=original.time_limit_minutes,
            date=original.date,
            is_published=False,
            is_active=original.is_active,
            meta=dict(original.meta or {}),
            created_by_id=ctx.principal.user_id,
            created_at=now,
            updated_at=now,
        )
        session.add(copy)
        await session.flush()
        questions = [
            QuestionData(
                text=item.text,
                type=ACADEMY_TYPE.get(item.type, TEST),
                order=item.order,
                options=[
                    OptionData(text=o.text, is_correct=o.is_correct, order=o.order)
                    for o in options
                    if o.item_id == item.id
                ],
                written_answer_sample=(item.content or {}).get(SAMPLE_KEY),
            )
            for item in items
        ]
        await _write_questions(session, copy.id, questions, now)
        return copy

    return await _with_new_code(ctx, build)
