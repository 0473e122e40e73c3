"""§13 exams and §14 exam results of the academy dialect.

Shapes follow the seed: lists carry `subject_name`, `questions_count` and `participants_count`;
one exam (create, read, update, copy, enter-code) carries its `questions`; results carry
`correct_answers` and `total_questions`, and one result (submit, read, update) its `answers`.
Students get no `is_correct` on options and no `written_answer_sample` (see resolvers/exams.py).
Field errors inside `questions` and `answers` are nested the way Django REST framework nests
them: `{"questions": [{}, {"type": ["This field is required."]}]}`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from models import attempts as attempt_models
from models import items as item_models
from resolvers import exams as exam_resolvers
from resolvers.context import AppContext
from resolvers.errors import FieldError, ValidationFailed
from rest.academy import route, shapes
from rest.common import JSONResponse, app_context

PUBLISHED = "Test nashr etildi"
UNPUBLISHED = "Test nashrdan olindi"


# ---------------------------------------------------------------------------------------------
# request bodies (types here; every rule in resolvers/exams.py)


class ExamBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    subject: int | None = None
    title: str | None = None
    description: str | None = None
    time_limit: int | None = None
    is_published: bool | None = None
    is_active: bool | None = None
    date: dt.date | None = None
    # Checked item by item in the resolver, so errors come back nested as DRF nests them.
    questions: list[Any] | None = None

    def data(self) -> dict[str, Any]:
        sent = self.model_dump(exclude_unset=True)
        if "subject" in sent:
            sent["subject_id"] = sent.pop("subject")
        return sent


class CodeBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    code: str


class SubmitBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    answers: list[Any]


class ResultBody(BaseModel):
    """`checked_by` is never read from the body: it is the caller."""

    model_config = ConfigDict(extra="ignore")
    is_checked: bool | None = None
    # Hand grading of written answers: [{"id": answer id, "is_correct": true|false|null}].
    answers: list[Any] | None = None


# ---------------------------------------------------------------------------------------------
# shapes


def _option(view: exam_resolvers.OptionView, revealed: bool) -> dict[str, Any]:
    shaped: dict[str, Any] = {"id": view.id, "text": view.text}
    if revealed:
        shaped["is_correct"] = view.is_correct
    return shaped


def _question(view: exam_resolvers.QuestionView) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "id": view.id,
        "text": view.text,
        "type": view.type,
        "order": view.order,
        "options": [_option(o, view.revealed) for o in view.options],
    }
    if view.type == exam_resolvers.WRITTEN and view.revealed:
        shaped["written_answer_sample"] = view.written_answer_sample
    return shaped


async def exam_summary(ctx: AppContext, row: item_models.QuestionBank) -> dict[str, Any]:
    subject, questions, participants = await asyncio.gather(
        exam_resolvers.get_subject(ctx, row.subject_id),
        exam_resolvers.question_count(ctx, row.id),
        exam_resolvers.participant_count(ctx, row.id),
    )
    return {
        "id": row.id,
        "subject": row.subject_id,
        "subject_name": subject.name if subject else None,
        "title": row.title,
        "code": row.code,
        "description": row.description,
        "time_limit": row.time_limit_minutes,
        "is_published": row.is_published,
        "is_active": row.is_active,
        "date": row.date.isoformat() if row.date else None,
        "questions_count": questions,
        "participants_count": participants,
        "created_at": shapes.local_time(row.created_at),
    }


async def exam_detail(ctx: AppContext, row: item_models.QuestionBank) -> dict[str, Any]:
    questions = await exam_resolvers.get_questions(ctx, row.id)
    return {
        "id": row.id,
        "code": row.code,
        "title": row.title,
        "subject": row.subject_id,
        "description": row.description,
        "time_limit": row.time_limit_minutes,
        "is_published": row.is_published,
        "is_active": row.is_active,
        "date": row.date.isoformat() if row.date else None,
        "questions": [_question(q) for q in questions],
        "created_at": shapes.local_time(row.created_at),
    }


def result_summary(row: attempt_models.Attempt) -> dict[str, Any]:
    return {
        "id": row.id,
        "exam": row.bank_id,
        "student": row.user_id,
        "score": float(row.score) if row.score is not None else 0.0,
        "correct_answers": int(row.raw_score or 0),
        "total_questions": int(row.max_score or 0),
        "is_checked": row.is_checked,
        "checked_by": row.checked_by_id,
        "created_at": shapes.local_time(row.created_at),
    }


def _answer(view: exam_resolvers.AnswerView) -> dict[str, Any]:
    return {
        "id": view.id,
        "question": view.question_id,
        "question_text": view.question_text,
        "option": view.option_id,
        "option_text": view.option_text,
        "written_answer": view.written_answer,
        "is_correct": view.is_correct,
    }


async def result_detail(ctx: AppContext, row: attempt_models.Attempt) -> dict[str, Any]:
    title, answers = await asyncio.gather(
        exam_resolvers.exam_title_of(ctx, row), exam_resolvers.get_answers(ctx, row.id)
    )
    summary = result_summary(row)
    created_at = summary.pop("created_at")
    return {
        **summary,
        "exam_title": title,
        "answers": [_answer(a) for a in answers],
        "created_at": created_at,
    }


# ---------------------------------------------------------------------------------------------
# nested field errors


def nested_errors(errors: Sequence[FieldError], sent: Any) -> dict[str, Any]:
    """DRF's nesting: a list field with item errors is a list of one dict per item sent."""
    root: dict[str, Any] = {}
    for err in errors:
        parts = (err.field or "non_field_errors").split(".")
        node, given, i = root, sent, 0
        while True:
            name, rest = parts[i], parts[i + 1 :]
            if not rest:
                node.setdefault(name, []).append(err.message)
                break
            index = int(rest[0])
            items = given.get(name) if isinstance(given, Mapping) else None
            size = max(len(items) if isinstance(items, list) else 0, index + 1)
            slot = node.setdefault(name, [{} for _ in range(size)])
            if not all(isinstance(s, dict) for s in slot) or index >= len(slot):
                root.setdefault(err.field or "non_field_errors", []).append(err.message)
                break
            child = slot[index]
            given = items[index] if isinstance(items, list) and index < len(items) else None
            if len(rest) == 1:
                child.setdefault("non_field_errors", []).append(err.message)
                break
            node, i = child, i + 2
    return root


