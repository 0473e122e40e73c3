"""The three batch endpoints of seed 000. They call the same resolvers and loaders as
`studentsByEmail` and `Student.ielts` in GraphQL: one statement per module and batch."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson
from fastapi import APIRouter, Request

from models.people import User
from resolvers import ielts
from resolvers.context import AppContext
from resolvers.errors import ValidationFailed
from rest.common import app_context

LISTENING, READING, WRITING, SPEAKING = ielts.MODULES


def utc(value: datetime | None) -> str | None:
    """2026-01-18T12:10:00Z"""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def band(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def whole(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


async def _options(request: Request) -> tuple[AppContext, ielts.BatchOptions]:
    ctx = await app_context(request)
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        ielts.authorize_batch(ctx)
        raise ValidationFailed.single(None, "The body must be a JSON object.")
    options = ielts.batch_options(
        ctx,
        body.get("emails"),
        body.get("limit"),
        body.get("perModuleLimit"),
        body.get("includeDiagnostics"),
        body.get("includeAnswers"),
    )
    return ctx, options


def _envelope(options: ielts.BatchOptions, results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "total": options.total,
        "processed": len(results),
        "limit": options.limit,
        "results": results,
    }


async def _per_student(
    request: Request,
    shape: Callable[[AppContext, ielts.BatchOptions, Sequence[User]], Awaitable[list[Any]]],
) -> dict[str, Any]:
    ctx, options = await _options(request)
    lookups = await ielts.students_by_email(ctx, options)
    students = [f.student for f in lookups if f.student is not None]
    data = iter(await shape(ctx, options, students))
    results = [
        {"email": f.email, "data": next(data)}
        if f.student is not None
        else {"email": f.email, "error": ielts.NOT_FOUND}
        for f in lookups
    ]
    return _envelope(options, results)


# ---------------------------------------------------------------------------------------------
# profiles


async def _profiles(
    ctx: AppContext, options: ielts.BatchOptions, students: Sequence[User]
) -> list[dict[str, Any]]:
    return [
        {
            "fullName": p.full_name,
            "firstName": p.first_name,
            "lastName": p.last_name,
            "studentId": p.student_id,
            "email": p.email,
            "group": p.group,
            "teacher": p.teacher,
            "curatorId": p.curator_id,
            "status": p.status,
        }
        for p in await ielts.student_profiles(ctx, students)
    ]


async def profiles(request: Request) -> dict[str, Any]:
    return await _per_student(request, _profiles)


# ---------------------------------------------------------------------------------------------
# results: one shape per module, with the answers when asked for


async def _answers(ctx: AppContext, module: str, row: Any) -> dict[str, Any]:
    if module == LISTENING:
        found = await ielts.listening_answers(ctx, row)
        return {
            "answers": [
                {
                    "question_id": a.question_id,
                    "answer": a.answer,
                    "flagged": a.flagged,
                    "submitted_at": utc(a.submitted_at),
                }
                for a in found
            ]
        }
    if module == READING:
        return {"answers": await ielts.reading_answers(ctx, row)}
    if module == WRITING:
        return {"submittedText": await ielts.essay_text(ctx, row)}
    return {}


def _feedback(ctx: AppContext, row: Any) -> dict[str, Any] | None:
    found = ielts.essay_feedback(ctx, row)
    if found is None:
        return None
    return {"published": found.published, "teacherOverallScore": band(found.overall_score)}


def _latest(ctx: AppContext, module: str, row: Any) -> dict[str, Any]:
    if module == LISTENING:
        return {
            "sessionId": row.id,
            "testId": row.bank_id,
            "testTitle": row.test_title,
            "completedAt": utc(row.finished_at),
            "rawScore": whole(row.raw_score),
            "bandScore": band(row.band),
            "submitted": row.finished_at is not None,
        }
    if module == READING:
        return {
            "sessionId": row.id,
            "testId": row.bank_id,
            "testTitle": row.test_title,
            "endTime": utc(row.finished_at),
            "rawScore": whole(row.raw_score),
            "bandScore": band(row.band),
            "completed": row.finished_at is not None,
        }
    if module == WRITING:
        return {
            "essayId": row.id,
            "taskType": ielts.essay_task_type(row),
            "submittedAt": utc(row.finished_at),
            "overallBand": band(row.band),
            "teacherFeedback": _feedback(ctx, row),
        }
    return {
        "sessionId": row.id,
        "conductedAt": utc(row.started_at),
        "overallBandScore": band(row.band),
        "completed": row.finished_at is not None,
    }


def _history_item(ctx: AppContext, module: str, row: Any) -> dict[str, Any]:
    if module == LISTENING:
        return {
            "sessionId": row.id,
            "testTitle": row.test_title,
            "bandScore": band(row.band),
            "rawScore": whole(row.raw_score),
            "completedAt": utc(row.finished_at),
        }
    if module == READING:
        return {
            "sessionId": row.id,
            "testTitle": row.test_title,
            "bandScore": band(row.band),
            "rawScore": whole(row.raw_score),
            "endTime": utc(row.finished_at),
        }
    if module == WRITING:
        feedback = ielts.essay_feedback(ctx, row)
        return {
            "essayId": row.id,
            "taskType": ielts.essay_task_type(row),
            "overallBand": band(row.band),
            "teacherFeedbackPublished": bool(feedback and feedback.published),
            "submittedAt": utc(row.finished_at),
        }
    return {
        "sessionId": row.id,
        "overallBandScore": band(row.band),
        "conductedAt": utc(row.started_at),
    }


async def _with_answers(
    ctx: AppContext, items: list[tuple[str, Any, dict[str, Any]]], wanted: bool
) -> None:
    """Add each result's answers in place: one statement for all of them."""
    if not wanted:
        return
    extras = await asyncio.gather(*(_answers(ctx, module, row) for module, row, _ in items))
    for (_, _, shaped), extra in zip(items, extras, strict=True):
        shaped.update(extra)


