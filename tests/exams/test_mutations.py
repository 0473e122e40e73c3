"""Exam mutations: the happy path, each userError code, and who may not run them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers import exams as exam_resolvers
from resolvers.assessment import codes
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

EXAM_FIELDS = """
  id databaseId title code description timeLimit isPublished isActive date
  subject { name } questionsCount
  questions { type text order writtenAnswerSample options { text order isCorrect } }
"""
CREATE = f"""
mutation($input: ExamCreateInput!) {{
  examCreate(input: $input) {{ exam {{ {EXAM_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
UPDATE = f"""
mutation($input: ExamUpdateInput!) {{
  examUpdate(input: $input) {{ exam {{ {EXAM_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
DELETE = """
mutation($id: ID!) {
  examDelete(input: {id: $id}) { deletedExamId userErrors { field message code } }
}
"""
PUBLISH = """
mutation($id: ID!) {
  examPublish(input: {id: $id}) { exam { isPublished } userErrors { field message code } }
}
"""
UNPUBLISH = """
mutation($id: ID!) {
  examUnpublish(input: {id: $id}) { exam { isPublished } userErrors { field message code } }
}
"""
COPY = f"""
mutation($id: ID!) {{
  examCopy(input: {{id: $id}}) {{ exam {{ {EXAM_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
SUBMIT = """
mutation($input: ExamSubmitInput!) {
  examSubmit(input: $input) {
    examResult {
      databaseId score correctAnswers totalQuestions isChecked examTitle
      student { username } checkedBy { username }
      answers { questionText optionText writtenAnswer isCorrect question { text } option { text } }
    }
    userErrors { field message code }
  }
}
"""
RESULT_UPDATE = """
mutation($input: ExamResultUpdateInput!) {
  examResultUpdate(input: $input) {
    examResult { score correctAnswers isChecked checkedAt checkedBy { username }
                 answers { id isCorrect } }
    userErrors { field message code }
  }
}
"""
RESULT_DELETE = """
mutation($id: ID!) {
  examResultDelete(input: {id: $id}) { deletedExamResultId userErrors { field message code } }
}
"""


def gid(type_name: str, database_id: int) -> str:
    return encode_global_id(type_name, database_id)


class People:
    def __init__(self, services: Services, make_user: Any, login_headers: Any) -> None:
        self.services = services
        self.make_user = make_user
        self.login_headers = login_headers

    async def setup(self) -> People:
        self.subject = await make_subject(self.services)
        self.admin = await self.make_user(Role.ADMIN, username="admin01")
        self.teacher = await self.make_user(Role.TEACHER, username="teacher01")
        self.student = await self.make_user(Role.STUDENT, username="student01")
        self.h_admin = await self.login_headers(self.admin)
        self.h_teacher = await self.login_headers(self.teacher)
        self.h_student = await self.login_headers(self.student)
        return self

    async def exam(self, **changes: Any) -> Any:
        return await create_exam(self.services, self.admin, seed_exam(self.subject.id, **changes))

    def create_input(self, **changes: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "subjectId": gid("Subject", self.subject.id),
            "title": "IELTS Grammar Test #1",
            "timeLimit": 30,
            "date": "2025-02-20",
            "questions": [
                {
                    "text": "Which sentence is correct?",
                    "type": "TEST",
                    "options": [
                        {"text": "She go to school.", "isCorrect": False},
                        {"text": "She goes to school.", "isCorrect": True},
                    ],
                },
                {
                    "text": "Describe reading.",
                    "type": "WRITTEN",
                    "writtenAnswerSample": "It helps.",
                },
            ],
        }
        base.update(changes)
        return base


@pytest.fixture
async def people(services: Services, make_user: Any, login_headers: Any) -> People:
    return await People(services, make_user, login_headers).setup()


async def errors_of(
    client: httpx.AsyncClient, query: str, name: str, variables: dict[str, Any], headers: Any
) -> list[tuple[str | None, str]]:
    data = await gql_ok(client, query, variables, headers)
    return [(e["field"], e["code"]) for e in data[name]["userErrors"]]


# ---------------------------------------------------------------------------------------------
# examCreate


async def test_exam_create(client: httpx.AsyncClient, people: People) -> None:
    data = await gql_ok(client, CREATE, {"input": people.create_input()}, people.h_admin)
    payload = data["examCreate"]
    assert payload["userErrors"] == []
    exam = payload["exam"]
    assert len(exam["code"]) == 6 and exam["code"].isalnum() and exam["code"].isupper()
    assert exam["subject"] == {"name": "IELTS"} and exam["questionsCount"] == 2
    assert exam["isPublished"] is False and exam["isActive"] is True
    assert exam["date"] == "2025-02-20" and exam["timeLimit"] == 30
    test, written = exam["questions"]
    assert test["type"] == "TEST" and test["order"] == 1 and written["order"] == 2
    assert [(o["text"], o["order"], o["isCorrect"]) for o in test["options"]] == [
        ("She go to school.", 1, False),
        ("She goes to school.", 2, True),
    ]
    assert written["writtenAnswerSample"] == "It helps." and written["options"] == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "  "}, [("title", "BLANK")]),
        ({"title": "x" * 256}, [("title", "TOO_LONG")]),
        ({"timeLimit": -5}, [("timeLimit", "MIN_VALUE")]),
        ({"subjectId": encode_global_id("Subject", 9999)}, [("subjectId", "DOES_NOT_EXIST")]),
        ({"subjectId": encode_global_id("Group", 1)}, [("subjectId", "INVALID_ID")]),
        (
            {"questions": [{"text": "Q", "type": "TEST", "options": []}]},
            [("questions.0.options", "TOO_FEW_OPTIONS")],
        ),
        (
            {
                "questions": [
                    {
                        "text": "Q",
                        "type": "TEST",
                        "options": [
                            {"text": "a", "isCorrect": False},
                            {"text": "b", "isCorrect": False},
                        ],
                    }
                ]
            },
            [("questions.0.options", "CORRECT_OPTION_COUNT")],
        ),
        (
            {"questions": [{"text": "Q", "type": "TEST", "writtenAnswerSample": "no"}]},
            [
                ("questions.0.writtenAnswerSample", "NOT_ALLOWED"),
                ("questions.0.options", "TOO_FEW_OPTIONS"),
            ],
        ),
        (
            {"questions": [{"text": " ", "type": "WRITTEN", "order": -1}]},
            [("questions.0.text", "BLANK"), ("questions.0.order", "MIN_VALUE")],
        ),
        (
            {"questions": [{"text": "Q", "type": "WRITTEN"}] * 501},
            [("questions", "TOO_MANY")],
        ),
    ],
)
async def test_exam_create_user_errors(
    client: httpx.AsyncClient,
    people: People,
    changes: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    found = await errors_of(
        client, CREATE, "examCreate", {"input": people.create_input(**changes)}, people.h_admin
    )
    assert found == expected
    # nothing was written
    listed = await gql_ok(client, "{ exams { totalCount } }", headers=people.h_admin)
    assert listed["exams"]["totalCount"] == 0


async def test_exam_create_gives_up_when_no_free_code_is_drawn(
    client: httpx.AsyncClient, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = await people.exam()
    monkeypatch.setattr(codes, "draw_code", lambda: taken.code)
    found = await errors_of(
        client, CREATE, "examCreate", {"input": people.create_input()}, people.h_admin
    )
    assert found == [(None, "CODE_EXHAUSTED")]


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        (CREATE, {"title": "t"}),
        (UPDATE, {"title": "t"}),
        (DELETE, {}),
        (PUBLISH, {}),
        (UNPUBLISH, {}),
        (COPY, {}),
    ],
)
async def test_exam_authoring_is_for_admins(
    client: httpx.AsyncClient, people: People, query: str, fields: dict[str, Any]
) -> None:
    exam = await people.exam()
    if query is CREATE:
        variables: dict[str, Any] = {
            "input": {"subjectId": gid("Subject", people.subject.id), **fields}
        }
    elif query is UPDATE:
        variables = {"input": {"id": gid("Exam", exam.id), **fields}}
    else:
        variables = {"id": gid("Exam", exam.id)}
    for headers in (people.h_teacher, people.h_student):
        assert error_codes(await post_graphql(client, query, variables, headers)) == ["FORBIDDEN"]
    assert error_codes(await post_graphql(client, query, variables)) == ["UNAUTHENTICATED"]
    # nothing changed
    listed = await gql_ok(
        client, "{ exams { nodes { title isPublished } } }", headers=people.h_admin
    )
    assert listed["exams"]["nodes"] == [{"title": "IELTS Grammar Test #1", "isPublished": False}]


# ---------------------------------------------------------------------------------------------
# examUpdate, examDelete, examPublish, examUnpublish, examCopy


async def test_exam_update_replaces_questions_only_when_given(
    client: httpx.AsyncClient, people: People
) -> None:
    exam = await people.exam()
    exam_id = gid("Exam", exam.id)
    renamed = await gql_ok(
        client, UPDATE, {"input": {"id": exam_id, "title": "Renamed"}}, people.h_admin
    )
    body = renamed["examUpdate"]["exam"]
    assert body["title"] == "Renamed" and body["questionsCount"] == 2
    assert body["code"] == exam.code and body["timeLimit"] == 30
    replaced = await gql_ok(
        client,
        UPDATE,
        {
            "input": {
                "id": exam_id,
                "isActive": False,
                "questions": [{"text": "Only one", "type": "WRITTEN"}],
            }
        },
        people.h_admin,
    )
    body = replaced["examUpdate"]["exam"]
    assert body["isActive"] is False and body["title"] == "Renamed"
    assert [q["text"] for q in body["questions"]] == ["Only one"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": None}, [("title", "REQUIRED")]),
        (
            {"timeLimit": None, "subjectId": None},
            [("subjectId", "REQUIRED"), ("timeLimit", "REQUIRED")],
        ),
        ({"questions": None}, [("questions", "REQUIRED")]),
        ({"id": "bm9wZTox"}, [("id", "INVALID_ID")]),
        ({"id": encode_global_id("Exam", 9999)}, [("id", "NOT_FOUND")]),
    ],
)
async def test_exam_update_user_errors(
    client: httpx.AsyncClient,
    people: People,
    changes: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    exam = await people.exam()
    variables = {"input": {"id": gid("Exam", exam.id), **changes}}
    assert await errors_of(client, UPDATE, "examUpdate", variables, people.h_admin) == expected


async def test_exam_delete(client: httpx.AsyncClient, people: People) -> None:
    exam = await people.exam(is_published=True)
    test, _ = await questions_of(people.services, people.admin, exam.id)
    await submit(people.services, people.student, exam.id, [])
    exam_id = gid("Exam", exam.id)
    data = await gql_ok(client, DELETE, {"id": exam_id}, people.h_admin)
    assert data["examDelete"] == {"deletedExamId": exam_id, "userErrors": []}
    gone = await gql_ok(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": exam_id}, people.h_admin
    )
    assert gone["node"] is None
    results = await gql_ok(client, "{ examResults { totalCount } }", headers=people.h_admin)
    assert results["examResults"]["totalCount"] == 0
    again = await errors_of(client, DELETE, "examDelete", {"id": exam_id}, people.h_admin)
    assert again == [("id", "NOT_FOUND")]
    bad = await errors_of(client, DELETE, "examDelete", {"id": "@@"}, people.h_admin)
    assert bad == [("id", "INVALID_ID")]


@pytest.mark.parametrize(
    ("query", "name", "published"),
    [(PUBLISH, "examPublish", True), (UNPUBLISH, "examUnpublish", False)],
)
async def test_exam_publish_and_unpublish(
    client: httpx.AsyncClient, people: People, query: str, name: str, published: bool
) -> None:
    exam = await people.exam(is_published=not published)
    data = await gql_ok(client, query, {"id": gid("Exam", exam.id)}, people.h_admin)
    assert data[name] == {"exam": {"isPublished": published}, "userErrors": []}
    # twice is harmless
    again = await gql_ok(client, query, {"id": gid("Exam", exam.id)}, people.h_admin)
    assert again[name]["exam"] == {"isPublished": published}
    missing = await errors_of(client, query, name, {"id": gid("Exam", 9999)}, people.h_admin)
    assert missing == [("id", "NOT_FOUND")]
    bad = await errors_of(client, query, name, {"id": gid("Subject", 1)}, people.h_admin)
    assert bad == [("id", "INVALID_ID")]


async def test_exam_copy(
    client: httpx.AsyncClient, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    exam = await people.exam(is_published=True)
    data = await gql_ok(client, COPY, {"id": gid("Exam", exam.id)}, people.h_admin)
    copy = data["examCopy"]["exam"]
    assert copy["title"] == "IELTS Grammar Test #1 (Nusxa)"
    assert copy["isPublished"] is False and copy["code"] != exam.code
    assert copy["databaseId"] != exam.id and copy["questionsCount"] == 2
    assert [q["text"] for q in copy["questions"]] == [
        "Which sentence is correct?",
        "Describe the importance of reading.",
    ]
    assert [o["isCorrect"] for o in copy["questions"][0]["options"]] == [False, True, False, False]
    missing = await errors_of(client, COPY, "examCopy", {"id": gid("Exam", 9999)}, people.h_admin)
    assert missing == [("id", "NOT_FOUND")]
    monkeypatch.setattr(codes, "draw_code", lambda: exam.code)
    exhausted = await errors_of(
        client, COPY, "examCopy", {"id": gid("Exam", exam.id)}, people.h_admin
    )
    assert exhausted == [(None, "CODE_EXHAUSTED")]


# ---------------------------------------------------------------------------------------------
# examSubmit


async def test_exam_submit_grades_test_answers_and_leaves_written_ones(
    client: httpx.AsyncClient, people: People
) -> None:
    exam = await people.exam(is_published=True)
    test, written = await questions_of(people.services, people.admin, exam.id)
    answers = [
        {
            "questionId": gid("ExamQuestion", test.id),
            "optionId": gid("ExamOption", test.options[1].id),
        },
        {"questionId": gid("ExamQuestion", written.id), "writtenAnswer": "Reading helps."},
    ]
    data = await gql_ok(
        client,
        SUBMIT,
        {"input": {"examId": gid("Exam", exam.id), "answers": answers}},
        people.h_student,
    )
    payload = data["examSubmit"]
    assert payload["userErrors"] == []
    result = payload["examResult"]
    assert result["score"] == "50.00" and result["correctAnswers"] == 1
    assert result["totalQuestions"] == 2 and result["isChecked"] is False
    assert result["examTitle"] == "IELTS Grammar Test #1"
    assert result["student"] == {"username": "student01"} and result["checkedBy"] is None
    assert result["answers"] == [
        {
            "questionText": "Which sentence is correct?",
            "optionText": "She goes to school.",
            "writtenAnswer": None,
            "isCorrect": True,
            "question": {"text": "Which sentence is correct?"},
            "option": {"text": "She goes to school."},
        },
        {
            "questionText": "Describe the importance of reading.",
            "optionText": None,
            "writtenAnswer": "Reading helps.",
            "isCorrect": None,
            "question": {"text": "Describe the importance of reading."},
            "option": None,
        },
    ]


async def test_exam_submit_user_errors(client: httpx.AsyncClient, people: People) -> None:
    exam = await people.exam(is_published=True)
    other = await people.exam(is_published=True, title="Other")
    test, written = await questions_of(people.services, people.admin, exam.id)
    foreign, _ = await questions_of(people.services, people.admin, other.id)

    def answer(question: int, option: int | None = None, text: str | None = None) -> Any:
        shaped: dict[str, Any] = {"questionId": gid("ExamQuestion", question)}
        if option is not None:
            shaped["optionId"] = gid("ExamOption", option)
        if text is not None:
            shaped["writtenAnswer"] = text
        return shaped

    async def errors(exam_id: int, *answers: Any) -> list[tuple[str | None, str]]:
        variables = {"input": {"examId": gid("Exam", exam_id), "answers": list(answers)}}
        return await errors_of(client, SUBMIT, "examSubmit", variables, people.h_student)

    assert await errors(
        exam.id,
        answer(test.id, test.options[0].id),
        answer(foreign.id, foreign.options[0].id),
        answer(test.id, test.options[1].id),
        answer(written.id, test.options[0].id),
    ) == [
        ("answers.1.questionId", "QUESTION_NOT_IN_EXAM"),
        ("answers.2.questionId", "DUPLICATE_ANSWER"),
        ("answers.3.optionId", "WRONG_ANSWER_KIND"),
    ]
    assert await errors(exam.id, answer(test.id, foreign.options[0].id)) == [
        ("answers.0.optionId", "OPTION_NOT_IN_QUESTION")
    ]
    assert await errors(exam.id, {"questionId": gid("Exam", 1)}) == [
        ("answers.0.questionId", "INVALID_ID")
    ]
    assert await errors(9999) == [("id", "NOT_FOUND")]
    draft = await people.exam()
    assert await errors(draft.id) == [(None, "NOT_PUBLISHED")]
    closed = await people.exam(is_published=True, is_active=False)
    assert await errors(closed.id) == [(None, "NOT_ACTIVE")]
    assert await errors(exam.id) == []
    assert await errors(exam.id) == [(None, "ALREADY_SUBMITTED")]


async def test_exam_submit_is_for_students(client: httpx.AsyncClient, people: People) -> None:
    exam = await people.exam(is_published=True)
    variables = {"input": {"examId": gid("Exam", exam.id), "answers": []}}
    for headers in (people.h_admin, people.h_teacher):
        assert error_codes(await post_graphql(client, SUBMIT, variables, headers)) == ["FORBIDDEN"]
    assert error_codes(await post_graphql(client, SUBMIT, variables)) == ["UNAUTHENTICATED"]


# ---------------------------------------------------------------------------------------------
# examResultUpdate, examResultDelete


async def handed_in(people: People) -> tuple[Any, Any]:
    exam = await people.exam(is_published=True)
    test, written = await questions_of(people.services, people.admin, exam.id)
    result = await submit(
        people.services,
        people.student,
        exam.id,
        [
            {"question_id": test.id, "option_id": test.options[1].id},
            {"question_id": written.id, "written_answer": "It helps."},
        ],
    )
    answers = await exam_resolvers.get_answers(context_of(people.services, people.admin), result.id)
    return result, answers


async def test_exam_result_update_checks_and_grades(
    client: httpx.AsyncClient, people: People, clock: Any
) -> None:
    result, (test_answer, written_answer) = await handed_in(people)
    data = await gql_ok(
        client,
        RESULT_UPDATE,
        {
            "input": {
                "id": gid("ExamResult", result.id),
                "isChecked": True,
                "answers": [{"id": gid("ExamAnswer", written_answer.id), "isCorrect": True}],
            }
        },
        people.h_teacher,
    )
    payload = data["examResultUpdate"]
    assert payload["userErrors"] == []
    checked = payload["examResult"]
    assert checked["isChecked"] is True and checked["checkedBy"] == {"username": "teacher01"}
    assert checked["checkedAt"] == clock.now.isoformat()
    assert checked["score"] == "100.00" and checked["correctAnswers"] == 2
    # taking the grade back and unchecking
    data = await gql_ok(
        client,
        RESULT_UPDATE,
        {
            "input": {
                "id": gid("ExamResult", result.id),
                "isChecked": False,
                "answers": [{"id": gid("ExamAnswer", written_answer.id), "isCorrect": None}],
            }
        },
        people.h_admin,
    )
    unchecked = data["examResultUpdate"]["examResult"]
    assert unchecked["isChecked"] is False and unchecked["checkedBy"] is None
    assert unchecked["checkedAt"] is None and unchecked["score"] == "50.00"
    assert [a["isCorrect"] for a in unchecked["answers"]] == [True, None]


async def test_exam_result_update_user_errors(client: httpx.AsyncClient, people: People) -> None:
    result, (test_answer, _) = await handed_in(people)
    result_id = gid("ExamResult", result.id)

    async def errors(**fields: Any) -> list[tuple[str | None, str]]:
        variables = {"input": {"id": result_id, **fields}}
        return await errors_of(
            client, RESULT_UPDATE, "examResultUpdate", variables, people.h_teacher
        )

    assert await errors(isChecked=None) == [("isChecked", "REQUIRED")]
    assert await errors(
        answers=[{"id": gid("ExamAnswer", test_answer.id), "isCorrect": False}]
    ) == [("answers.0.id", "NOT_WRITTEN")]
    assert await errors(answers=[{"id": gid("ExamAnswer", 999999), "isCorrect": False}]) == [
        ("answers.0.id", "ANSWER_NOT_IN_RESULT")
    ]
    assert await errors(answers=[{"id": gid("ExamResult", 1), "isCorrect": False}]) == [
        ("answers.0.id", "INVALID_ID")
    ]
    assert await errors_of(
        client,
        RESULT_UPDATE,
        "examResultUpdate",
        {"input": {"id": gid("ExamResult", 9999), "isChecked": True}},
        people.h_teacher,
    ) == [("id", "NOT_FOUND")]


async def test_exam_result_update_is_for_staff(client: httpx.AsyncClient, people: People) -> None:
    result, _ = await handed_in(people)
    variables = {"input": {"id": gid("ExamResult", result.id), "isChecked": True}}
    assert error_codes(await post_graphql(client, RESULT_UPDATE, variables, people.h_student)) == [
        "FORBIDDEN"
    ]
    assert error_codes(await post_graphql(client, RESULT_UPDATE, variables)) == ["UNAUTHENTICATED"]


async def test_exam_result_delete(client: httpx.AsyncClient, people: People) -> None:
    result, _ = await handed_in(people)
    result_id = gid("ExamResult", result.id)
    for headers in (people.h_teacher, people.h_student):
        denied = await post_graphql(client, RESULT_DELETE, {"id": result_id}, headers)
        assert error_codes(denied) == ["FORBIDDEN"]
    data = await gql_ok(client, RESULT_DELETE, {"id": result_id}, people.h_admin)
    assert data["examResultDelete"] == {"deletedExamResultId": result_id, "userErrors": []}
    again = await errors_of(
        client, RESULT_DELETE, "examResultDelete", {"id": result_id}, people.h_admin
    )
    assert again == [("id", "NOT_FOUND")]
    bad = await errors_of(client, RESULT_DELETE, "examResultDelete", {"id": "x"}, people.h_admin)
    assert bad == [("id", "INVALID_ID")]
