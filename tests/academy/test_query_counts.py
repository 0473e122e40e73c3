"""Every academy list, REST and GraphQL, issues the same number of SQL statements for 5 rows
as for 50: relations and computed fields go through loaders, one statement each."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import httpx
import pytest

from auth.passwords import hash_password
from models import academy as academy_models
from models import groups as group_models
from models.db import write_session
from models.people import Role, User
from resolvers.context import Services
from tests.graphql import gql_ok

_HASH = hash_password("password123")


class Center:
    """Rows added in batches: each call adds `n` of everything."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.batch = 0
        self.viewer_group_id: int | None = None

    async def add(self, n: int) -> None:
        self.batch += 1
        tag = f"b{self.batch}"
        async with write_session(self.services.sessionmaker) as session:
            subjects = [group_models.Subject(name=f"Subject {tag}-{i}") for i in range(n)]
            session.add_all(subjects)
            await session.flush()
            groups = [
                group_models.Group(
                    name=f"G{tag}-{i}",
                    subject_id=subjects[i].id,
                    days="Mon,Wed,Fri",
                    start_time=time(9),
                    end_time=time(11),
                )
                for i in range(n)
            ]
            session.add_all(groups)
            await session.flush()
            self.viewer_group_id = self.viewer_group_id or groups[0].id

            def person(role: Role, i: int, **extra: Any) -> User:
                return User(
                    username=f"{role.value.lower()}-{tag}-{i}",
                    role=role.value,
                    password_hash=_HASH,
                    **extra,
                )

            teachers = [person(Role.TEACHER, i) for i in range(n)]
            owners = [person(Role.ADMIN, i) for i in range(n)]
            # every student in the viewer's group too, so per-group lists grow as well
            students = [person(Role.STUDENT, i, group_id=self.viewer_group_id) for i in range(n)]
            session.add_all(teachers + owners + students)
            await session.flush()
            start = date(2025, 1, 1) + timedelta(days=40 * self.batch)
            for i, student in enumerate(students):
                group_id = self.viewer_group_id
                session.add_all(
                    [
                        academy_models.Attendance(
                            student_id=student.id,
                            group_id=group_id,
                            status="keldi",
                            date=start + timedelta(days=i),
                            time=time(9, 5),
                            marked_by_id=teachers[i].id,
                        ),
                        academy_models.PointEntry(
                            student_id=student.id,
                            group_id=group_id,
                            score=i % 101,
                            date=start,
                            given_by_id=teachers[i].id,
                        ),
                        academy_models.Homework(
                            group_id=groups[i].id if i else group_id,
                            text=f"Task {i}",
                            file=f"homework/{tag}-{i}.pdf",
                            created_by_id=teachers[i].id,
                        ),
                        academy_models.WorkLog(employee_id=teachers[i].id, date=start),
                    ]
                )
            # the homework list of the viewer's group grows too
            session.add_all(
                [
                    academy_models.Homework(group_id=self.viewer_group_id, text="More")
                    for _ in range(n)
                ]
            )


REST_LISTS = [
    "/api/v1/subjects/",
    "/api/v1/groups/",
    "/api/v1/groups/rating/",
    "/api/v1/owners/",
    "/api/v1/workers/",
    "/api/v1/students/",
    "/api/v1/students/rating/?group_id={group}",
    "/api/v1/attendance/",
    "/api/v1/scores/",
    "/api/v1/homework/",
    "/api/v1/work-logs/",
]


@pytest.mark.parametrize("path", REST_LISTS)
async def test_rest_lists_cost_the_same_for_5_and_50_rows(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
    path: str,
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    center = Center(services)
    counts, sizes = [], []
    for n in (5, 45):
        await center.add(n)
        url = path.format(group=center.viewer_group_id)
        with count_statements() as counter:
            response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        counts.append(counter.count)
        sizes.append(len(response.json()))
    assert sizes[1] >= 50 and sizes[1] > sizes[0]
    assert counts[0] == counts[1], (path, counts)
    assert counts[0] <= 6, path


async def test_my_homework_costs_the_same_for_5_and_50_rows(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    center = Center(services)
    await center.add(5)
    headers = await login_headers(await make_user(Role.STUDENT, group_id=center.viewer_group_id))
    counts = []
    for n in (None, 45):
        if n:
            await center.add(n)
        with count_statements() as counter:
            response = await client.get("/api/v1/homework/my-homework/", headers=headers)
        counts.append((counter.count, len(response.json())))
    assert counts[0][0] == counts[1][0] and counts[1][1] >= 50


GRAPHQL_LISTS = {
    "groups": """{ groups(first: 100) { totalCount nodes {
        name totalPoints studentsCount homeworkCount rank subject { name } teacher { username }
        students(first: 100) { totalCount nodes { username totalPoints rank } }
        homework(first: 100) { totalCount nodes { text fileUrl createdBy { username } } }
    } } }""",
    "students": """{ students(first: 100) { nodes {
        username totalPoints rank group { name }
        attendance(first: 100, filter: {dateFrom: "2025-01-01"}) {
          totalCount nodes { status date markedBy { username } group { name } }
        }
        points(first: 100) { totalCount nodes { score givenBy { username } } }
    } } }""",
    "attendances": """{ attendances(first: 100) { totalCount nodes {
        status student { username } group { name } markedBy { username } } } }""",
    "pointEntries": """{ pointEntries(first: 100) { totalCount nodes {
        score student { username } group { name } givenBy { username } } } }""",
    "homework": """{ homework(first: 100) { totalCount nodes {
        text fileUrl group { name } createdBy { username } } } }""",
    "workLogs": """{ workLogs(first: 100) { totalCount nodes { date employee { username } } } }""",
    "groupRating": """{ groupRating { rank totalPoints studentsCount group { name } } }""",
}


@pytest.mark.parametrize("field", list(GRAPHQL_LISTS))
async def test_graphql_lists_cost_the_same_for_5_and_50_rows(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
    field: str,
) -> None:
    headers = await login_headers(await make_user(Role.ADMIN))
    center = Center(services)
    counts = []
    for n in (5, 45):
        await center.add(n)
        with count_statements() as counter:
            data = await gql_ok(client, GRAPHQL_LISTS[field], headers=headers)
        counts.append(counter.count)
        value = data[field]
        rows = value if isinstance(value, list) else value["nodes"]
        assert len(rows) >= (5 if n == 5 else 50)
    assert counts[0] == counts[1], (field, counts)


async def test_student_rating_in_graphql_costs_the_same(
    client: httpx.AsyncClient,
    services: Services,
    make_user: Any,
    login_headers: Any,
    count_statements: Any,
) -> None:
    from schema.common.node import encode_global_id

    headers = await login_headers(await make_user(Role.TEACHER))
    center = Center(services)
    query = """query($g: ID!) { studentRating(groupId: $g) {
        rank totalPoints student { username group { name } } } }"""
    counts = []
    for n in (5, 45):
        await center.add(n)
        variables = {"g": encode_global_id("Group", center.viewer_group_id or 0)}
        with count_statements() as counter:
            data = await gql_ok(client, query, variables, headers)
        counts.append((counter.count, len(data["studentRating"])))
    assert counts[0][0] == counts[1][0] and counts[1][1] == 50
