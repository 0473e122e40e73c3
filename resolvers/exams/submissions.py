"""Handing in an exam once (students) and checking results (staff): answers scored through
the assessment core's scoring, written ones wait for a person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from models import attempts as attempt_models
from models import items as item_models
from models.db import write_session
from resolvers.assessment import attempts, scoring
from resolvers.assessment.responses import new_response, reopen_review, review_response
from resolvers.assessment.scoring import Scored
from resolvers.context import AppContext
from resolvers.errors import (
    REQUIRED,
    Collector,
    Conflict,
    NotFound,
    PermissionDenied,
)
from resolvers.exams.common import (
    ACADEMY_TYPE,
    ALREADY_SUBMITTED,
    EXAM,
    EXAM_ATTEMPT,
    ITEM_TYPE,
    MAX_QUESTIONS,
    NOT_ACTIVE,
    NOT_PUBLISHED,
    TEST,
    WRITTEN,
    Attempt,
    Bank,
    Item,
    Option,
    Response,
)
from resolvers.exams.inputs import (
    _MISSING,
    _as_bool,
    _as_int,
    _as_list,
    _as_mapping,
    _as_text,
)
from resolvers.exams.result_reads import (
    get_exam_result,
)
from resolvers.exams.views import (
    answer_view,
)

# ---------------------------------------------------------------------------------------------
# writes: submitting and checking results


@dataclass(frozen=True)
class AnswerData:
    question_id: int
    option_id: int | None
    written_answer: str | None


def _parse_answers(errors: Collector, raw: Any) -> list[AnswerData]:
    if raw is _MISSING:
        errors.add("answers", REQUIRED, "REQUIRED")
        return []
    entries = _as_list(errors, "answers", raw, MAX_QUESTIONS) or []
    answers: list[AnswerData] = []
    for i, entry in enumerate(entries):
        base = f"answers.{i}"
        answer = _as_mapping(errors, base, entry)
        if answer is None:
            continue
        question_raw = answer.get("question_id", _MISSING)
        if question_raw is _MISSING:
            errors.add(f"{base}.question_id", REQUIRED, "REQUIRED")
            continue
        question_id = _as_int(errors, f"{base}.question_id", question_raw, minimum=1)
        option_raw = answer.get("option_id")
        option_id = (
            None
            if option_raw is None
            else _as_int(errors, f"{base}.option_id", option_raw, minimum=1)
        )
        written_raw = answer.get("written_answer")
        written = (
            None
            if written_raw is None
            else _as_text(errors, f"{base}.written_answer", written_raw, required=False)
        )
        if question_id is None or (option_raw is not None and option_id is None):
            continue
        answers.append(AnswerData(question_id, option_id, written or None))
    return answers


def percentage(correct: int, total: int) -> Decimal:
    """Correct answers over all questions, as a percentage with two decimals (16/20 -> 80.00)."""
    if total <= 0:
        return Decimal("0.00")
    return (Decimal(correct) * 100 / Decimal(total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _already_submitted(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "uq_attempt_exam_user" in text or "attempt.bank_id, attempt.user_id" in text


async def exam_submit(ctx: AppContext, exam_id: int, answers_raw: Any) -> attempt_models.Attempt:
    """Hand in answers: test questions are graded now, written ones wait for staff.

    Refused unless the exam is published and active, and refused the second time: a student
    has one result per exam (checked here in the transaction, and by a unique index).
    """
    ctx.require("exam.submit")
    student_id = ctx.principal.user_id
    if student_id is None:
        # A student role from a token claim without an account here has no results to keep.
        raise PermissionDenied()
    errors = Collector()
    answers = _parse_answers(errors, answers_raw)
    errors.raise_if_any()
    now = ctx.now()
    try:
        async with write_session(ctx.sessionmaker) as session:
            exam = await session.get(Bank, exam_id)
            if exam is None or exam.kind != EXAM:
                raise NotFound(field="id")
            if not exam.is_published:
                raise Conflict(NOT_PUBLISHED, code="NOT_PUBLISHED")
            if not exam.is_active:
                raise Conflict(NOT_ACTIVE, code="NOT_ACTIVE")
            taken = await session.scalar(
                select(Attempt.id).where(
                    Attempt.kind == EXAM_ATTEMPT,
                    Attempt.bank_id == exam_id,
                    Attempt.user_id == student_id,
                )
            )
            if taken is not None:
                raise Conflict(ALREADY_SUBMITTED, code="ALREADY_SUBMITTED")
            items = list(await session.scalars(select(Item).where(Item.bank_id == exam_id)))
            options = {
                o.id: o
                for o in await session.scalars(
                    select(Option).where(Option.item_id.in_([i.id for i in items]))
                )
            }
            responses = _grade(errors, answers, {i.id: i for i in items}, options, now)
            errors.raise_if_any()
            correct = sum(1 for _, scored in responses if scored.is_correct)
            # The seed has no "started" event: the attempt starts and ends as it is handed in.
            result = await attempts.start_attempt(
                session,
                kind=EXAM_ATTEMPT,
                user_id=student_id,
                bank_id=exam_id,
                now=now,
                source_system="academy",
            )
            attempts.finish(
                result,
                now=now,
                status=(
                    attempt_models.AttemptStatus.SUBMITTED.value
                    if any(scored.needs_review for _, scored in responses)
                    or any(i.type == ITEM_TYPE[WRITTEN] for i in items)
                    else attempt_models.AttemptStatus.COMPLETED.value
                ),
                raw_score=Decimal(correct),
                max_score=Decimal(len(items)),
            )
            result.score = percentage(correct, len(items))
            result.is_checked = False
            # One flush for all of them: up to MAX_QUESTIONS rows in a few statements.
            session.add_all(
                new_response(
                    attempt_id=result.id,
                    slot=draft.slot,
                    item_id=draft.item_id,
                    answer=draft.answer,
                    scored=scored,
                    now=now,
                )
                for draft, scored in responses
            )
    except IntegrityError as exc:
        if _already_submitted(exc):
            raise Conflict(ALREADY_SUBMITTED, code="ALREADY_SUBMITTED") from exc
        raise
    ctx.loaders.exam_result_by_id.prime(result.id, result)
    ctx.loaders.participant_count_by_exam_id.clear(exam_id)
    ctx.loaders.exam_results_by_exam_id.clear(exam_id)
    ctx.loaders.exam_results_by_student_id.clear(student_id)
    return result


def _grade(
    errors: Collector,
    answers: Sequence[AnswerData],
    items: Mapping[int, item_models.Item],
    options: Mapping[int, item_models.ItemOption],
    now: datetime,
) -> list[tuple[DraftResponse, Scored]]:
    """One response per answer with its scorer's verdict; every wrong answer is reported at
    once. Items are scored by their type through the assessment core (`scoring.score`)."""
    responses: list[tuple[DraftResponse, Scored]] = []
    correct_options: dict[int, list[item_models.ItemOption]] = {}
    for candidate in options.values():
        if candidate.is_correct:
            correct_options.setdefault(candidate.item_id, []).append(candidate)
    seen: set[int] = set()
    for i, answer in enumerate(answers):
        base = f"answers.{i}"
        item = items.get(answer.question_id)
        if item is None:
            errors.add(
                f"{base}.question_id",
                "This question is not part of this exam.",
                "QUESTION_NOT_IN_EXAM",
            )
            continue
        if item.id in seen:
            errors.add(
                f"{base}.question_id",
                "This question is answered more than once.",
                "DUPLICATE_ANSWER",
            )
            continue
        seen.add(item.id)
        kind = ACADEMY_TYPE.get(item.type, TEST)
        option = None
        if kind == TEST:
            if answer.written_answer is not None:
                errors.add(
                    f"{base}.written_answer",
                    "A test question is answered with option_id.",
                    "WRONG_ANSWER_KIND",
                )
                continue
            if answer.option_id is not None:
                option = options.get(answer.option_id)
                if option is None or option.item_id != item.id:
                    errors.add(
                        f"{base}.option_id",
                        "This option does not belong to this question.",
                        "OPTION_NOT_IN_QUESTION",
                    )
                    continue
        else:
            if answer.option_id is not None:
                errors.add(
                    f"{base}.option_id",
                    "A written question is answered with written_answer.",
                    "WRONG_ANSWER_KIND",
                )
                continue
        rules = {
            "correct_options": [o.id for o in correct_options.get(item.id, ())],
            "max_score": 1,
        }
        # No option chosen: the question counts as answered wrongly.
        scored = scoring.score(item.type, rules, option.id if option else None)
        draft = DraftResponse(
            item_id=item.id,
            slot=f"item:{item.id}",
            answer={
                "type": kind,
                "question_text": item.text,
                "option_id": option.id if option else None,
                "option_text": option.text if option else None,
                "written_answer": answer.written_answer,
            },
        )
        responses.append((draft, scored))
    return responses


@dataclass(frozen=True)
class DraftResponse:
    item_id: int
    slot: str
    answer: dict[str, Any]


@dataclass(frozen=True)
class GradeData:
    answer_id: int
    is_correct: bool | None


def _parse_grades(errors: Collector, raw: Any) -> list[GradeData]:
    grades: list[GradeData] = []
    for i, entry in enumerate(_as_list(errors, "answers", raw, MAX_QUESTIONS) or []):
        base = f"answers.{i}"
        grade = _as_mapping(errors, base, entry)
        if grade is None:
            continue
        answer_raw = grade.get("id", _MISSING)
        if answer_raw is _MISSING:
            errors.add(f"{base}.id", REQUIRED, "REQUIRED")
            continue
        answer_id = _as_int(errors, f"{base}.id", answer_raw, minimum=1)
        correct_raw = grade.get("is_correct", _MISSING)
        if correct_raw is _MISSING:
            errors.add(f"{base}.is_correct", REQUIRED, "REQUIRED")
            continue
        # null takes a grade back.
        correct = (
            None if correct_raw is None else _as_bool(errors, f"{base}.is_correct", correct_raw)
        )
        if answer_id is None or (correct_raw is not None and correct is None):
            continue
        grades.append(GradeData(answer_id, correct))
    return grades


RESULT_FIELDS = frozenset({"is_checked", "answers"})


async def exam_result_update(
    ctx: AppContext, result_id: int, data: Mapping[str, Any]
) -> attempt_models.Attempt:
    """Mark a result checked (checked_by is the caller) and grade its written answers.

    `answers` = [{"id": answer id, "is_correct": true|false|null}] grades written answers by
    hand; the score is then counted again over all questions.
    """
    ctx.require("examresult.update")
    unknown = set(data) - RESULT_FIELDS
    if unknown:
        raise ValueError(f"unknown exam result fields: {sorted(unknown)}")
    await _result_for_change(ctx, result_id)
    errors = Collector()
    checked = _as_bool(errors, "is_checked", data["is_checked"]) if "is_checked" in data else None
    grades = _parse_grades(errors, data["answers"]) if "answers" in data else []
    errors.raise_if_any()
    now = ctx.now()
    caller = ctx.principal.user_id
    async with write_session(ctx.sessionmaker) as session:
        result = await session.get(Attempt, result_id)
        if result is None:
            raise NotFound(field="id")
        if grades:
            responses = {
                r.id: r
                for r in await session.scalars(
                    select(Response).where(Response.attempt_id == result_id)
                )
            }
            for i, grade in enumerate(grades):
                response = responses.get(grade.answer_id)
                if response is None:
                    errors.add(
                        f"answers.{i}.id",
                        "This answer is not part of this result.",
                        "ANSWER_NOT_IN_RESULT",
                    )
                elif answer_view(response).type != WRITTEN:
                    errors.add(
                        f"answers.{i}.id",
                        "Only written answers are graded by hand.",
                        "NOT_WRITTEN",
                    )
                elif grade.is_correct is None:
                    # null takes a grade back: the answer waits for a person again.
                    await reopen_review(session, response, reviewer_id=caller, now=now)
                else:
                    await review_response(
                        session,
                        response,
                        rubric_scores={"correct": Decimal(int(grade.is_correct))},
                        reviewer_id=caller,
                        now=now,
                    )
            errors.raise_if_any()
            correct = sum(1 for r in responses.values() if r.is_correct)
            total = int(result.max_score or 0)
            result.raw_score = Decimal(correct)
            result.score = percentage(correct, total)
        if checked is not None:
            result.is_checked = checked
            result.checked_by_id = caller if checked else None
            result.checked_at = now if checked else None
            if checked:
                result.status = attempt_models.AttemptStatus.COMPLETED.value
        result.updated_at = now
    ctx.loaders.exam_result_by_id.clear(result_id).prime(result_id, result)
    ctx.loaders.exam_answers_by_result_id.clear(result_id)
    return result


async def _result_for_change(ctx: AppContext, result_id: int) -> attempt_models.Attempt:
    row = await get_exam_result(ctx, result_id)
    if row is None:
        raise NotFound(field="id")
    return row


async def exam_result_delete(ctx: AppContext, result_id: int) -> int:
    ctx.require("examresult.delete")
    row = await _result_for_change(ctx, result_id)
    async with write_session(ctx.sessionmaker) as session:
        await session.execute(delete(Attempt).where(Attempt.id == result_id))
    ctx.loaders.exam_result_by_id.clear(result_id)
    if row.bank_id is not None:
        ctx.loaders.participant_count_by_exam_id.clear(row.bank_id)
        ctx.loaders.exam_results_by_exam_id.clear(row.bank_id)
    ctx.loaders.exam_results_by_student_id.clear(row.user_id)
    return result_id
