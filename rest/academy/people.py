"""§5 owners, §6 workers, §7 students with their rating. Passwords are write-only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from models import people as people_models
from resolvers import academy as academy_resolvers
from resolvers import groups as group_resolvers
from resolvers import people as people_resolvers
from resolvers.context import AppContext
from resolvers.people import Roster
from rest.academy import route, shapes
from rest.academy.deps import context_for, fields_sent
from rest.common import JSONResponse

GROUP_ID_REQUIRED = "group_id parametri kerak."


class StaffBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    username: str | None = None
    password: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    telegram_id: str | None = None


class StudentBody(StaffBody):
    parent_phone: str | None = None
    group: int | None = None


async def students_json(
    ctx: AppContext, rows: Sequence[people_models.User]
) -> list[dict[str, Any]]:
    """Students with their group and all_score: one statement each, whatever the count."""
    groups, scores = await asyncio.gather(
        group_resolvers.get_groups(ctx, [u.group_id or 0 for u in rows]),
        asyncio.gather(*(academy_resolvers.student_total_points(ctx, u.id) for u in rows)),
    )
    return [
        shapes.student(u, group_row=g, all_score=s)
        for u, g, s in zip(rows, groups, scores, strict=True)
    ]


async def staff_json(ctx: AppContext, rows: Sequence[people_models.User]) -> list[dict[str, Any]]:
    return [shapes.staff_member(u) for u in rows]


Render = Callable[[AppContext, Sequence[people_models.User]], Any]


def _roster_endpoints(
    roster: Roster, body_model: type[StaffBody], render: Render
) -> dict[str, Any]:
    read = context_for("student.read" if roster is Roster.STUDENTS else "staff.read")
    write = context_for("student.write" if roster is Roster.STUDENTS else "staff.write")

    async def create(body: StaffBody | None = None, ctx: AppContext = Depends(write)) -> Response:
        user = await people_resolvers.roster_create(ctx, roster, fields_sent(body))
        return JSONResponse((await render(ctx, [user]))[0], status_code=201)

    async def detail(user_id: int, ctx: AppContext = Depends(read)) -> Any:
        return (await render(ctx, [await people_resolvers.roster_get(ctx, roster, user_id)]))[0]

    async def change(
        request: Request,
        user_id: int,
        body: StaffBody | None = None,
        ctx: AppContext = Depends(write),
    ) -> Any:
        user = await people_resolvers.roster_update(
            ctx, roster, user_id, fields_sent(body), partial=request.method == "PATCH"
        )
        return (await render(ctx, [user]))[0]

    async def remove(user_id: int, ctx: AppContext = Depends(write)) -> Response:
        await people_resolvers.roster_delete(ctx, roster, user_id)
        return Response(status_code=204)

    # Each roster parses its own body model (students also take parent_phone and group).
    create.__annotations__["body"] = body_model | None
    change.__annotations__["body"] = body_model | None
    return {"create": create, "detail": detail, "change": change, "remove": remove}


async def staff_list_for(roster: Roster, ctx: AppContext) -> Any:
    return await staff_json(ctx, await people_resolvers.roster_list(ctx, roster))


async def student_list(
    group_id: int | None = None, ctx: AppContext = Depends(context_for("student.read"))
) -> Any:
    rows = await people_resolvers.roster_list(ctx, Roster.STUDENTS, group_id=group_id)
    return await students_json(ctx, rows)


async def student_rating(
    group_id: str | None = None, ctx: AppContext = Depends(context_for("rating.read"))
) -> Any:
    if not group_id:
        return JSONResponse({"error": GROUP_ID_REQUIRED}, status_code=400)
    try:
        wanted = int(group_id)
    except ValueError:
        raise RequestValidationError(
            [{"type": "int_parsing", "loc": ("query", "group_id"), "input": group_id}]
        ) from None
    rated = await academy_resolvers.student_rating(ctx, wanted)
    group = await group_resolvers.group_get(ctx, wanted)
    return [
        shapes.student_rating(
            r.student, total=r.ranked.total, rank=r.ranked.rank, group_name=group.name
        )
        for r in rated
    ]


def register(router: APIRouter) -> None:
    for roster, body_model, render in (
        (Roster.OWNERS, StaffBody, staff_json),
        (Roster.WORKERS, StaffBody, staff_json),
        (Roster.STUDENTS, StudentBody, students_json),
    ):
        name = roster.value
        base = f"/api/v1/{name}/"
        item = f"/api/v1/{name}/{{user_id:int}}/"
        endpoints = _roster_endpoints(roster, body_model, render)
        if roster is Roster.STUDENTS:
            route(router, "/api/v1/students/rating/", ["GET"], summary="Students by points")(
                student_rating
            )
            route(router, base, ["GET"], summary="List students")(student_list)
        else:
            route(router, base, ["GET"], summary=f"List {name}")(_staff_list(roster))
        route(router, base, ["POST"], summary=f"Create ({name})", status_code=201)(
            endpoints["create"]
        )
        route(router, item, ["GET"], summary=f"One of the {name}")(endpoints["detail"])
        route(router, item, ["PUT", "PATCH"], summary=f"Change ({name})")(endpoints["change"])
        route(router, item, ["DELETE"], summary=f"Delete ({name})", status_code=204)(
            endpoints["remove"]
        )


def _staff_list(roster: Roster) -> Callable[..., Any]:
    async def staff_list(ctx: AppContext = Depends(context_for("staff.read"))) -> Any:
        return await staff_list_for(roster, ctx)

    return staff_list
