# ruff: noqa: E501  (GraphQL documents stay on one line: error locations in the golden files point into them)
"""Golden responses of exams and exam results: the academy dialect's §13-§14 routes and the
GraphQL exam operations, each success and each kind of error."""

from __future__ import annotations

from typing import Any

from models.people import Role
from schema.common.node import encode_global_id
from tests.exams.helpers import make_subject, seed_exam
from tests.golden.recorder import Golden

EXAMS = "/api/v1/exams/"
RESULTS = "/api/v1/exam-results/"

ERRORS = "userErrors { field message code }"
EXAM = """id databaseId title code description timeLimit isPublished isActive date createdAt
  subject { id name } questionsCount participantsCount
  questions { id databaseId type text order writtenAnswerSample
              options { id databaseId text order isCorrect } }"""
CREATE = f"mutation($input: ExamCreateInput!) {{ examCreate(input: $input) {{ exam {{ {EXAM} }} {ERRORS} }} }}"
UPDATE = f"mutation($input: ExamUpdateInput!) {{ examUpdate(input: $input) {{ exam {{ {EXAM} }} {ERRORS} }} }}"
DELETE = f"mutation($id: ID!) {{ examDelete(input: {{id: $id}}) {{ deletedExamId {ERRORS} }} }}"
PUBLISH = f"mutation($id: ID!) {{ examPublish(input: {{id: $id}}) {{ exam {{ isPublished }} {ERRORS} }} }}"
UNPUBLISH = f"mutation($id: ID!) {{ examUnpublish(input: {{id: $id}}) {{ exam {{ isPublished }} {ERRORS} }} }}"
COPY = f"mutation($id: ID!) {{ examCopy(input: {{id: $id}}) {{ exam {{ {EXAM} }} {ERRORS} }} }}"
RESULT = """id databaseId score correctAnswers totalQuestions isChecked checkedAt examTitle createdAt
  exam { title } student { username firstName } checkedBy { username }
  answers { id databaseId questionText optionText writtenAnswer isCorrect
            question { text } option { text } }"""
