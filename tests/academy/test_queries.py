"""Academy reads in GraphQL: connections with filters, ordering and cursors, a student's
attendance and points, ratings, myHomework, work logs, and node lookups by visibility."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from models.people import Role
from resolvers.context import Services
from schema.common.node import encode_global_id as gid
from tests.academy.factories import add_homework, add_work_log, give_points, make_group, mark
from tests.graphql import error_codes, gql_ok, post_graphql

ATTENDANCES = """
query($filter: AttendanceFilter, $direction: OrderDirection, $first: Int, $after: String) {
  attendances(filter: $filter, direction: $direction, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { date status student { username } }
  }
}
"""
STUDENT = """
query($id: ID!, $filter: StudentRecordFilter, $first: Int, $after: String) {
  node(id: $id) {
    ... on Student {
      totalPoints rank
      attendance(filter: $filter, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { date status }
      }
      points(first: 10, filter: $filter) { totalCount nodes { score date } }
    }
  }
}
"""
POINTS = """
query($filter: PointEntryFilter) {
  pointEntries(filter: $filter) { totalCount nodes { score student { username } } }
}
"""
HOMEWORK = """
query($filter: HomeworkFilter) { homework(filter: $filter) { totalCount nodes { text } } }
"""
MY_HOMEWORK = "{ myHomework { totalCount nodes { text group { name } } } }"
WORK_LOGS = """
query($filter: WorkLogFilter) {
  workLogs(filter: $filter) { totalCount nodes { date status employee { username } } }
}
"""
RATING = """
query($groupId: ID!) { studentRating(groupId: $groupId) { rank totalPoints student { username } } }
"""
NODES = """
query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }
"""


async def test_attendances_filter_order_and_page(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    other_group = await make_group(services, "Other")
    me = await make_user(Role.STUDENT, username="student001", group_id=group.id)
    other = await make_user(Role.STUDENT, username="student002", group_id=group.id)
    for day in (17, 19, 21):
        await mark(
            services, me.id, group.id, date(2025, 2, day), "keldi" if day < 21 else "kelmadi"
        )
        await mark(services, other.id, group.id, date(2025, 2, day), "kechikdi")
    await mark(services, other.id, other_group.id, date(2025, 2, 21))
    teacher = await login_headers(await make_user(Role.TEACHER))

    everything = (await gql_ok(client, ATTENDANCES, {"first": 4}, teacher))["attendances"]
    assert everything["totalCount"] == 7 and everything["pageInfo"]["hasNextPage"] is True
    assert [n["date"] for n in everything["nodes"]] == ["2025-02-21"] * 3 + ["2025-02-19"]
    rest = await gql_ok(
        client, ATTENDANCES, {"first": 4, "after": everything["pageInfo"]["endCursor"]}, teacher
    )
    assert len(rest["attendances"]["nodes"]) == 3
    assert rest["attendances"]["pageInfo"]["hasNextPage"] is False

    filtered = await gql_ok(
        client,
        ATTENDANCES,
        {
            "filter": {
                "groupId": gid("Group", group.id),
                "studentId": gid("Student", me.id),
                "dateFrom": "2025-02-18",
                "dateTo": "2025-02-21",
                "status": "PRESENT",
            },
            "direction": "ASC",
        },
        teacher,
    )
    assert filtered["attendances"]["nodes"] == [
        {"date": "2025-02-19", "status": "PRESENT", "student": {"username": "student001"}}
    ]
    # a student sees their own records only
    own = (await gql_ok(client, ATTENDANCES, {}, await login_headers(me)))["attendances"]
    assert own["totalCount"] == 3
    assert {n["student"]["username"] for n in own["nodes"]} == {"student001"}
    assert error_codes(await post_graphql(client, ATTENDANCES, {})) == ["UNAUTHENTICATED"]


async def test_student_attendance_points_total_and_rank(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    me = await make_user(Role.STUDENT, group_id=group.id)
    rival = await make_user(Role.STUDENT, group_id=group.id)
    for day in range(10, 16):
        await mark(
            services, me.id, group.id, date(2025, 2, day), "kechikdi" if day % 2 else "keldi"
        )
    await give_points(services, me.id, group.id, 30, 40)
    await give_points(services, rival.id, group.id, 90)
    headers = await login_headers(me)

    data = (
        await gql_ok(
            client,
            STUDENT,
            {"id": gid("Student", me.id), "first": 2, "filter": {"dateFrom": "2025-02-11"}},
            headers,
        )
    )["node"]
    assert data["totalPoints"] == 70 and data["rank"] == 2
    assert data["attendance"]["totalCount"] == 5
    assert [n["date"] for n in data["attendance"]["nodes"]] == ["2025-02-15", "2025-02-14"]
    following = (
        await gql_ok(
            client,
            STUDENT,
            {
                "id": gid("Student", me.id),
                "first": 2,
                "after": data["attendance"]["pageInfo"]["endCursor"],
                "filter": {"dateFrom": "2025-02-11", "status": "LATE"},
            },
            headers,
        )
    )["node"]["attendance"]
    assert following["totalCount"] == 3
    assert [n["date"] for n in following["nodes"]] == ["2025-02-13", "2025-02-11"]
    assert data["points"]["totalCount"] == 2
    # the other student is not visible to this one
    hidden = await gql_ok(client, STUDENT, {"id": gid("Student", rival.id)}, headers)
    assert hidden["node"] is None


async def test_points_homework_and_my_homework(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services, "IELTS-A1")
    other_group = await make_group(services, "SAT-B2")
    me = await make_user(Role.STUDENT, username="student001", group_id=group.id)
    other = await make_user(Role.STUDENT, username="student002", group_id=other_group.id)
    await give_points(services, me.id, group.id, 10)
    await give_points(services, other.id, other_group.id, 20, 30)
    await add_homework(services, group.id, "Ours")
    await add_homework(services, other_group.id, "Theirs")
    teacher = await login_headers(await make_user(Role.TEACHER))
    student = await login_headers(me)

    assert (await gql_ok(client, POINTS, {}, teacher))["pointEntries"]["totalCount"] == 3
    only_other = await gql_ok(
        client, POINTS, {"filter": {"studentId": gid("Student", other.id)}}, teacher
    )
    assert only_other["pointEntries"]["totalCount"] == 2
    own = (await gql_ok(client, POINTS, {}, student))["pointEntries"]
    assert own["nodes"] == [{"score": 10, "student": {"username": "student001"}}]

    assert (await gql_ok(client, HOMEWORK, {}, teacher))["homework"]["totalCount"] == 2
    in_group = await gql_ok(
        client, HOMEWORK, {"filter": {"groupId": gid("Group", other_group.id)}}, teacher
    )
    assert in_group["homework"]["nodes"] == [{"text": "Theirs"}]
    assert (await gql_ok(client, HOMEWORK, {}, student))["homework"]["nodes"] == [{"text": "Ours"}]

    mine = (await gql_ok(client, MY_HOMEWORK, headers=student))["myHomework"]
    assert mine == {"totalCount": 1, "nodes": [{"text": "Ours", "group": {"name": "IELTS-A1"}}]}
    refused = await post_graphql(client, MY_HOMEWORK, headers=teacher)
    assert error_codes(refused) == ["FORBIDDEN"]
    assert refused["errors"][0]["message"] == "Not a student"
    assert error_codes(await post_graphql(client, MY_HOMEWORK)) == ["UNAUTHENTICATED"]


async def test_work_logs_and_student_rating(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    teacher = await make_user(Role.TEACHER, username="teacher01")
    curator = await make_user(Role.CURATOR, username="curator01")
    await add_work_log(services, teacher.id, date(2025, 2, 17))
    await add_work_log(services, teacher.id, date(2025, 2, 19))
    await add_work_log(services, curator.id, date(2025, 2, 19))
    group = await make_group(services)
    elsewhere = await make_group(services, "Other")
    a = await make_user(Role.STUDENT, username="student001", group_id=group.id)
    b = await make_user(Role.STUDENT, username="student002", group_id=group.id)
    await give_points(services, a.id, group.id, 40)
    await give_points(services, b.id, group.id, 60)
    staff = await login_headers(teacher)

    logs = (
        await gql_ok(
            client,
            WORK_LOGS,
            {"filter": {"employeeId": gid("Staff", teacher.id), "dateFrom": "2025-02-18"}},
            staff,
        )
    )["workLogs"]
    assert logs == {
        "totalCount": 1,
        "nodes": [{"date": "2025-02-19", "status": True, "employee": {"username": "teacher01"}}],
    }
    student = await login_headers(a)
    assert (await gql_ok(client, WORK_LOGS, {}, student))["workLogs"]["totalCount"] == 0

    rating = (await gql_ok(client, RATING, {"groupId": gid("Group", group.id)}, staff))[
        "studentRating"
    ]
    assert rating == [
        {"rank": 1, "totalPoints": 60, "student": {"username": "student002"}},
        {"rank": 2, "totalPoints": 40, "student": {"username": "student001"}},
    ]
    own = await gql_ok(client, RATING, {"groupId": gid("Group", group.id)}, student)
    assert len(own["studentRating"]) == 2
    other = await post_graphql(client, RATING, {"groupId": gid("Group", elsewhere.id)}, student)
    assert error_codes(other) == ["NOT_FOUND"]


async def test_nodes_follow_record_visibility(
    client: httpx.AsyncClient, make_user: Any, login_headers: Any, services: Services
) -> None:
    group = await make_group(services)
    other_group = await make_group(services, "Other")
    me = await make_user(Role.STUDENT, group_id=group.id)
    other = await make_user(Role.STUDENT, group_id=other_group.id)
    teacher = await make_user(Role.TEACHER)
    mine = await mark(services, me.id, group.id)
    theirs = await mark(services, other.id, other_group.id)
    [my_points] = await give_points(services, me.id, group.id, 5)
    [their_points] = await give_points(services, other.id, other_group.id, 5)
    our_homework = await add_homework(services, group.id)
    their_homework = await add_homework(services, other_group.id)
    log = await add_work_log(services, teacher.id, date(2025, 2, 17))
    ids = [
        gid("Attendance", mine.id),
        gid("Attendance", theirs.id),
        gid("PointEntry", my_points.id),
        gid("PointEntry", their_points.id),
        gid("Homework", our_homework.id),
        gid("Homework", their_homework.id),
        gid("WorkLog", log.id),
        gid("Attendance", 9999),
    ]
    as_student = (await gql_ok(client, NODES, {"ids": ids}, await login_headers(me)))["nodes"]
    assert [n and n["__typename"] for n in as_student] == [
        "Attendance",
        None,
        "PointEntry",
        None,
        "Homework",
        None,
        None,
        None,
    ]
    as_teacher = (await gql_ok(client, NODES, {"ids": ids}, await login_headers(teacher)))["nodes"]
    assert [n is not None for n in as_teacher] == [True] * 7 + [False]
    assert (await gql_ok(client, NODES, {"ids": ids}))["nodes"] == [None] * 8
