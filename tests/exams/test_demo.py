"""The demo exams load through the resolvers, once."""

from __future__ import annotations

import demo
from auth.principal import Principal
from models.people import Role
from resolvers import exams as exam_resolvers
from resolvers.context import AppContext, Services


async def test_demo_exams_load_once(services: Services) -> None:
    ctx = AppContext(services=services, principal=Principal(kind="user", role=Role.ADMIN))
    # given: the demo people (exams need them)
    summary = await demo.seed(ctx)
    assert "exams: added 3 exams" in summary and "23 results" in summary
    # then
    exams = await exam_resolvers.all_exams(ctx)
    assert {e.title for e in exams} == {
        "IELTS Grammar Test #1",
        "SAT Math Warm-up",
        "IELTS Vocabulary Check",
    }
    results = await exam_resolvers.all_exam_results(ctx)
    assert len(results) == 23
    checked = [r for r in results if r.is_checked]
    assert checked and all(r.checked_by_id is not None for r in checked)
    assert all(0 <= r.score <= 100 for r in results)
    # and a second run adds nothing
    assert await demo.seed(ctx) == "demo data already present"
    assert len(await exam_resolvers.all_exam_results(ctx)) == 23
