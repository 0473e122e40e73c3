"""`seed-demo` builds a whole center that the academy endpoints answer for, once."""

from __future__ import annotations

from typing import Any

import httpx

import demo
from models.people import Role
from resolvers.context import AppContext, Services
from server import SYSTEM


async def test_demo_center_is_loaded_once_and_answers(
    client: httpx.AsyncClient, services: Services, make_user: Any, login_headers: Any
) -> None:
    ctx = AppContext(services=services, principal=SYSTEM)
    summary = await demo.seed(ctx)
    assert "academy: added 5 groups (8 in all), 176 students (200 in all)" in summary
    assert await demo.seed(ctx) == "demo data already present"

    headers = await login_headers(await make_user(Role.ADMIN))
    groups = (await client.get("/api/v1/groups/", headers=headers)).json()
    assert len(groups) == 8 and all(g["students_count"] >= 20 for g in groups)
    assert sum(g["group_total_score"] for g in groups) > 0
    assert all(g["homework_count"] > 0 for g in groups)
    students = (await client.get("/api/v1/students/", headers=headers)).json()
    # the IELTS part of the demo adds its own 500 (ielts0001 ...) to the IELTS groups
    assert len([s for s in students if not s["username"].startswith("ielts")]) == 200
    # every demo student, the IELTS center's too, has a name of their own
    names = [(s["first_name"], s["last_name"]) for s in students]
    assert len(names) == 700 and len(set(names)) == 700
    rating = (await client.get("/api/v1/groups/rating/", headers=headers)).json()
    assert [r["rank"] for r in rating][:1] == [1] and len(rating) == 8
    attendance = (await client.get("/api/v1/attendance/", headers=headers)).json()
    assert len(attendance) > 1000
    assert {a["status"] for a in attendance} == {"keldi", "kechikdi", "kelmadi"}
    workers = (await client.get("/api/v1/workers/", headers=headers)).json()
    assert {"teacher.demo", "teacher2.demo", "teacher3.demo"} <= {w["username"] for w in workers}
    assert (await client.get("/api/v1/work-logs/", headers=headers)).json()
