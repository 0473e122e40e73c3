# ruff: noqa: E501  (GraphQL variables stay on one line, as the scenario reads)
"""Golden responses of the GraphQL operations of people, groups, academy records, money,
messages and the dashboard: each mutation's success and userErrors, top-level refusals, and
the list queries with their nested fields (selections built from the schema itself)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, get_named_type

from models.people import Role
from schema import build_schema
from schema.common.node import encode_global_id as gid
from tests.golden.recorder import Golden, selection

_SCHEMA = build_schema()._schema


def mutation(name: str) -> str:
    root = _SCHEMA.mutation_type
    assert root is not None
    field = root.fields[name]
    payload = get_named_type(field.type)
    assert isinstance(payload, GraphQLObjectType)
    input_type = get_named_type(field.args["input"].type).name
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection(payload.name, 2, interfaces=True)} }} }}"


def listing(name: str, arguments: str = "first: 5", depth: int = 3) -> str:
    root = _SCHEMA.query_type
    assert root is not None
    returned = get_named_type(root.fields[name].type)
    args = f"({arguments})" if arguments else ""
    return f"{{ {name}{args} {{ {selection(returned.name, depth, interfaces=True)} }} }}"


async def test_academy_graphql(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any, services: Any
) -> None:
    g, shift = golden
    admin_user = await make_user(Role.ADMIN, username="owner01", telegram_id="100")
    admin = await login_headers(admin_user)
    teacher_user = await make_user(Role.TEACHER, username="teacher01")
    teacher = await login_headers(teacher_user)

    # people
    made = await g.gql(
        "userCreate",
        mutation("userCreate"),
        {
            "input": {
                "username": "student01",
                "password": "qwerty123",
                "role": "STUDENT",
                "firstName": "Jasur",
                "lastName": "Qodirov",
                "telegramId": "111",
                "email": "Jasur@Example.com",
            }
        },
        admin,
    )
    await g.gql(
        "userCreate errors",
        mutation("userCreate"),
        {"input": {"username": "ab", "password": "short", "email": "not-an-email"}},
        admin,
    )
    await g.gql(
        "userCreate duplicate",
        mutation("userCreate"),
        {"input": {"username": "student01", "password": "qwerty123"}},
        admin,
    )
    await g.gql(
        "userCreate teacher",
        mutation("userCreate"),
        {"input": {"username": "x12345", "password": "qwerty123"}},
        teacher,
    )
    sid = made_id(made, "userCreate")
    second = await g.gql(
        "userCreate second",
        mutation("userCreate"),
        {"input": {"username": "student02", "password": "qwerty123", "firstName": "Dilnoza"}},
        admin,
    )
    sid2 = made_id(second, "userCreate")
    await g.gql(
        "userUpdate",
        mutation("userUpdate"),
        {"input": {"id": sid, "phone": "+998900000001", "parentPhone": "+998900000002"}},
        admin,
    )
    await g.gql(
        "userUpdate missing",
        mutation("userUpdate"),
        {"input": {"id": gid("Student", 999), "phone": "1"}},
        admin,
    )
    student = await login_headers(await _user(services, "student01"))
    token = await g.gql(
        "tokenCreate",
        mutation("tokenCreate"),
        {"input": {"username": "student01", "password": "qwerty123"}},
    )
    await g.gql(
        "tokenCreate wrong",
        mutation("tokenCreate"),
        {"input": {"username": "student01", "password": "nope-nope"}},
    )
    refresh = token["data"]["tokenCreate"]["refreshToken"]
    await g.gql("tokenRefresh", mutation("tokenRefresh"), {"input": {"refreshToken": refresh}})
    await g.gql(
        "tokenRefresh reused", mutation("tokenRefresh"), {"input": {"refreshToken": refresh}}
    )
    key = await g.gql(
        "apiKeyCreate",
        mutation("apiKeyCreate"),
        {"input": {"name": "crm", "scopes": ["users:read", "groups:read"]}},
        admin,
    )
    await g.gql(
        "apiKeyCreate bad scope",
        mutation("apiKeyCreate"),
        {"input": {"name": "crm", "scopes": ["nope"]}},
        admin,
    )
    await g.gql("apiKeys", "{ apiKeys { " + selection("ApiKey", 1) + " } }", None, admin)
    await g.gql(
        "apiKeyRevoke",
        mutation("apiKeyRevoke"),
        {"input": {"id": made_id(key, "apiKeyCreate")}},
        admin,
    )

    # subjects and groups
    subject = await g.gql(
        "subjectCreate", mutation("subjectCreate"), {"input": {"name": "IELTS"}}, admin
    )
    await g.gql("subjectCreate blank", mutation("subjectCreate"), {"input": {"name": " "}}, admin)
    subject_id = made_id(subject, "subjectCreate")
    await g.gql(
        "subjectUpdate",
        mutation("subjectUpdate"),
        {"input": {"id": subject_id, "name": "IELTS Academic"}},
        admin,
    )
    group = await g.gql(
        "groupCreate",
        mutation("groupCreate"),
        {
            "input": {
                "name": "IELTS-A1",
                "subjectId": subject_id,
                "days": "Mon,Wed,Fri",
                "startTime": "09:00:00",
                "endTime": "12:00:00",
                "teacherId": gid("Staff", teacher_user.id),
            }
        },
        admin,
    )
    await g.gql(
        "groupCreate errors",
        mutation("groupCreate"),
        {
            "input": {
                "name": "",
                "subjectId": gid("Subject", 999),
                "startTime": "12:00:00",
                "endTime": "09:00:00",
            }
        },
        admin,
    )
    group_id = made_id(group, "groupCreate")
    await g.gql(
        "groupUpdate",
        mutation("groupUpdate"),
        {"input": {"id": group_id, "description": "Asosiy"}},
        admin,
    )
    await g.gql(
        "userUpdate into group",
        mutation("userUpdate"),
        {"input": {"id": sid, "groupId": group_id}},
        admin,
    )
    await g.gql(
        "userUpdate into group 2",
        mutation("userUpdate"),
        {"input": {"id": sid2, "groupId": group_id}},
        admin,
    )

    # attendance, points, homework (a Monday inside the lesson time)
    att = await g.gql(
        "attendanceCreate",
        mutation("attendanceCreate"),
        {"input": {"studentId": sid, "groupId": group_id, "status": "PRESENT"}},
        teacher,
    )
    await g.gql(
        "attendanceCreate again",
        mutation("attendanceCreate"),
        {"input": {"studentId": sid, "groupId": group_id, "status": "LATE"}},
        teacher,
    )
    await g.gql(
        "attendanceCreate student",
        mutation("attendanceCreate"),
        {"input": {"studentId": sid, "groupId": group_id, "status": "LATE"}},
        student,
    )
    att_id = made_id(att, "attendanceCreate")
    await g.gql(
        "attendanceUpdate",
        mutation("attendanceUpdate"),
        {"input": {"id": att_id, "status": "LATE"}},
        teacher,
    )
    await g.gql(
        "attendanceBulkCreate",
        mutation("attendanceBulkCreate"),
        {"input": {"groupId": group_id}},
        teacher,
    )
    point = await g.gql(
        "pointEntryCreate",
        mutation("pointEntryCreate"),
        {"input": {"studentId": sid, "groupId": group_id, "score": 85}},
        teacher,
    )
    await g.gql(
        "pointEntryCreate too high",
        mutation("pointEntryCreate"),
        {"input": {"studentId": sid, "groupId": group_id, "score": 101}},
        teacher,
    )
    point_id = made_id(point, "pointEntryCreate")
    await g.gql(
        "pointEntryUpdate",
        mutation("pointEntryUpdate"),
        {"input": {"id": point_id, "score": 95}},
        teacher,
    )
    hw = await g.gql(
        "homeworkCreate",
        mutation("homeworkCreate"),
        {"input": {"groupId": group_id, "text": "Read p. 3"}},
        teacher,
    )
    await g.gql(
        "homeworkCreate blank",
        mutation("homeworkCreate"),
        {"input": {"groupId": group_id, "text": " "}},
        teacher,
    )
    hw_id = made_id(hw, "homeworkCreate")
    await g.gql(
        "homeworkUpdate",
        mutation("homeworkUpdate"),
        {"input": {"id": hw_id, "text": "Read p. 4"}},
        teacher,
    )

    # money and messages
    pay = await g.gql(
        "paymentCreate",
        mutation("paymentCreate"),
        {
            "input": {
                "studentId": sid,
                "groupId": group_id,
                "amount": "600000.00",
                "months": [{"year": 2026, "month": 3}, {"year": 2026, "month": 4}],
            }
        },
        admin,
    )
    await g.gql(
        "paymentCreate errors",
        mutation("paymentCreate"),
        {
            "input": {
                "studentId": sid,
                "groupId": group_id,
                "amount": "-5",
                "months": [{"year": 2026, "month": 13}],
            }
        },
        admin,
    )
    await g.gql(
        "paymentCreate teacher",
        mutation("paymentCreate"),
        {"input": {"studentId": sid, "groupId": group_id, "amount": "1.00"}},
        teacher,
    )
    pay_id = made_id(pay, "paymentCreate")
    await g.gql(
        "paymentUpdate",
        mutation("paymentUpdate"),
        {"input": {"id": pay_id, "amount": "650000.50"}},
        admin,
    )
    exp = await g.gql(
        "expenseCreate",
        mutation("expenseCreate"),
        {"input": {"amount": "1500000.00", "reason": "Ijara", "recipient": "IjaraChiqimi"}},
        admin,
    )
    await g.gql(
        "expenseCreate blank",
        mutation("expenseCreate"),
        {"input": {"amount": "1.00", "reason": " "}},
        admin,
    )
    exp_id = made_id(exp, "expenseCreate")
    await g.gql(
        "expenseUpdate",
        mutation("expenseUpdate"),
        {"input": {"id": exp_id, "reason": "Mart uchun maosh"}},
        admin,
    )
    msg = await g.gql(
        "messageSend",
        mutation("messageSend"),
        {"input": {"text": "Ertaga dars yo'q!", "recipientIds": [sid, sid2]}},
        admin,
    )
    await g.gql(
        "messageSend empty",
        mutation("messageSend"),
        {"input": {"text": "", "recipientIds": []}},
        admin,
    )
    msg_id = made_id(msg, "messageSend")

    # reads
    for name, args, depth in (
        ("users", "first: 5", 2),
        ("students", 'first: 5, filter: {groupId: "' + group_id + '"}', 3),
        ("subjects", "first: 5", 2),
        ("groups", "first: 5", 3),
        ("groupRating", "", 2),
        ("studentRating", f'groupId: "{group_id}"', 2),
        ("attendances", "first: 5", 3),
        ("pointEntries", "first: 5", 3),
        ("homework", "first: 5", 3),
        ("workLogs", "first: 5", 3),
        ("payments", "first: 5", 3),
        ("expenses", "first: 5", 3),
        ("messages", "first: 5", 3),
        ("dashboard", "", 2),
    ):
        for who, headers in (("admin", admin), ("teacher", teacher), ("student", student)):
            await g.gql(f"{name} as {who}", listing(name, args, depth), None, headers)
    await g.gql(
        "viewer",
        "{ viewer { __typename ... on Student { " + selection("Student", 1) + " } } }",
        None,
        student,
    )
    await g.gql("myHomework", listing("myHomework", "first: 5", 3), None, student)
    await g.gql("myPayments", listing("myPayments", "first: 5", 3), None, student)
    await g.gql("anonymous users", listing("users", "first: 5", 2), None)

    # deletions
    for name, value in (
        ("messageDelete", msg_id),
        ("expenseDelete", exp_id),
        ("paymentDelete", pay_id),
        ("homeworkDelete", hw_id),
        ("pointEntryDelete", point_id),
        ("attendanceDelete", att_id),
        ("userDelete", sid2),
        ("groupDelete", group_id),
        ("subjectDelete", subject_id),
    ):
        await g.gql(name, mutation(name), {"input": {"id": value}}, admin)
        await g.gql(f"{name} again", mutation(name), {"input": {"id": value}}, admin)
    await g.gql("tokenRevoke", mutation("tokenRevoke"), {"input": {}}, student)
    g.check()


def made_id(result: dict[str, Any], name: str) -> str:
    """The global ID of the object a mutation's payload carries."""
    payload = result["data"][name]
    (found,) = [v["id"] for v in payload.values() if isinstance(v, dict) and "id" in v]
    return str(found)


async def _user(services: Any, username: str) -> Any:
    from sqlalchemy import select

    from models.db import read_session
    from models.people import User

    async with read_session(services.sessionmaker) as session:
        return (await session.scalars(select(User).where(User.username == username))).one()
