"""Exam queries: exams, examByCode, examResults, myExamResults, relations and node lookups,
with what each role may see."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers import exams as exam_resolvers
from resolvers.context import Services
from schema.common.node import encode_global_id
from tests.exams.helpers import (
    context_of,
    create_exam,
    make_subject,
    questions_of,
    seed_exam,
    submit,
)
from tests.graphql import error_codes, gql_ok, post_graphql

EXAMS = """
query($filter: ExamFilter, $order: ExamOrder, $first: Int, $after: String) {
  exams(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { title isPublished participantsCount }
  }
}
"""
ANSWERS_SHOWN = """
query($code: String!) {
  examByCode(code: $code) {
    databaseId title
    questions { type writtenAnswerSample options { text isCorrect } }
  }
}
"""
RESULTS = """
query($filter: ExamResultFilter) {
  examResults(filter: $filter) {
    totalCount
    nodes { databaseId score student { username } exam { title } examTitle }
  }
}
"""
MINE = """
{ myExamResults { totalCount nodes { databaseId examTitle correctAnswers totalQuestions } } }
"""
EXAM_RESULTS = """
query($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on Exam {
      results(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { student { username } }
      }
    }
  }
}
"""
STUDENT_RESULTS = """
query($id: ID!) {
  node(id: $id) { ... on Student { examResults { totalCount nodes { examTitle score } } } }
}
"""
NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


class School:
    def __init__(self, services: Services, make_user: Any, login_headers: Any) -> None:
        self.services = services
        self.make_user = make_user
        self.login_headers = login_headers

    async def setup(self) -> School:
        self.ielts = await make_subject(self.services, "IELTS")
        self.sat = await make_subject(self.services, "SAT")
        self.admin = await self.make_user(Role.ADMIN)
        self.teacher = await self.make_user(Role.TEACHER)
        self.ann = await self.make_user(Role.STUDENT, username="ann001")
        self.bob = await self.make_user(Role.STUDENT, username="bob001")
        self.h_admin = await self.login_headers(self.admin)
        self.h_teacher = await self.login_headers(self.teacher)
        self.h_ann = await self.login_headers(self.ann)
        self.h_bob = await self.login_headers(self.bob)
        return self

    async def exam(self, subject: Any = None, **changes: Any) -> Any:
        body = seed_exam((subject or self.ielts).id, **changes)
        return await create_exam(self.services, self.admin, body)

    async def hand_in(self, student: Any, exam: Any, right: bool = True) -> Any:
        test, _ = await questions_of(self.services, self.admin, exam.id)
        option = test.options[1 if right else 0]
        return await submit(
            self.services, student, exam.id, [{"question_id": test.id, "option_id": option.id}]
        )


@pytest.fixture
async def school(services: Services, make_user: Any, login_headers: Any) -> School:
    return await School(services, make_user, login_headers).setup()


async def test_exams_filter_order_and_page(client: httpx.AsyncClient, school: School) -> None:
    await school.exam(title="Grammar B", is_published=True)
    await school.exam(title="Grammar A")
    await school.exam(school.sat, title="Math", is_published=True)

    async def titles(variables: dict[str, Any]) -> list[str]:
        data = await gql_ok(client, EXAMS, variables, school.h_teacher)
        return [n["title"] for n in data["exams"]["nodes"]]

    # newest first by default
    assert await titles({}) == ["Math", "Grammar A", "Grammar B"]
    assert await titles({"order": {"field": "TITLE"}}) == ["Grammar A", "Grammar B", "Math"]
    assert await titles({"filter": {"subjectId": encode_global_id("Subject", school.sat.id)}}) == [
        "Math"
    ]
    assert await titles({"filter": {"isPublished": False}}) == ["Grammar A"]
    assert await titles({"filter": {"search": "GRAMMAR"}}) == ["Grammar A", "Grammar B"]
    first = await gql_ok(
        client,
        EXAMS,
        {"first": 2, "order": {"field": "TITLE", "direction": "DESC"}},
        school.h_admin,
    )
    page = first["exams"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    rest = await titles(
        {
            "first": 2,
            "after": page["pageInfo"]["endCursor"],
            "order": {"field": "TITLE", "direction": "DESC"},
        }
    )
    assert rest == ["Grammar A"]


async def test_students_list_only_published_active_exams(
    client: httpx.AsyncClient, school: School
) -> None:
    await school.exam(title="Open", is_published=True)
    await school.exam(title="Draft")
    await school.exam(title="Closed", is_published=True, is_active=False)
    data = await gql_ok(client, EXAMS, {}, school.h_ann)
    assert [n["title"] for n in data["exams"]["nodes"]] == ["Open"]
    assert data["exams"]["totalCount"] == 1
    assert error_codes(await post_graphql(client, EXAMS, {})) == ["UNAUTHENTICATED"]


async def test_exam_by_code_hides_answers_from_students_only(
    client: httpx.AsyncClient, school: School
) -> None:
    exam = await school.exam(is_published=True)
    staff = (await gql_ok(client, ANSWERS_SHOWN, {"code": exam.code}, school.h_teacher))[
        "examByCode"
    ]
    test, written = staff["questions"]
    assert [o["isCorrect"] for o in test["options"]] == [False, True, False, False]
    assert written["writtenAnswerSample"] == "Reading improves vocabulary and comprehension..."
    student = (await gql_ok(client, ANSWERS_SHOWN, {"code": exam.code.lower()}, school.h_ann))[
        "examByCode"
    ]
    assert student["databaseId"] == exam.id
    test, written = student["questions"]
    assert [o["isCorrect"] for o in test["options"]] == [None] * 4
    assert written["writtenAnswerSample"] is None and written["type"] == "WRITTEN"
    # after handing in, still hidden
    await school.hand_in(school.ann, exam)
    again = (await gql_ok(client, ANSWERS_SHOWN, {"code": exam.code}, school.h_ann))["examByCode"]
    assert [o["isCorrect"] for o in again["questions"][0]["options"]] == [None] * 4


async def test_exam_by_code_is_null_for_codes_that_open_nothing(
    client: httpx.AsyncClient, school: School
) -> None:
    draft = await school.exam()
    for code in ("ZZZZZZ", draft.code, ""):
        data = await gql_ok(client, ANSWERS_SHOWN, {"code": code}, school.h_ann)
        assert data["examByCode"] is None
    # staff may open a draft by its code
    staff = await gql_ok(client, ANSWERS_SHOWN, {"code": draft.code}, school.h_admin)
    assert staff["examByCode"]["databaseId"] == draft.id
    anonymous = await post_graphql(client, ANSWERS_SHOWN, {"code": draft.code})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_exam_results_staff_see_all_students_their_own(
    client: httpx.AsyncClient, school: School
) -> None:
    first = await school.exam(is_published=True, title="First")
    second = await school.exam(is_published=True, title="Second")
    await school.hand_in(school.ann, first)
    await school.hand_in(school.bob, first, right=False)
    await school.hand_in(school.ann, second)
    staff = (await gql_ok(client, RESULTS, {}, school.h_teacher))["examResults"]
    assert staff["totalCount"] == 3
    assert [(n["student"]["username"], n["examTitle"], n["score"]) for n in staff["nodes"]] == [
        ("ann001", "Second", "50.00"),
        ("bob001", "First", "0.00"),
        ("ann001", "First", "50.00"),
    ]
    by_exam = await gql_ok(
        client, RESULTS, {"filter": {"examId": encode_global_id("Exam", first.id)}}, school.h_admin
    )
    assert by_exam["examResults"]["totalCount"] == 2
    own = (await gql_ok(client, RESULTS, {}, school.h_bob))["examResults"]
    assert own["totalCount"] == 1 and own["nodes"][0]["student"]["username"] == "bob001"
    # a student still sees the title of an exam taken back from students, not the exam
    await exam_resolvers.exam_set_published(
        context_of(school.services, school.admin), first.id, False
    )
    hidden = (await gql_ok(client, RESULTS, {}, school.h_bob))["examResults"]["nodes"][0]
    assert hidden["exam"] is None and hidden["examTitle"] == "First"


async def test_my_exam_results(client: httpx.AsyncClient, school: School) -> None:
    exam = await school.exam(is_published=True)
    result = await school.hand_in(school.ann, exam)
    mine = (await gql_ok(client, MINE, headers=school.h_ann))["myExamResults"]
    assert mine == {
        "totalCount": 1,
        "nodes": [
            {
                "databaseId": result.id,
                "examTitle": "IELTS Grammar Test #1",
                "correctAnswers": 1,
                "totalQuestions": 2,
            }
        ],
    }
    assert (await gql_ok(client, MINE, headers=school.h_teacher))["myExamResults"][
        "totalCount"
    ] == 0


async def test_exam_results_connection_pages_and_filters_by_viewer(
    client: httpx.AsyncClient, school: School, make_user: Any
) -> None:
    exam = await school.exam(is_published=True)
    students = [school.ann, school.bob] + [await make_user(Role.STUDENT) for _ in range(3)]
    for student in students:
        await school.hand_in(student, exam)
    exam_id = encode_global_id("Exam", exam.id)
    page = (await gql_ok(client, EXAM_RESULTS, {"id": exam_id, "first": 2}, school.h_admin))[
        "node"
    ]["results"]
    assert page["totalCount"] == 5 and page["pageInfo"]["hasNextPage"] is True
    assert [n["student"]["username"] for n in page["nodes"]] == ["ann001", "bob001"]
    rest = (
        await gql_ok(
            client,
            EXAM_RESULTS,
            {"id": exam_id, "first": 10, "after": page["pageInfo"]["endCursor"]},
            school.h_admin,
        )
    )["node"]["results"]
    assert len(rest["nodes"]) == 3 and rest["pageInfo"]["hasNextPage"] is False
    own = (await gql_ok(client, EXAM_RESULTS, {"id": exam_id}, school.h_bob))["node"]["results"]
    assert own["totalCount"] == 1 and own["nodes"] == [{"student": {"username": "bob001"}}]
    too_many = await post_graphql(
        client, EXAM_RESULTS, {"id": exam_id, "first": 101}, school.h_admin
    )
    assert error_codes(too_many) == ["BAD_USER_INPUT"]


async def test_student_exam_results(client: httpx.AsyncClient, school: School) -> None:
    first = await school.exam(is_published=True, title="First")
    second = await school.exam(is_published=True, title="Second")
    await school.hand_in(school.ann, first)
    await school.hand_in(school.ann, second, right=False)
    ann = encode_global_id("Student", school.ann.id)
    data = (await gql_ok(client, STUDENT_RESULTS, {"id": ann}, school.h_teacher))["node"]
    assert data["examResults"]["totalCount"] == 2
    assert data["examResults"]["nodes"] == [
        {"examTitle": "Second", "score": "0.00"},
        {"examTitle": "First", "score": "50.00"},
    ]
    own = (await gql_ok(client, STUDENT_RESULTS, {"id": ann}, school.h_ann))["node"]
    assert own["examResults"]["totalCount"] == 2


async def test_nodes_follow_the_same_visibility(client: httpx.AsyncClient, school: School) -> None:
    exam = await school.exam(is_published=True)
    draft = await school.exam(title="Draft")
    result = await school.hand_in(school.ann, exam)
    test, _ = await questions_of(school.services, school.admin, exam.id)
    draft_test, _ = await questions_of(school.services, school.admin, draft.id)
    (answer,) = await exam_resolvers.get_answers(
        context_of(school.services, school.admin), result.id
    )
    ids = {
        "Exam": exam.id,
        "ExamQuestion": test.id,
        "ExamOption": test.options[0].id,
        "ExamResult": result.id,
        "ExamAnswer": answer.id,
    }
    for type_name, database_id in ids.items():
        global_id = encode_global_id(type_name, database_id)
        for headers in (school.h_admin, school.h_ann):
            found = (await gql_ok(client, NODE, {"id": global_id}, headers))["node"]
            assert found == {"__typename": type_name, "id": global_id}
        # another student sees the exam, not ann's result
        other = (await gql_ok(client, NODE, {"id": global_id}, school.h_bob))["node"]
        assert (other is not None) == (type_name in {"Exam", "ExamQuestion", "ExamOption"})
    for type_name, database_id in (
        ("Exam", draft.id),
        ("ExamQuestion", draft_test.id),
        ("ExamOption", draft_test.options[0].id),
    ):
        global_id = encode_global_id(type_name, database_id)
        assert (await gql_ok(client, NODE, {"id": global_id}, school.h_ann))["node"] is None
        assert (await gql_ok(client, NODE, {"id": global_id}, school.h_admin))["node"] is not None
