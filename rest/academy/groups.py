"""§3 subjects and §4 groups, with the group rating."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import time
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from models import groups as group_models
from resolvers import groups as group_resolvers
from resolvers.context import AppContext
from rest.academy import route, shapes
from rest.academy.deps import context_for, fields_sent, required_on_write
from rest.common import JSONResponse


class SubjectBody(BaseModel):
    model_config = ConfigDict(
        extra="ignore", json_schema_extra=required_on_write(group_resolvers.SUBJECT_REQUIRED)
    )
    name: str | None = None


class GroupBody(BaseModel):
    model_config = ConfigDict(
        extra="ignore", json_schema_extra=required_on_write(group_resolvers.GROUP_REQUIRED)
    )
    name: str | None = None
    description: str | None = None
    subject: int | None = None
    teacher: int | None = None
    is_active: bool | None = None
    days: str | None = None
    start_time: time | None = None
    end_time: time | None = None


# ---------------------------------------------------------------------------------------------
# subjects


async def subject_list(ctx: AppContext = Depends(context_for("subject.read"))) -> Any:
    return [shapes.subject(s) for s in await group_resolvers.list_subjects(ctx)]


async def subject_create(
    body: SubjectBody | None = None, ctx: AppContext = Depends(context_for("subject.write"))
) -> Response:
    row = await group_resolvers.subject_create(ctx, fields_sent(body))
    return JSONResponse(shapes.subject(row), status_code=201)


async def subject_detail(
    subject_id: int, ctx: AppContext = Depends(context_for("subject.read"))
) -> Any:
    return shapes.subject(await group_resolvers.subject_get(ctx, subject_id))


async def subject_update(
    request: Request,
    subject_id: int,
    body: SubjectBody | None = None,
    ctx: AppContext = Depends(context_for("subject.write")),
) -> Any:
    row = await group_resolvers.subject_update(
        ctx, subject_id, fields_sent(body), partial=request.method == "PATCH"
    )
    return shapes.subject(row)


async def subject_delete(
    subject_id: int, ctx: AppContext = Depends(context_for("subject.write"))
) -> Response:
    await group_resolvers.subject_delete(ctx, subject_id)
    return Response(status_code=204)


# ---------------------------------------------------------------------------------------------
# groups


async def groups_json(ctx: AppContext, rows: Sequence[group_models.Group]) -> list[dict[str, Any]]:
    """Groups with their computed fields: one statement per field, whatever the count."""
    subjects, totals, students, homework = await asyncio.gather(
        group_resolvers.get_subjects(ctx, [g.subject_id or 0 for g in rows]),
        asyncio.gather(*(group_resolvers.group_total_points(ctx, g.id) for g in rows)),
        asyncio.gather(*(group_resolvers.group_students_count(ctx, g.id) for g in rows)),
        asyncio.gather(*(group_resolvers.group_homework_count(ctx, g.id) for g in rows)),
    )
    return [
        shapes.group(
            g,
            subject_name=s.name if s else None,
            total_score=t,
            students_count=n,
            homework_count=h,
        )
        for g, s, t, n, h in zip(rows, subjects, totals, students, homework, strict=True)
    ]


async def group_list(ctx: AppContext = Depends(context_for("group.read"))) -> Any:
    return await groups_json(ctx, await group_resolvers.list_groups(ctx))


async def group_create(
    body: GroupBody | None = None, ctx: AppContext = Depends(context_for("group.write"))
) -> Response:
    row = await group_resolvers.group_create(ctx, fields_sent(body))
    return JSONResponse((await groups_json(ctx, [row]))[0], status_code=201)


async def group_detail(group_id: int, ctx: AppContext = Depends(context_for("group.read"))) -> Any:
    return (await groups_json(ctx, [await group_resolvers.group_get(ctx, group_id)]))[0]


async def group_update(
    request: Request,
    group_id: int,
    body: GroupBody | None = None,
    ctx: AppContext = Depends(context_for("group.write")),
) -> Any:
    row = await group_resolvers.group_update(
        ctx, group_id, fields_sent(body), partial=request.method == "PATCH"
    )
    return (await groups_json(ctx, [row]))[0]


async def group_delete(
    group_id: int, ctx: AppContext = Depends(context_for("group.write"))
) -> Response:
    await group_resolvers.group_delete(ctx, group_id)
    return Response(status_code=204)


async def group_rating(ctx: AppContext = Depends(context_for("rating.read"))) -> Any:
    ranking = await group_resolvers.group_rating(ctx)
    groups = await group_resolvers.get_groups(ctx, [r.id for r in ranking])
    subjects, students = await asyncio.gather(
        group_resolvers.get_subjects(ctx, [g.subject_id or 0 if g else 0 for g in groups]),
        asyncio.gather(*(group_resolvers.group_students_count(ctx, r.id) for r in ranking)),
    )
    return [
        shapes.group_rating(
            g, subject_name=s.name if s else None, total=r.total, rank=r.rank, students=n
        )
        for r, g, s, n in zip(ranking, groups, subjects, students, strict=True)
        if g is not None
    ]


def register(router: APIRouter) -> None:
    base = "/api/v1/subjects/"
    item = "/api/v1/subjects/{subject_id:int}/"
    route(router, base, ["GET"], summary="List subjects")(subject_list)
    route(router, base, ["POST"], summary="Create a subject", status_code=201)(subject_create)
    route(router, item, ["GET"], summary="A subject")(subject_detail)
    route(router, item, ["PUT", "PATCH"], summary="Change a subject")(subject_update)
    route(router, item, ["DELETE"], summary="Delete a subject", status_code=204)(subject_delete)

    base = "/api/v1/groups/"
    item = "/api/v1/groups/{group_id:int}/"
    route(router, "/api/v1/groups/rating/", ["GET"], summary="Active groups by points")(
        group_rating
    )
    route(router, base, ["GET"], summary="List groups")(group_list)
    route(router, base, ["POST"], summary="Create a group", status_code=201)(group_create)
    route(router, item, ["GET"], summary="A group")(group_detail)
    route(router, item, ["PUT", "PATCH"], summary="Change a group")(group_update)
    route(router, item, ["DELETE"], summary="Delete a group", status_code=204)(group_delete)
