"""Statement counts that do not grow with the number of rows."""

from __future__ import annotations

from typing import Any

import httpx

from models import groups as group_models
from models.db import write_session
from models.people import Role
from resolvers.context import Services
from tests.graphql import gql_ok

STUDENTS = """
{ students(first: 100) { edges { node { group { name } curator { email } } } } }
"""


async def seed(services: Services, make_user: Any, n: int) -> None:
    async with write_session(services.sessionmaker) as session:
        subject = group_models.Subject(name="IELTS")
        session.add(subject)
        await session.flush()
        groups = [group_models.Group(name=f"G{i}", subject_id=subject.id) for i in range(5)]
        session.add_all(groups)
    curators = [await make_user(Role.CURATOR, email=f"c{i}-{n}@example.com") for i in range(3)]
    for i in range(n):
        await make_user(Role.STUDENT, group_id=groups[i % 5].id, curator_id=curators[i % 3].id)


async def statements_for(
    client: httpx.AsyncClient, headers: dict[str, str], count_statements: Any
) -> tuple[int, Any]:
    with count_statements() as counter:
        data = await gql_ok(client, STUDENTS, headers=headers)
    return counter.count, data


async def test_students_with_group_and_curator_cost_the_same_for_10_and_100(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    admin = await make_user(Role.ADMIN)
    headers = await login_headers(admin)
    await seed(services, make_user, 10)
    small, data = await statements_for(client, headers, count_statements)
    assert len(data["students"]["edges"]) == 10
    await seed(services, make_user, 90)
    large, data = await statements_for(client, headers, count_statements)
    assert len(data["students"]["edges"]) == 100
    assert all(e["node"]["group"] and e["node"]["curator"] for e in data["students"]["edges"])
    # principal, page of students, groups, curators
    assert small == large == 4