def invalid(exc: ValidationFailed, sent: Any) -> Response:
    return JSONResponse(nested_errors(exc.errors, sent), status_code=400)


# ---------------------------------------------------------------------------------------------
# exams


async def list_exams(request: Request) -> Any:
    ctx = await app_context(request)
    rows = await exam_resolvers.all_exams(ctx)
    return list(await asyncio.gather(*(exam_summary(ctx, r) for r in rows)))


async def create_exam(request: Request, body: ExamBody) -> Any:
    ctx = await app_context(request)
    try:
        row = await exam_resolvers.exam_create(ctx, body.data())
    except ValidationFailed as exc:
        return invalid(exc, body.model_dump())
    return await exam_detail(ctx, row)


async def get_exam(request: Request, exam_id: int) -> Any:
    ctx = await app_context(request)
    return await exam_detail(ctx, await exam_resolvers.exam_detail(ctx, exam_id))


async def _update(request: Request, exam_id: int, body: ExamBody, partial: bool) -> Any:
    ctx = await app_context(request)
    try:
        row = await exam_resolvers.exam_update(ctx, exam_id, body.data(), partial=partial)
    except ValidationFailed as exc:
        return invalid(exc, body.model_dump())
    return await exam_detail(ctx, row)


async def put_exam(request: Request, exam_id: int, body: ExamBody) -> Any:
    return await _update(request, exam_id, body, partial=False)


async def patch_exam(request: Request, exam_id: int, body: ExamBody) -> Any:
    return await _update(request, exam_id, body, partial=True)


async def delete_exam(request: Request, exam_id: int) -> Response:
    ctx = await app_context(request)
    await exam_resolvers.exam_delete(ctx, exam_id)
    return Response(status_code=204)