LATEST_KEYS = {
    LISTENING: "listeningTest",
    READING: "readingTest",
    WRITING: "writing",
    SPEAKING: "speaking",
}


async def _latest_details(
    ctx: AppContext, options: ielts.BatchOptions, students: Sequence[User]
) -> list[dict[str, Any]]:
    found = await asyncio.gather(
        *(
            ielts.module_latest(ctx, s.id, m, options.include_diagnostics)
            for s in students
            for m in ielts.MODULES
        )
    )
    out: list[dict[str, Any]] = []
    shaped_items: list[tuple[str, Any, dict[str, Any]]] = []
    for i, student in enumerate(students):
        rows = found[i * 4 : i * 4 + 4]
        data: dict[str, Any] = {"studentId": student.code, "fullName": student.full_name}
        for module, row in zip(ielts.MODULES, rows, strict=True):
            shaped = _latest(ctx, module, row) if row is not None else None
            if shaped is not None:
                shaped_items.append((module, row, shaped))
            data[LATEST_KEYS[module]] = shaped
        data["overallBandApprox"] = band(ielts.overall_band_approx(rows))
        out.append(data)
    await _with_answers(ctx, shaped_items, options.include_answers)
    return out


async def latest_test_details(request: Request) -> dict[str, Any]:
    return await _per_student(request, _latest_details)


HISTORY_KEYS = {
    LISTENING: "listeningSessions",
    READING: "readingSessions",
    WRITING: "essays",
    SPEAKING: "speakingSessions",
}


async def _test_results(
    ctx: AppContext, options: ielts.BatchOptions, students: Sequence[User]
) -> list[dict[str, Any]]:
    found = await asyncio.gather(
        *(
            ielts.module_history(
                ctx, s.id, m, options.per_module_limit, options.include_diagnostics
            )
            for s in students
            for m in ielts.MODULES
        )
    )
    out: list[dict[str, Any]] = []
    shaped_items: list[tuple[str, Any, dict[str, Any]]] = []
    for i, _student in enumerate(students):
        data: dict[str, Any] = {}
        for module, rows in zip(ielts.MODULES, found[i * 4 : i * 4 + 4], strict=True):
            items = []
            for row in rows:
                shaped = _history_item(ctx, module, row)
                shaped_items.append((module, row, shaped))
                items.append(shaped)
            data[HISTORY_KEYS[module]] = items
        out.append(data)
    await _with_answers(ctx, shaped_items, options.include_answers)
    return out


async def test_results(request: Request) -> dict[str, Any]:
    return await _per_student(request, _test_results)


# The body, for the OpenAPI document (the handlers read it themselves, to answer in this
# dialect's envelope).
BODY_SCHEMA = {
    "type": "object",
    "required": ["emails"],
    "properties": {
        "emails": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "limit": {"type": "integer", "minimum": 1, "default": ielts.DEFAULT_LIMIT},
        "includeDiagnostics": {"type": "boolean", "default": False},
        "perModuleLimit": {
            "type": "integer",
            "minimum": 1,
            "maximum": ielts.MAX_PER_MODULE,
            "default": ielts.DEFAULT_PER_MODULE,
        },
        "includeAnswers": {"type": "boolean", "default": False},
    },
}
OPENAPI = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": BODY_SCHEMA}}}
}


def register(router: APIRouter) -> None:
    for path, handler, summary in (
        ("/api/batch/students/profiles/", profiles, "Profiles of students by email"),
        (
            "/api/batch/students/latest-test-details/",
            latest_test_details,
            "The latest result per module, by email",
        ),
        ("/api/batch/students/test-results/", test_results, "Results per module, by email"),
    ):
        router.add_api_route(
            path, handler, methods=["POST"], summary=summary, openapi_extra=OPENAPI
        )
        router.add_api_route(path.rstrip("/"), handler, methods=["POST"], include_in_schema=False)
