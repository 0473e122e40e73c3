"""§8 attendance, §9 scores (points), §10 homework, §15 work logs."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from models import academy as academy_models
from resolvers import academy as academy_resolvers
from resolvers import groups as group_resolvers
from resolvers.context import AppContext
from rest.academy import route, shapes
from rest.academy.deps import (
    caller,
    context_for,
    fields_sent,
    json_or_multipart,
    required_on_write,
)
from rest.common import JSONResponse


class AttendanceBody(BaseModel):
    model_config = ConfigDict(
        extra="ignore", json_schema_extra=required_on_write(academy_resolvers.ATTENDANCE_REQUIRED)
    )
    student: int | None = None
    group: int | None = None
    status: str | None = None


class BulkBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    group_id: int | None = None


class ScoreBody(BaseModel):
    model_config = ConfigDict(
        extra="ignore", json_schema_extra=required_on_write(academy_resolvers.POINT_REQUIRED)
    )
    student: int | None = None
    group: int | None = None
    score: int | None = None


class HomeworkBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    group: int | None = None
    text: str | None = None
    # Files come as multipart parts; a JSON or empty `file: null` removes the file.
    file: str | None = None


def _rule_error(exc: academy_resolvers.LessonTimeRefused) -> Response:
    """The lesson-time refusals keep the seed's own envelope: {"error": "..."}."""
    return JSONResponse({"error": exc.message}, status_code=400)


# ---------------------------------------------------------------------------------------------
# attendance


async def attendance_json(
    ctx: AppContext, rows: Sequence[academy_models.Attendance]
) -> list[dict[str, Any]]:
    students, groups = await asyncio.gather(
        academy_resolvers.record_people(ctx, [r.student_id for r in rows]),
        group_resolvers.get_groups(ctx, [r.group_id for r in rows]),
    )
    return [
        shapes.attendance(r, student_row=s, group_row=g)
        for r, s, g in zip(rows, students, groups, strict=True)
    ]


async def attendance_list(ctx: AppContext = Depends(context_for("attendance.read"))) -> Any:
    return await attendance_json(ctx, await academy_resolvers.attendance_list(ctx))


async def attendance_create(
    body: AttendanceBody | None = None,
    ctx: AppContext = Depends(context_for("attendance.write")),
) -> Response:
    row = await academy_resolvers.attendance_create(ctx, fields_sent(body))
    return JSONResponse((await attendance_json(ctx, [row]))[0], status_code=201)


async def attendance_bulk_create(
    body: BulkBody | None = None,
    ctx: AppContext = Depends(context_for("attendance.write")),
) -> Response:
    try:
        bulk = await academy_resolvers.attendance_bulk_create(
            ctx, fields_sent(body).get("group_id")
        )
    except academy_resolvers.LessonTimeRefused as exc:
        return _rule_error(exc)
    content = await attendance_json(ctx, bulk.records)
    return JSONResponse(content, status_code=201 if bulk.created else 200)


async def attendance_detail(
    attendance_id: int, ctx: AppContext = Depends(context_for("attendance.read"))
) -> Any:
    row = await academy_resolvers.attendance_get(ctx, attendance_id)
    return (await attendance_json(ctx, [row]))[0]


async def attendance_update(
    request: Request,
    attendance_id: int,
    body: AttendanceBody | None = None,
    ctx: AppContext = Depends(context_for("attendance.write")),
) -> Any:
    row = await academy_resolvers.attendance_update(
        ctx, attendance_id, fields_sent(body), partial=request.method == "PATCH"
    )
    return (await attendance_json(ctx, [row]))[0]


async def attendance_delete(
    attendance_id: int, ctx: AppContext = Depends(context_for("attendance.write"))
) -> Response:
    await academy_resolvers.attendance_delete(ctx, attendance_id)
    return Response(status_code=204)


# ---------------------------------------------------------------------------------------------
# scores (points)


async def scores_json(
    ctx: AppContext, rows: Sequence[academy_models.PointEntry]
) -> list[dict[str, Any]]:
    students, givers, groups = await asyncio.gather(
        academy_resolvers.record_people(ctx, [r.student_id for r in rows]),
        academy_resolvers.record_people(ctx, [r.given_by_id for r in rows]),
        group_resolvers.get_groups(ctx, [r.group_id for r in rows]),
    )
    return [
        shapes.point_entry(r, student_row=s, group_row=g, given_by=b)
        for r, s, b, g in zip(rows, students, givers, groups, strict=True)
    ]


async def score_list(ctx: AppContext = Depends(context_for("point.read"))) -> Any:
    return await scores_json(ctx, await academy_resolvers.point_list(ctx))


async def score_create(
    body: ScoreBody | None = None, ctx: AppContext = Depends(context_for("point.write"))
) -> Response:
    row = await academy_resolvers.point_create(ctx, fields_sent(body))
    return JSONResponse((await scores_json(ctx, [row]))[0], status_code=201)


async def score_detail(score_id: int, ctx: AppContext = Depends(context_for("point.read"))) -> Any:
    return (await scores_json(ctx, [await academy_resolvers.point_get(ctx, score_id)]))[0]