async def enter_code(request: Request, body: CodeBody) -> Any:
    ctx = await app_context(request)
    return await exam_detail(ctx, await exam_resolvers.exam_enter_code(ctx, body.code))


async def publish(request: Request, exam_id: int) -> Any:
    ctx = await app_context(request)
    await exam_resolvers.exam_set_published(ctx, exam_id, True)
    return {"status": PUBLISHED}


async def unpublish(request: Request, exam_id: int) -> Any:
    ctx = await app_context(request)
    await exam_resolvers.exam_set_published(ctx, exam_id, False)
    return {"status": UNPUBLISHED}


async def copy(request: Request, exam_id: int) -> Any:
    ctx = await app_context(request)
    return await exam_detail(ctx, await exam_resolvers.exam_copy(ctx, exam_id))


async def submit(request: Request, exam_id: int, body: SubmitBody) -> Any:
    ctx = await app_context(request)
    try:
        row = await exam_resolvers.exam_submit(ctx, exam_id, body.answers)
    except ValidationFailed as exc:
        return invalid(exc, body.model_dump())
    return await result_detail(ctx, row)


# ---------------------------------------------------------------------------------------------
# exam results


async def list_results(
    request: Request, exam: int | None = None, student: int | None = None
) -> Any:
    ctx = await app_context(request)
    rows = await exam_resolvers.all_exam_results(
        ctx, exam_resolvers.ExamResultFilter(exam_id=exam, student_id=student)
    )
    return [result_summary(r) for r in rows]


async def my_results(request: Request) -> Any:
    ctx = await app_context(request)
    return [result_summary(r) for r in await exam_resolvers.all_my_exam_results(ctx)]


async def get_result(request: Request, result_id: int) -> Any:
    ctx = await app_context(request)
    return await result_detail(ctx, await exam_resolvers.exam_result_detail(ctx, result_id))


async def update_result(request: Request, result_id: int, body: ResultBody) -> Any:
    ctx = await app_context(request)
    try:
        row = await exam_resolvers.exam_result_update(
            ctx, result_id, body.model_dump(exclude_unset=True)
        )
    except ValidationFailed as exc:
        return invalid(exc, body.model_dump())
    return await result_detail(ctx, row)


async def delete_result(request: Request, result_id: int) -> Response:
    ctx = await app_context(request)
    await exam_resolvers.exam_result_delete(ctx, result_id)
    return Response(status_code=204)


def register(router: APIRouter) -> None:
    exams = "/api/v1/exams/"
    one = "/api/v1/exams/{exam_id:int}/"
    route(router, exams, ["GET"], summary="List exams")(list_exams)
    route(router, exams, ["POST"], status_code=201, summary="Create an exam")(create_exam)
    route(router, f"{exams}enter-code/", ["POST"], summary="Enter an exam by code")(enter_code)
    route(router, one, ["GET"], summary="One exam with its questions")(get_exam)
    route(router, one, ["PUT"], summary="Replace an exam")(put_exam)
    route(router, one, ["PATCH"], summary="Change an exam")(patch_exam)
    route(router, one, ["DELETE"], status_code=204, summary="Delete an exam")(delete_exam)
    route(router, f"{one}publish/", ["POST"], summary="Publish an exam")(publish)
    route(router, f"{one}unpublish/", ["POST"], summary="Unpublish an exam")(unpublish)
    route(router, f"{one}copy/", ["POST"], summary="Copy an exam")(copy)
    route(router, f"{one}submit/", ["POST"], status_code=201, summary="Hand in answers")(submit)

    results = "/api/v1/exam-results/"
    result = "/api/v1/exam-results/{result_id:int}/"
    route(router, results, ["GET"], summary="List exam results")(list_results)
    route(router, f"{results}my-results/", ["GET"], summary="My exam results")(my_results)
    route(router, result, ["GET"], summary="One exam result with its answers")(get_result)
    route(router, result, ["PUT", "PATCH"], summary="Check an exam result")(update_result)
    route(router, result, ["DELETE"], status_code=204, summary="Delete an exam result")(
        delete_result
    )