SUBMIT = f"mutation($input: ExamSubmitInput!) {{ examSubmit(input: $input) {{ examResult {{ {RESULT} }} {ERRORS} }} }}"
RESULT_UPDATE = f"mutation($input: ExamResultUpdateInput!) {{ examResultUpdate(input: $input) {{ examResult {{ {RESULT} }} {ERRORS} }} }}"
RESULT_DELETE = f"mutation($id: ID!) {{ examResultDelete(input: {{id: $id}}) {{ deletedExamResultId {ERRORS} }} }}"
LIST = f"""query($filter: ExamFilter, $order: ExamOrder, $first: Int, $after: String) {{
  exams(filter: $filter, orderBy: $order, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ {EXAM} results(first: 5) {{ totalCount nodes {{ {RESULT} }} }} }} }}
  }}
}}"""
BY_CODE = f"query($code: String!) {{ examByCode(code: $code) {{ {EXAM} }} }}"
RESULTS_Q = f"""query($filter: ExamResultFilter, $first: Int) {{
  examResults(filter: $filter, first: $first) {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {RESULT} }} }}
}}"""
MINE = f"{{ myExamResults {{ totalCount nodes {{ {RESULT} }} }} }}"
STUDENT = f"""query($id: ID!) {{ node(id: $id) {{ __typename id ... on Student {{
  username examResults {{ totalCount nodes {{ {RESULT} }} }} }} }} }}"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Exam { title } ... on ExamResult { score } } }"


def gid(type_name: str, database_id: int) -> str:
    return encode_global_id(type_name, database_id)


async def test_exams_rest(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any, services: Any
) -> None:
    g, shift = golden
    subject = await make_subject(services, "IELTS")
    admin = await login_headers(await make_user(Role.ADMIN, username="owner01"))
    teacher = await login_headers(await make_user(Role.TEACHER, username="teacher01"))
    student = await login_headers(await make_user(Role.STUDENT, username="student01"))
    other = await login_headers(await make_user(Role.STUDENT, username="student02"))

    created = await g.call("create seed exam", "POST", EXAMS, admin, json=seed_exam(subject.id))
    exam = created.json()
    g.mark_drawn(exam["code"])
    short = await g.call(
        "create bare", "POST", EXAMS, admin, json={"subject": subject.id, "title": "Quiz"}
    )
    g.mark_drawn(short.json()["code"])
    await g.call("create missing", "POST", EXAMS, admin, json={})
    await g.call(
        "create wrong values",
        "POST",
        EXAMS,
        admin,
        json={"subject": 9999, "title": " ", "time_limit": -1},
    )
    await g.call(
        "create wrong types",
        "POST",
        EXAMS,
        admin,
        json={"subject": "x", "title": "T", "time_limit": "abc", "date": "19.02.2025"},
    )
    await g.call(
        "create long title", "POST", EXAMS, admin, json={"subject": subject.id, "title": "x" * 256}
    )
    await g.call(
        "create questions not a list",
        "POST",
        EXAMS,
        admin,
        json=seed_exam(subject.id, questions="none"),
    )
    bad_questions = seed_exam(subject.id)
    bad_questions["questions"] = [
        {"text": "", "type": "test", "options": []},
        {"text": "Q", "type": "essay"},
        {"text": "Q", "type": "test", "options": [{"text": "A", "is_correct": False}]},
        "x",
    ]
    await g.call("create bad questions", "POST", EXAMS, admin, json=bad_questions)
    await g.call("create as teacher", "POST", EXAMS, teacher, json=seed_exam(subject.id))
    await g.call("create anonymous", "POST", EXAMS, json=seed_exam(subject.id))
    one = f"{EXAMS}{exam['id']}/"
    await g.call("list as teacher", "GET", EXAMS, teacher)
    await g.call("detail as teacher", "GET", one, teacher)
    await g.call("detail no slash", "GET", one.rstrip("/"), teacher)
    await g.call("detail missing", "GET", f"{EXAMS}9999/", admin)
    await g.call("put partial", "PUT", one, admin, json={"title": "Only title"})
    await g.call(
        "put whole",
        "PUT",
        one,
        admin,
        json=seed_exam(subject.id, title="IELTS Grammar Test #1", time_limit=40),
    )
    await g.call("patch time", "PATCH", one, admin, json={"time_limit": 45})
    await g.call("patch code ignored", "PATCH", one, admin, json={"code": "AAAAAA"})
    await g.call(
        "patch nulls", "PATCH", one, admin, json={"title": None, "subject": None, "questions": None}
    )
    await g.call("patch missing", "PATCH", f"{EXAMS}9999/", admin, json={})
    await g.call("publish", "POST", f"{one}publish/", admin)
    await g.call("publish missing", "POST", f"{EXAMS}9999/publish/", admin)
    await g.call("publish as teacher", "POST", f"{one}publish/", teacher)
    copy = await g.call("copy", "POST", f"{one}copy/", admin)
    g.mark_drawn(copy.json().get("code"))
    await g.call("copy missing", "POST", f"{EXAMS}9999/copy/", admin)
    await g.call("enter code", "POST", f"{EXAMS}enter-code/", student, json={"code": exam["code"]})
    await g.call(
        "enter code lower",
        "POST",
        f"{EXAMS}enter-code/",
        student,
        json={"code": f" {exam['code'].lower()} "},
    )
    await g.call(
        "enter code staff", "POST", f"{EXAMS}enter-code/", teacher, json={"code": exam["code"]}
    )
    await g.call(
        "enter code wrong", "POST", f"{EXAMS}enter-code/", student, json={"code": "ZZZZZZ"}
    )
    await g.call(
        "enter code draft",
        "POST",
        f"{EXAMS}enter-code/",
        student,
        json={"code": short.json()["code"]},
    )
    await g.call("enter code missing", "POST", f"{EXAMS}enter-code/", student, json={})
    await g.call("enter code blank", "POST", f"{EXAMS}enter-code/", student, json={"code": "  "})
    await g.call("enter code anonymous", "POST", f"{EXAMS}enter-code/", json={"code": "ZZZZZZ"})
    await g.call("enter code method", "GET", f"{EXAMS}enter-code/", student)
    detail = (await g.call("detail as student", "GET", one, student)).json()
    await g.call("list as student", "GET", EXAMS, student)
    await g.call("draft as student", "GET", f"{EXAMS}{short.json()['id']}/", student)
    admin_detail = (await g.call("detail as admin", "GET", one, admin)).json()
    test_q, written_q = admin_detail["questions"]
    submit = f"{one}submit/"
    await g.call(
        "submit bad",
        "POST",
        submit,
        student,
        json={
            "answers": [
                {"question_id": test_q["id"], "option_id": test_q["options"][0]["id"]},
                {"question_id": 9999, "option_id": 1},
                {"question_id": test_q["id"], "option_id": test_q["options"][1]["id"]},
                {"question_id": written_q["id"], "option_id": test_q["options"][1]["id"]},
                {"question_id": test_q["id"], "written_answer": "B"},
            ]
        },
    )
    await g.call(
        "submit malformed",
        "POST",
        submit,
        student,
        json={
            "answers": [
                {"question_id": 9999},
                {"option_id": 1},
                {"question_id": "x", "option_id": 0},
                "B",
            ]
        },
    )
    await g.call("submit missing", "POST", submit, student, json={})
    answers = {
        "answers": [
            {"question_id": test_q["id"], "option_id": test_q["options"][1]["id"]},
            {"question_id": written_q["id"], "written_answer": "Reading improves vocabulary."},
        ]
    }
    assert detail["id"] == exam["id"]
    mine = await g.call("submit", "POST", submit, student, json=answers)
    await g.call("submit again", "POST", submit, student, json=answers)
    await g.call(
        "submit draft", "POST", f"{EXAMS}{short.json()['id']}/submit/", other, json=answers
    )
    await g.call("submit nowhere", "POST", f"{EXAMS}9999/submit/", other, json=answers)
    await g.call("submit as teacher", "POST", submit, teacher, json=answers)
    await g.call("submit anonymous", "POST", submit, json=answers)
    theirs = await g.call(
        "submit other wrong",
        "POST",
        submit,
        other,
        json={"answers": [{"question_id": test_q["id"], "option_id": test_q["options"][0]["id"]}]},
    )
    await g.call("results staff", "GET", RESULTS, teacher)
    await g.call("results own", "GET", RESULTS, student)
    await g.call("results by exam", "GET", f"{RESULTS}?exam={exam['id']}", admin)
    await g.call("results by student", "GET", f"{RESULTS}?student=999", admin)
    await g.call("results anonymous", "GET", RESULTS)
    await g.call("my results", "GET", f"{RESULTS}my-results/", student)
    await g.call("my results teacher", "GET", f"{RESULTS}my-results/", teacher)
    rpath = f"{RESULTS}{mine.json()['id']}/"
    await g.call("result own", "GET", rpath, student)
    await g.call("result hidden", "GET", f"{RESULTS}{theirs.json()['id']}/", student)
    result = (await g.call("result staff", "GET", rpath, teacher)).json()
    test_a, written_a = result["answers"]
    await g.call(
        "result check", "PATCH", rpath, teacher, json={"is_checked": True, "checked_by": 1}
    )
    await g.call("result put uncheck", "PUT", rpath, admin, json={"is_checked": False})
    await g.call("result wrong type", "PATCH", rpath, admin, json={"is_checked": "maybe"})
    await g.call("result student", "PATCH", rpath, student, json={"is_checked": True})
    await g.call("result anonymous", "PATCH", rpath, json={"is_checked": True})
    await g.call("result missing", "PATCH", f"{RESULTS}9999/", admin, json={})
    await g.call(
        "result grade",
        "PATCH",
        rpath,
        teacher,
        json={"is_checked": True, "answers": [{"id": written_a["id"], "is_correct": True}]},
    )
    await g.call(
        "result grade refused",
        "PATCH",
        rpath,
        teacher,
        json={
            "answers": [
                {"id": test_a["id"], "is_correct": False},
                {"id": 999999, "is_correct": True},
            ]
        },
    )
    await g.call(
        "result grade malformed",
        "PATCH",
        rpath,
        teacher,
        json={"answers": [{"is_correct": True}, {"id": written_a["id"]}]},
    )
    await g.call("unpublish", "POST", f"{one}unpublish/", admin)
    await g.call("result after unpublish", "GET", rpath, student)
    await g.call("result delete teacher", "DELETE", rpath, teacher)
    await g.call("result delete", "DELETE", rpath, admin)
    await g.call("result delete again", "DELETE", rpath, admin)
    await g.call("exam delete teacher", "DELETE", one, teacher)
    await g.call("exam delete", "DELETE", one, admin)
    await g.call("exam delete again", "DELETE", one, admin)
    await g.call("results after delete", "GET", RESULTS, admin)
    g.check()


async def test_exams_graphql(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any, services: Any
) -> None:
    g, shift = golden
    subject = await make_subject(services, "IELTS")
    await make_subject(services, "SAT")
    admin = await login_headers(await make_user(Role.ADMIN, username="owner01"))
    teacher = await login_headers(await make_user(Role.TEACHER, username="teacher01"))
    student_user = await make_user(Role.STUDENT, username="student01")
    student = await login_headers(student_user)
    other = await login_headers(await make_user(Role.STUDENT, username="student02"))
    sid = gid("Subject", subject.id)
    questions = [
        {
            "text": "Which sentence is correct?",
            "type": "TEST",
            "order": 1,
            "options": [
                {"text": "She go to school.", "isCorrect": False, "order": 1},
                {"text": "She goes to school.", "isCorrect": True, "order": 2},
            ],
        },
        {
            "text": "Describe reading.",
            "type": "WRITTEN",
            "order": 2,
            "writtenAnswerSample": "Reading improves...",
        },
    ]
    body = {
        "subjectId": sid,
        "title": "IELTS Grammar Test #1",
        "description": "Weekly",
        "timeLimit": 30,
        "isPublished": True,
        "date": "2026-03-05",
        "questions": questions,
    }
    made = await g.gql("create", CREATE, {"input": body}, admin)
    exam = made["data"]["examCreate"]["exam"]
    g.mark_drawn(exam["code"])
    draft = await g.gql(
        "create draft", CREATE, {"input": {"subjectId": sid, "title": "Draft"}}, admin
    )
    g.mark_drawn(draft["data"]["examCreate"]["exam"]["code"])
    await g.gql(
        "create errors",
        CREATE,
        {
            "input": {
                "subjectId": gid("Subject", 999),
                "title": " ",
                "timeLimit": -1,
                "questions": [
                    {"text": "", "type": "TEST", "options": []},
                    {"text": "Q", "type": "WRITTEN", "options": [{"text": "A", "isCorrect": True}]},
                ],
            }
        },
        admin,
    )
    await g.gql(
        "create wrong id kind", CREATE, {"input": {"subjectId": exam["id"], "title": "T"}}, admin
    )
    await g.gql("create as teacher", CREATE, {"input": body}, teacher)
    await g.gql("create anonymous", CREATE, {"input": body})
    await g.gql("create bad variable", CREATE, {"input": {"title": 1}}, admin)
    eid = exam["id"]
    await g.gql(
        "update", UPDATE, {"input": {"id": eid, "timeLimit": 45, "title": "Renamed"}}, admin
    )
    await g.gql(
        "update nulls", UPDATE, {"input": {"id": eid, "title": None, "subjectId": None}}, admin
    )
    await g.gql("update missing", UPDATE, {"input": {"id": gid("Exam", 999)}}, admin)
    await g.gql("update questions", UPDATE, {"input": {"id": eid, "questions": questions}}, admin)
    await g.gql("unpublish", UNPUBLISH, {"id": eid}, admin)
    await g.gql("publish", PUBLISH, {"id": eid}, admin)
    await g.gql("publish missing", PUBLISH, {"id": gid("Exam", 999)}, admin)
    await g.gql("publish teacher", PUBLISH, {"id": eid}, teacher)
    copied = await g.gql("copy", COPY, {"id": eid}, admin)
    g.mark_drawn(copied["data"]["examCopy"]["exam"]["code"])
    await g.gql("copy missing", COPY, {"id": gid("Exam", 999)}, admin)
    found = await g.gql("by code", BY_CODE, {"code": exam["code"].lower()}, student)
    await g.gql("by code staff", BY_CODE, {"code": exam["code"]}, teacher)
    await g.gql("by code wrong", BY_CODE, {"code": "ZZZZZZ"}, student)
    await g.gql("by code anonymous", BY_CODE, {"code": exam["code"]})
    staff_exam = (await g.gql("by code admin", BY_CODE, {"code": exam["code"]}, admin))["data"][
        "examByCode"
    ]
    assert found["data"]["examByCode"] is not None
    test_q, written_q = staff_exam["questions"]
    answers = [
        {"questionId": test_q["id"], "optionId": test_q["options"][1]["id"]},
        {"questionId": written_q["id"], "writtenAnswer": "Reading improves vocabulary."},
    ]
    await g.gql(
        "submit errors",
        SUBMIT,
        {
            "input": {
                "examId": eid,
                "answers": [
                    {"questionId": test_q["id"], "optionId": written_q["id"]},
                    {
                        "questionId": gid("ExamQuestion", 999),
                        "optionId": test_q["options"][0]["id"],
                    },
                    {"questionId": written_q["id"], "optionId": test_q["options"][0]["id"]},
                    {"questionId": test_q["id"]},
                ],
            }
        },
        student,
    )
    submitted = await g.gql(
        "submit", SUBMIT, {"input": {"examId": eid, "answers": answers}}, student
    )
    await g.gql("submit again", SUBMIT, {"input": {"examId": eid, "answers": answers}}, student)
    await g.gql(
        "submit draft",
        SUBMIT,
        {"input": {"examId": draft["data"]["examCreate"]["exam"]["id"], "answers": answers}},
        other,
    )
    await g.gql("submit teacher", SUBMIT, {"input": {"examId": eid, "answers": answers}}, teacher)
    await g.gql("submit other", SUBMIT, {"input": {"examId": eid, "answers": answers[:1]}}, other)
    rid = submitted["data"]["examSubmit"]["examResult"]["id"]
    written_answer = submitted["data"]["examSubmit"]["examResult"]["answers"][1]["id"]
    test_answer = submitted["data"]["examSubmit"]["examResult"]["answers"][0]["id"]
    await g.gql(
        "list admin", LIST, {"order": {"field": "TITLE", "direction": "DESC"}, "first": 2}, admin
    )
    await g.gql(
        "list filtered",
        LIST,
        {"filter": {"isPublished": True, "search": "grammar", "subjectId": sid}},
        teacher,
    )
    await g.gql("list student", LIST, {}, student)
    await g.gql("list too many", LIST, {"first": 101}, admin)
    await g.gql("list bad cursor", LIST, {"after": "nope"}, admin)
    await g.gql("list anonymous", LIST, {})
    await g.gql("results staff", RESULTS_Q, {"filter": {"examId": eid}}, teacher)
    await g.gql("results student", RESULTS_Q, {}, student)
    await g.gql("results unchecked", RESULTS_Q, {"filter": {"isChecked": False}, "first": 1}, admin)
    await g.gql("mine", MINE, None, student)
    await g.gql("student node", STUDENT, {"id": gid("Student", student_user.id)}, teacher)
    await g.gql("student node self", STUDENT, {"id": gid("Student", student_user.id)}, other)
    await g.gql("nodes", NODES, {"ids": [eid, rid, gid("Exam", 999)]}, admin)
    await g.gql("node bad id", NODES, {"ids": ["not-an-id"]}, admin)
    await g.gql(
        "result grade",
        RESULT_UPDATE,
        {
            "input": {
                "id": rid,
                "isChecked": True,
                "answers": [{"id": written_answer, "isCorrect": True}],
            }
        },
        teacher,
    )
    await g.gql(
        "result grade refused",
        RESULT_UPDATE,
        {
            "input": {
                "id": rid,
                "answers": [
                    {"id": test_answer, "isCorrect": False},
                    {"id": gid("ExamAnswer", 999), "isCorrect": True},
                ],
            }
        },
        teacher,
    )
    await g.gql(
        "result update student", RESULT_UPDATE, {"input": {"id": rid, "isChecked": True}}, student
    )
    await g.gql(
        "result update missing", RESULT_UPDATE, {"input": {"id": gid("ExamResult", 999)}}, admin
    )
    await g.gql("result delete teacher", RESULT_DELETE, {"id": rid}, teacher)
    await g.gql("result delete", RESULT_DELETE, {"id": rid}, admin)
    await g.gql("result delete again", RESULT_DELETE, {"id": rid}, admin)
    await g.gql("delete", DELETE, {"id": eid}, admin)
    await g.gql("delete again", DELETE, {"id": eid}, admin)
    await g.gql("delete teacher", DELETE, {"id": eid}, teacher)
    g.check()