async def score_update(
    request: Request,
    score_id: int,
    body: ScoreBody | None = None,
    ctx: AppContext = Depends(context_for("point.write")),
) -> Any:
    row = await academy_resolvers.point_update(
        ctx, score_id, fields_sent(body), partial=request.method == "PATCH"
    )
    return (await scores_json(ctx, [row]))[0]


async def score_delete(
    score_id: int, ctx: AppContext = Depends(context_for("point.write"))
) -> Response:
    await academy_resolvers.point_delete(ctx, score_id)
    return Response(status_code=204)


# ---------------------------------------------------------------------------------------------
# homework


def homework_json(ctx: AppContext, rows: Sequence[academy_models.Homework]) -> list[dict[str, Any]]:
    return [shapes.homework(r, file_url=ctx.media_url(r.file)) for r in rows]


def _homework_data(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("file") is not None:
        data.pop("file")  # a file name in JSON uploads nothing
    return data


async def homework_list(ctx: AppContext = Depends(context_for("homework.read"))) -> Any:
    return homework_json(ctx, await academy_resolvers.homework_list(ctx))


async def homework_create(
    request: Request, ctx: AppContext = Depends(context_for("homework.write"))
) -> Response:
    async with json_or_multipart(request, HomeworkBody) as (data, upload):
        row = await academy_resolvers.homework_create(ctx, _homework_data(data), upload)
    return JSONResponse(homework_json(ctx, [row])[0], status_code=201)


async def my_homework(ctx: AppContext = Depends(caller)) -> Any:
    # Non-students get the seed's own 403 text ("Not a student") from the resolver.
    return homework_json(ctx, await academy_resolvers.my_homework(ctx))


async def homework_detail(
    homework_id: int, ctx: AppContext = Depends(context_for("homework.read"))
) -> Any:
    return homework_json(ctx, [await academy_resolvers.homework_get(ctx, homework_id)])[0]


async def homework_update(
    request: Request,
    homework_id: int,
    ctx: AppContext = Depends(context_for("homework.write")),
) -> Any:
    async with json_or_multipart(request, HomeworkBody) as (data, upload):
        row = await academy_resolvers.homework_update(
            ctx, homework_id, _homework_data(data), upload, partial=request.method == "PATCH"
        )
    return homework_json(ctx, [row])[0]


async def homework_delete(
    homework_id: int, ctx: AppContext = Depends(context_for("homework.write"))
) -> Response:
    await academy_resolvers.homework_delete(ctx, homework_id)
    return Response(status_code=204)


# ---------------------------------------------------------------------------------------------
# work logs (read-only)


async def work_log_list(ctx: AppContext = Depends(context_for("worklog.read"))) -> Any:
    return [shapes.work_log(w) for w in await academy_resolvers.work_log_list(ctx)]


async def work_log_detail(
    work_log_id: int, ctx: AppContext = Depends(context_for("worklog.read"))
) -> Any:
    return shapes.work_log(await academy_resolvers.work_log_get(ctx, work_log_id))


def register(router: APIRouter) -> None:
    base, item = "/api/v1/attendance/", "/api/v1/attendance/{attendance_id:int}/"
    route(router, "/api/v1/attendance/bulk_create/", ["POST"], summary="A group's day")(
        attendance_bulk_create
    )
    route(router, base, ["GET"], summary="List attendance")(attendance_list)
    route(router, base, ["POST"], summary="Mark a student", status_code=201)(attendance_create)
    route(router, item, ["GET"], summary="An attendance record")(attendance_detail)
    route(router, item, ["PUT", "PATCH"], summary="Change attendance")(attendance_update)
    route(router, item, ["DELETE"], summary="Delete attendance", status_code=204)(attendance_delete)

    base, item = "/api/v1/scores/", "/api/v1/scores/{score_id:int}/"
    route(router, base, ["GET"], summary="List points")(score_list)
    route(router, base, ["POST"], summary="Give points", status_code=201)(score_create)
    route(router, item, ["GET"], summary="Points given")(score_detail)
    route(router, item, ["PUT", "PATCH"], summary="Change points")(score_update)
    route(router, item, ["DELETE"], summary="Delete points", status_code=204)(score_delete)

    base, item = "/api/v1/homework/", "/api/v1/homework/{homework_id:int}/"
    route(router, "/api/v1/homework/my-homework/", ["GET"], summary="My group's homework")(
        my_homework
    )
    route(router, base, ["GET"], summary="List homework")(homework_list)
    route(router, base, ["POST"], summary="Add homework (JSON or multipart)", status_code=201)(
        homework_create
    )
    route(router, item, ["GET"], summary="Homework")(homework_detail)
    route(router, item, ["PUT", "PATCH"], summary="Change homework")(homework_update)
    route(router, item, ["DELETE"], summary="Delete homework", status_code=204)(homework_delete)

    base, item = "/api/v1/work-logs/", "/api/v1/work-logs/{work_log_id:int}/"
    route(router, base, ["GET"], summary="List work logs")(work_log_list)
    route(router, item, ["GET"], summary="A work log")(work_log_detail)
