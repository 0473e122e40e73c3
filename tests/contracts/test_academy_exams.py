"""Academy dialect §13 exams and §14 exam results: the seed's requests replayed, answers
checked for status codes, keys, value types and error envelopes, for each role."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from models.people import Role
from resolvers import exams as exam_resolvers
from resolvers.assessment import codes
from resolvers.context import Services
from tests.exams.helpers import (
    choice_question,
    create_exam,
    make_subject,
    questions_of,
    seed_exam,
    submit,
)

EXAMS = "/api/v1/exams/"
RESULTS = "/api/v1/exam-results/"
MY_RESULTS = "/api/v1/exam-results/my-results/"
ENTER = "/api/v1/exams/enter-code/"
CODE = re.compile(r"^[A-Z0-9]{6}$")
TASHKENT_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$")

LIST_KEYS = {
    "id",
    "subject",
    "subject_name",
    "title",
    "code",
    "description",
    "time_limit",
    "is_published",
    "is_active",
    "date",
    "questions_count",
    "participants_count",
    "created_at",
}
DETAIL_KEYS = {
    "id",
    "code",
    "title",
    "subject",
    "description",
    "time_limit",
    "is_published",
    "is_active",
    "date",
    "questions",
    "created_at",
}
RESULT_KEYS = {
    "id",
    "exam",
    "student",
    "score",
    "correct_answers",
    "total_questions",
    "is_checked",
    "checked_by",
    "created_at",
}
SUBMIT_KEYS = RESULT_KEYS | {"exam_title", "answers"}
ANSWER_KEYS = {
    "id",
    "question",
    "question_text",
    "option",
    "option_text",
    "written_answer",
    "is_correct",
}
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}


class Center:
    """An admin, a teacher, two students, a subject, and each one's headers."""

    def __init__(self, services: Services, make_user: Any, login_headers: Any) -> None:
        self.services = services
        self.make_user = make_user
        self.login_headers = login_headers

    async def setup(self) -> Center:
        self.subject = await make_subject(self.services, "IELTS")
        self.admin = await self.make_user(Role.ADMIN)
        self.teacher = await self.make_user(Role.TEACHER)
        self.student = await self.make_user(Role.STUDENT)
        self.other = await self.make_user(Role.STUDENT)
        self.h_admin = await self.login_headers(self.admin)
        self.h_teacher = await self.login_headers(self.teacher)
        self.h_student = await self.login_headers(self.student)
        self.h_other = await self.login_headers(self.other)
        return self

    async def exam(self, **changes: Any) -> Any:
        return await create_exam(self.services, self.admin, seed_exam(self.subject.id, **changes))


@pytest.fixture
async def center(services: Services, make_user: Any, login_headers: Any) -> Center:
    return await Center(services, make_user, login_headers).setup()


def assert_exam_detail(body: dict[str, Any], *, revealed: bool) -> None:
    assert set(body) == DETAIL_KEYS
    assert isinstance(body["id"], int) and isinstance(body["subject"], int)
    assert CODE.match(body["code"])
    assert TASHKENT_TIME.match(body["created_at"])
    test, written = body["questions"]
    assert set(test) == {"id", "text", "type", "order", "options"}
    assert test["type"] == "test" and test["order"] == 1
    option_keys = {"id", "text", "is_correct"} if revealed else {"id", "text"}
    assert all(set(o) == option_keys for o in test["options"])
    assert [o["text"] for o in test["options"]] == [
        "She go to school.",
        "She goes to school.",
        "She going to school.",
        "She gone to school.",
    ]
    written_keys = {"id", "text", "type", "order", "options"}
    if revealed:
        written_keys.add("written_answer_sample")
    assert set(written) == written_keys and written["options"] == []
    assert written["type"] == "written"


# ---------------------------------------------------------------------------------------------
# §13 create, read, update, delete


async def test_create_exam_answers_as_the_seed_shows(
    client: httpx.AsyncClient, center: Center
) -> None:
    # when: the seed's request
    response = await client.post(EXAMS, json=seed_exam(center.subject.id), headers=center.h_admin)
    # then
    assert response.status_code == 201
    body = response.json()
    assert_exam_detail(body, revealed=True)
    assert body["title"] == "IELTS Grammar Test #1"
    assert body["description"] == "Grammatika bo'yicha haftalik test"
    assert body["time_limit"] == 30 and body["date"] == "2025-02-20"
    assert body["is_published"] is False and body["is_active"] is True
    test, written = body["questions"]
    assert [o["is_correct"] for o in test["options"]] == [False, True, False, False]
    assert written["written_answer_sample"] == "Reading improves vocabulary and comprehension..."


async def test_create_fills_the_seed_defaults(
    client: httpx.AsyncClient, center: Center, clock: Any
) -> None:
    # 20:00 UTC is already the next day in Tashkent
    clock.set(datetime(2025, 2, 19, 20, 0, tzinfo=UTC))
    response = await client.post(
        EXAMS, json={"subject": center.subject.id, "title": "Quiz"}, headers=center.h_admin
    )
    assert response.status_code == 201
    body = response.json()
    assert body["time_limit"] == 0 and body["is_published"] is False
    assert body["date"] == "2025-02-20" and body["questions"] == []
    assert body["description"] == ""
    assert body["created_at"] == "2025-02-20T01:00:00+05:00"


async def test_create_reports_every_field_problem_in_drf_form(
    client: httpx.AsyncClient, center: Center
) -> None:
    missing = await client.post(EXAMS, json={}, headers=center.h_admin)
    assert missing.status_code == 400
    assert missing.json() == {
        "subject": ["This field is required."],
        "title": ["This field is required."],
    }
    wrong = await client.post(
        EXAMS,
        json={"subject": 9999, "title": " ", "time_limit": -1},
        headers=center.h_admin,
    )
    assert wrong.status_code == 400
    assert wrong.json() == {
        "subject": ['Invalid pk "9999" - object does not exist.'],
        "title": ["This field may not be blank."],
        "time_limit": ["Ensure this value is greater than or equal to 0."],
    }
    types = await client.post(
        EXAMS,
        json={"subject": "x", "title": "T", "time_limit": "abc", "date": "19.02.2025"},
        headers=center.h_admin,
    )
    assert types.status_code == 400
    assert types.json() == {
        "subject": ["A valid integer is required."],
        "time_limit": ["A valid integer is required."],
        "date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
    }
    long = await client.post(
        EXAMS, json={"subject": center.subject.id, "title": "x" * 256}, headers=center.h_admin
    )
    assert long.json() == {"title": ["Ensure this field has no more than 255 characters."]}


async def test_question_errors_are_nested_per_item(
    client: httpx.AsyncClient, center: Center
) -> None:
    body = seed_exam(
        center.subject.id,
        questions=[
            choice_question(1),
            {"text": "No type"},
            {"text": "Bad", "type": "essay"},
            {
                "text": "Options wrong",
                "type": "test",
                "options": [{"text": "a", "is_correct": True}, {"is_correct": False}],
            },
            {"text": "One option", "type": "test", "options": [{"text": "a", "is_correct": True}]},
            {
                "text": "Two correct",
                "type": "test",
                "options": [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": True}],
            },
            {
                "text": "Written with options",
                "type": "written",
                "options": [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": False}],
            },
            {**choice_question(8), "written_answer_sample": "not for tests"},
            "not a question",
        ],
    )
    response = await client.post(EXAMS, json=body, headers=center.h_admin)
    assert response.status_code == 400
    assert response.json() == {
        "questions": [
            {},
            {"type": ["This field is required."]},
            {"type": ['"essay" is not a valid choice.']},
            {"options": [{}, {"text": ["This field is required."]}]},
            {"options": ["A test question needs at least 2 options."]},
            {"options": ["Exactly one option must be correct."]},
            {"options": ["Only test questions have options."]},
            {"written_answer_sample": ["Only written questions have a sample answer."]},
            {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
        ]
    }
    not_list = await client.post(
        EXAMS, json=seed_exam(center.subject.id, questions="none"), headers=center.h_admin
    )
    assert not_list.json() == {"questions": ['Expected a list of items but got type "str".']}


async def test_list_exams_answers_as_the_seed_shows(
    client: httpx.AsyncClient, center: Center
) -> None:
    # given: a published exam with one submission
    exam = await center.exam(is_published=True)
    questions = await questions_of(center.services, center.admin, exam.id)
    await submit(
        center.services,
        center.student,
        exam.id,
        [{"question_id": questions[0].id, "option_id": questions[0].options[1].id}],
    )
    older = await center.exam(title="Older")
    # when
    response = await client.get(EXAMS, headers=center.h_teacher)
    # then
    assert response.status_code == 200
    rows = response.json()
    assert isinstance(rows, list) and len(rows) == 2
    assert all(set(r) == LIST_KEYS for r in rows)
    newest = next(r for r in rows if r["id"] == exam.id)
    assert newest == {
        "id": exam.id,
        "subject": center.subject.id,
        "subject_name": "IELTS",
        "title": "IELTS Grammar Test #1",
        "code": exam.code,
        "description": "Grammatika bo'yicha haftalik test",
        "time_limit": 30,
        "is_published": True,
        "is_active": True,
        "date": "2025-02-20",
        "questions_count": 2,
        "participants_count": 1,
        "created_at": newest["created_at"],
    }
    assert TASHKENT_TIME.match(newest["created_at"])
    assert next(r for r in rows if r["id"] == older.id)["participants_count"] == 0


async def test_get_one_exam_with_its_questions(client: httpx.AsyncClient, center: Center) -> None:
    exam = await center.exam()
    response = await client.get(f"{EXAMS}{exam.id}/", headers=center.h_teacher)
    assert response.status_code == 200
    assert_exam_detail(response.json(), revealed=True)
    # the path works without the trailing slash too
    assert (await client.get(f"{EXAMS}{exam.id}", headers=center.h_teacher)).status_code == 200
    for path in (f"{EXAMS}9999/", f"{EXAMS}abc/"):
        missing = await client.get(path, headers=center.h_admin)
        assert missing.status_code == 404 and missing.json() == NOT_FOUND


async def test_put_replaces_questions_and_patch_changes_only_what_is_sent(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam = await center.exam()
    path = f"{EXAMS}{exam.id}/"
    # PUT is a full update: subject and title are required
    partial = await client.put(path, json={"title": "Only title"}, headers=center.h_admin)
    assert partial.status_code == 400 and partial.json() == {"subject": ["This field is required."]}
    # PUT with questions replaces them all
    put = await client.put(
        path,
        json={
            "subject": center.subject.id,
            "title": "Renamed",
            "questions": [choice_question(1, correct=3)],
        },
        headers=center.h_admin,
    )
    assert put.status_code == 200
    body = put.json()
    assert set(body) == DETAIL_KEYS and body["title"] == "Renamed"
    assert body["code"] == exam.code and body["time_limit"] == 30
    assert [q["text"] for q in body["questions"]] == ["Question 1?"]
    assert [o["is_correct"] for o in body["questions"][0]["options"]] == [
        False,
        False,
        True,
        False,
    ]
    # PATCH without questions keeps them
    patch = await client.patch(path, json={"time_limit": 45}, headers=center.h_admin)
    assert patch.status_code == 200
    assert patch.json()["time_limit"] == 45 and patch.json()["title"] == "Renamed"
    assert patch.json()["questions"] == body["questions"]
    # a client cannot choose the code
    coded = await client.patch(path, json={"code": "AAAAAA"}, headers=center.h_admin)
    assert coded.json()["code"] == exam.code
    # an empty list removes every question
    cleared = await client.patch(path, json={"questions": []}, headers=center.h_admin)
    assert cleared.json()["questions"] == []
    nulls = await client.patch(
        path, json={"title": None, "subject": None, "questions": None}, headers=center.h_admin
    )
    assert nulls.status_code == 400
    assert nulls.json() == {
        "subject": ["This field may not be null."],
        "title": ["This field may not be null."],
        "questions": ["This field may not be null."],
    }
    missing = await client.patch(f"{EXAMS}9999/", json={}, headers=center.h_admin)
    assert missing.status_code == 404 and missing.json() == NOT_FOUND


async def test_delete_exam_removes_it_with_its_results(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam = await center.exam(is_published=True)
    await submit(center.services, center.student, exam.id, [])
    response = await client.delete(f"{EXAMS}{exam.id}/", headers=center.h_admin)
    assert response.status_code == 204 and response.content == b""
    assert (await client.get(f"{EXAMS}{exam.id}/", headers=center.h_admin)).status_code == 404
    assert (await client.get(RESULTS, headers=center.h_admin)).json() == []
    again = await client.delete(f"{EXAMS}{exam.id}/", headers=center.h_admin)
    assert again.status_code == 404 and again.json() == NOT_FOUND


async def test_publish_and_unpublish_answer_the_seed_status_texts(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam = await center.exam()
    published = await client.post(f"{EXAMS}{exam.id}/publish/", headers=center.h_admin)
    assert published.status_code == 200
    assert published.json() == {"status": "Test nashr etildi"}
    detail = (await client.get(f"{EXAMS}{exam.id}/", headers=center.h_admin)).json()
    assert detail["is_published"] is True
    unpublished = await client.post(f"{EXAMS}{exam.id}/unpublish/", headers=center.h_admin)
    assert unpublished.status_code == 200
    assert unpublished.json() == {"status": "Test nashrdan olindi"}
    detail = (await client.get(f"{EXAMS}{exam.id}/", headers=center.h_admin)).json()
    assert detail["is_published"] is False
    missing = await client.post(f"{EXAMS}9999/publish/", headers=center.h_admin)
    assert missing.status_code == 404 and missing.json() == NOT_FOUND


async def test_copy_is_unpublished_with_a_new_code_and_the_same_questions(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam = await center.exam(is_published=True)
    response = await client.post(f"{EXAMS}{exam.id}/copy/", headers=center.h_admin)
    assert response.status_code == 200
    body = response.json()
    assert_exam_detail(body, revealed=True)
    assert body["id"] != exam.id
    assert body["title"] == "IELTS Grammar Test #1 (Nusxa)"
    assert body["is_published"] is False
    assert body["code"] != exam.code
    original = (await client.get(f"{EXAMS}{exam.id}/", headers=center.h_admin)).json()

    def strip_ids(questions: list[dict[str, Any]]) -> list[Any]:
        return [
            {
                **{k: v for k, v in q.items() if k != "id"},
                "options": [{k: v for k, v in o.items() if k != "id"} for o in q["options"]],
            }
            for q in questions
        ]

    assert strip_ids(body["questions"]) == strip_ids(original["questions"])
    assert {q["id"] for q in body["questions"]}.isdisjoint({q["id"] for q in original["questions"]})
    assert exam_resolvers.copy_title("x" * 255) == "x" * 247 + " (Nusxa)"


async def test_codes_are_unique_and_drawn_again_on_a_collision(
    client: httpx.AsyncClient, center: Center, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await center.exam()
    # given: the generator first offers the code already taken
    offers = iter([first.code, "NEW123", first.code, "ZB9M1Q"])
    monkeypatch.setattr(codes, "draw_code", lambda: next(offers))
    created = await client.post(EXAMS, json=seed_exam(center.subject.id), headers=center.h_admin)
    assert created.status_code == 201 and created.json()["code"] == "NEW123"
    copied = await client.post(f"{EXAMS}{first.id}/copy/", headers=center.h_admin)
    assert copied.status_code == 200 and copied.json()["code"] == "ZB9M1Q"
    monkeypatch.undo()
    seen = {first.code, "NEW123", "ZB9M1Q"}
    for _ in range(5):
        seen.add((await center.exam()).code)
    assert len(seen) == 8 and all(CODE.match(c) for c in seen)


# ---------------------------------------------------------------------------------------------
# §13 enter-code and submit


async def test_enter_code_gives_the_exam_without_answers_to_students(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam = await center.exam(is_published=True)
    response = await client.post(ENTER, json={"code": exam.code}, headers=center.h_student)
    assert response.status_code == 200
    body = response.json()
    assert_exam_detail(body, revealed=False)
    assert body["id"] == exam.id and body["code"] == exam.code
    # any case, surrounding spaces ignored
    lower = await client.post(
        ENTER, json={"code": f" {exam.code.lower()} "}, headers=center.h_student
    )
    assert lower.status_code == 200 and lower.json()["id"] == exam.id
    # staff entering the code see the answers
    staff = await client.post(ENTER, json={"code": exam.code}, headers=center.h_teacher)
    assert_exam_detail(staff.json(), revealed=True)


async def test_enter_code_refusals(client: httpx.AsyncClient, center: Center) -> None:
    draft = await center.exam()
    for code in ("ZZZZZZ", draft.code, "TOOLONGCODE"):
        wrong = await client.post(ENTER, json={"code": code}, headers=center.h_student)
        assert wrong.status_code == 400 and wrong.json() == {"detail": "Test kodi noto'g'ri."}
    missing = await client.post(ENTER, json={}, headers=center.h_student)
    assert missing.status_code == 400 and missing.json() == {"code": ["This field is required."]}
    blank = await client.post(ENTER, json={"code": "  "}, headers=center.h_student)
    assert blank.json() == {"code": ["This field may not be blank."]}
    anonymous = await client.post(ENTER, json={"code": draft.code})
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED
    method = await client.get(ENTER, headers=center.h_student)
    assert method.status_code == 405 and method.json() == {"detail": 'Method "GET" not allowed.'}


async def seed_sized_exam(center: Center) -> tuple[Any, list[Any]]:
    """19 test questions and 1 written one, published: the seed's 20-question exam."""
    body = seed_exam(
        center.subject.id,
        is_published=True,
        questions=[choice_question(n) for n in range(1, 20)]
        + [{"text": "Describe reading.", "type": "written", "written_answer_sample": "..."}],
    )
    exam = await create_exam(center.services, center.admin, body)
    return exam, await questions_of(center.services, center.admin, exam.id)


async def test_submit_grades_as_the_seed_shows(client: httpx.AsyncClient, center: Center) -> None:
    # given: 16 right, 3 wrong, 1 written answer
    exam, questions = await seed_sized_exam(center)
    tests, written = questions[:19], questions[19]
    answers: list[dict[str, Any]] = [
        {"question_id": q.id, "option_id": q.options[1 if n < 16 else 0].id}
        for n, q in enumerate(tests)
    ]
    answers.append(
        {
            "question_id": written.id,
            "written_answer": "Reading improves vocabulary and comprehension skills.",
        }
    )
    # when
    response = await client.post(
        f"{EXAMS}{exam.id}/submit/", json={"answers": answers}, headers=center.h_student
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert set(body) == SUBMIT_KEYS
    assert body["exam"] == exam.id and body["exam_title"] == "IELTS Grammar Test #1"
    assert body["student"] == center.student.id
    assert body["score"] == 80.0 and isinstance(body["score"], float)
    assert body["correct_answers"] == 16 and body["total_questions"] == 20
    assert body["is_checked"] is False and body["checked_by"] is None
    assert TASHKENT_TIME.match(body["created_at"])
    assert len(body["answers"]) == 20
    assert all(set(a) == ANSWER_KEYS for a in body["answers"])
    first = body["answers"][0]
    assert first == {
        "id": first["id"],
        "question": tests[0].id,
        "question_text": "Question 1?",
        "option": tests[0].options[1].id,
        "option_text": "Q1 option 2",
        "written_answer": None,
        "is_correct": True,
    }
    assert body["answers"][18]["is_correct"] is False
    essay = body["answers"][19]
    assert essay["is_correct"] is None and essay["option"] is None
    assert essay["written_answer"] == "Reading improves vocabulary and comprehension skills."


async def test_unanswered_questions_count_as_wrong(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam, questions = await seed_sized_exam(center)
    answers = [{"question_id": q.id, "option_id": q.options[1].id} for q in questions[:3]]
    answers.append({"question_id": questions[3].id, "option_id": None})
    response = await client.post(
        f"{EXAMS}{exam.id}/submit/", json={"answers": answers}, headers=center.h_student
    )
    body = response.json()
    assert body["correct_answers"] == 3 and body["score"] == 15.0
    assert body["answers"][3]["is_correct"] is False


async def test_submit_refusals(client: httpx.AsyncClient, center: Center) -> None:
    exam = await center.exam(is_published=True)
    other = await center.exam(is_published=True, title="Other")
    test, written = await questions_of(center.services, center.admin, exam.id)
    foreign, _ = await questions_of(center.services, center.admin, other.id)
    path = f"{EXAMS}{exam.id}/submit/"

    def answers(*items: Any) -> dict[str, Any]:
        return {"answers": list(items)}

    # every wrong answer is reported, nested per item
    bad = await client.post(
        path,
        json=answers(
            {"question_id": test.id, "option_id": test.options[0].id},
            {"question_id": foreign.id, "option_id": foreign.options[0].id},
            {"question_id": test.id, "option_id": test.options[1].id},
            {"question_id": written.id, "option_id": test.options[1].id},
        ),
        headers=center.h_student,
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "answers": [
            {},
            {"question_id": ["This question is not part of this exam."]},
            {"question_id": ["This question is answered more than once."]},
            {"option_id": ["A written question is answered with written_answer."]},
        ]
    }
    # malformed answers are reported first, as DRF checks types before the answers' sense
    malformed = await client.post(
        path,
        json=answers(
            {"question_id": foreign.id},
            {"option_id": 1},
            {"question_id": "x", "option_id": 0},
            "B",
        ),
        headers=center.h_student,
    )
    assert malformed.status_code == 400
    assert malformed.json() == {
        "answers": [
            {},
            {"question_id": ["This field is required."]},
            {
                "question_id": ["A valid integer is required."],
                "option_id": ["Ensure this value is greater than or equal to 1."],
            },
            {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]},
        ]
    }
    wrong_option = await client.post(
        path,
        json=answers({"question_id": test.id, "option_id": foreign.options[1].id}),
        headers=center.h_student,
    )
    assert wrong_option.json() == {
        "answers": [{"option_id": ["This option does not belong to this question."]}]
    }
    wrong_kind = await client.post(
        path,
        json=answers({"question_id": test.id, "written_answer": "B"}),
        headers=center.h_student,
    )
    assert wrong_kind.json() == {
        "answers": [{"written_answer": ["A test question is answered with option_id."]}]
    }
    missing = await client.post(path, json={}, headers=center.h_student)
    assert missing.status_code == 400 and missing.json() == {"answers": ["This field is required."]}
    # nothing was stored by the refused attempts
    assert (await client.get(MY_RESULTS, headers=center.h_student)).json() == []

    # once only
    first = await client.post(path, json=answers(), headers=center.h_student)
    assert first.status_code == 201
    second = await client.post(path, json=answers(), headers=center.h_student)
    assert second.status_code == 400
    assert second.json() == {"detail": "Siz bu testni allaqachon topshirgansiz."}

    # only published, active exams
    draft = await center.exam()
    unpublished = await client.post(
        f"{EXAMS}{draft.id}/submit/", json=answers(), headers=center.h_other
    )
    assert unpublished.status_code == 400
    assert unpublished.json() == {"detail": "Test hali nashr etilmagan."}
    closed = await center.exam(is_published=True, is_active=False)
    inactive = await client.post(
        f"{EXAMS}{closed.id}/submit/", json=answers(), headers=center.h_other
    )
    assert inactive.status_code == 400 and inactive.json() == {"detail": "Test faol emas."}
    nowhere = await client.post(f"{EXAMS}9999/submit/", json=answers(), headers=center.h_other)
    assert nowhere.status_code == 404 and nowhere.json() == NOT_FOUND

    # students only
    for headers in (center.h_admin, center.h_teacher):
        staff = await client.post(path, json=answers(), headers=headers)
        assert staff.status_code == 403 and staff.json() == FORBIDDEN
    anonymous = await client.post(path, json=answers())
    assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED


# ---------------------------------------------------------------------------------------------
# what students may see


async def test_students_never_see_correct_options_or_sample_answers(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam = await center.exam(is_published=True)
    draft = await center.exam(title="Draft")
    # lists: published, active exams only
    listed = (await client.get(EXAMS, headers=center.h_student)).json()
    assert [r["id"] for r in listed] == [exam.id]
    detail = await client.get(f"{EXAMS}{exam.id}/", headers=center.h_student)
    assert detail.status_code == 200
    assert_exam_detail(detail.json(), revealed=False)
    hidden = await client.get(f"{EXAMS}{draft.id}/", headers=center.h_student)
    assert hidden.status_code == 404 and hidden.json() == NOT_FOUND
    # nor after submitting
    test, _ = await questions_of(center.services, center.admin, exam.id)
    await client.post(
        f"{EXAMS}{exam.id}/submit/",
        json={"answers": [{"question_id": test.id, "option_id": test.options[0].id}]},
        headers=center.h_student,
    )
    after = (await client.get(f"{EXAMS}{exam.id}/", headers=center.h_student)).json()
    assert_exam_detail(after, revealed=False)
    assert "is_correct" not in str(after) and "written_answer_sample" not in str(after)


async def test_exam_writes_are_for_admins_only(client: httpx.AsyncClient, center: Center) -> None:
    exam = await center.exam()
    one = f"{EXAMS}{exam.id}/"
    writes = [
        ("POST", EXAMS, seed_exam(center.subject.id)),
        ("PUT", one, seed_exam(center.subject.id)),
        ("PATCH", one, {"title": "x"}),
        ("DELETE", one, None),
        ("POST", f"{one}publish/", None),
        ("POST", f"{one}unpublish/", None),
        ("POST", f"{one}copy/", None),
    ]
    for method, path, body in writes:
        for headers in (center.h_teacher, center.h_student):
            refused = await client.request(method, path, json=body, headers=headers)
            assert refused.status_code == 403, (method, path)
            assert refused.json() == FORBIDDEN
        anonymous = await client.request(method, path, json=body)
        assert anonymous.status_code == 401 and anonymous.json() == NOT_AUTHENTICATED
    for path in (EXAMS, one):
        assert (await client.get(path)).json() == NOT_AUTHENTICATED
    # nothing changed
    detail = (await client.get(one, headers=center.h_admin)).json()
    assert detail["title"] == "IELTS Grammar Test #1" and detail["is_published"] is False


# ---------------------------------------------------------------------------------------------
# §14 exam results


async def submitted(center: Center) -> tuple[Any, Any, Any]:
    """A published seed exam; the student answered both questions, the other student one."""
    exam = await center.exam(is_published=True)
    test, written = await questions_of(center.services, center.admin, exam.id)
    mine = await submit(
        center.services,
        center.student,
        exam.id,
        [
            {"question_id": test.id, "option_id": test.options[1].id},
            {"question_id": written.id, "written_answer": "It helps."},
        ],
    )
    theirs = await submit(
        center.services,
        center.other,
        exam.id,
        [{"question_id": test.id, "option_id": test.options[0].id}],
    )
    return exam, mine, theirs


async def test_results_list_staff_see_all_students_their_own(
    client: httpx.AsyncClient, center: Center
) -> None:
    exam, mine, theirs = await submitted(center)
    staff = await client.get(RESULTS, headers=center.h_teacher)
    assert staff.status_code == 200
    rows = staff.json()
    assert [r["id"] for r in rows] == [theirs.id, mine.id]
    assert all(set(r) == RESULT_KEYS for r in rows)
    assert rows[1] == {
        "id": mine.id,
        "exam": exam.id,
        "student": center.student.id,
        "score": 50.0,
        "correct_answers": 1,
        "total_questions": 2,
        "is_checked": False,
        "checked_by": None,
        "created_at": rows[1]["created_at"],
    }
    assert TASHKENT_TIME.match(rows[1]["created_at"])
    own = (await client.get(RESULTS, headers=center.h_student)).json()
    assert [r["id"] for r in own] == [mine.id]
    filtered = (
        await client.get(RESULTS, params={"student": center.other.id}, headers=center.h_admin)
    ).json()
    assert [r["id"] for r in filtered] == [theirs.id]
    assert (await client.get(RESULTS)).json() == NOT_AUTHENTICATED


async def test_my_results(client: httpx.AsyncClient, center: Center) -> None:
    _, mine, _ = await submitted(center)
    response = await client.get(MY_RESULTS, headers=center.h_student)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [mine.id]
    assert set(response.json()[0]) == RESULT_KEYS
    assert (await client.get(MY_RESULTS, headers=center.h_teacher)).json() == []
    assert (await client.get(MY_RESULTS)).status_code == 401


async def test_one_result_with_its_answers(client: httpx.AsyncClient, center: Center) -> None:
    exam, mine, theirs = await submitted(center)
    response = await client.get(f"{RESULTS}{mine.id}/", headers=center.h_student)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == SUBMIT_KEYS and body["exam_title"] == "IELTS Grammar Test #1"
    assert [a["is_correct"] for a in body["answers"]] == [True, None]
    # another student's result is not there for them
    hidden = await client.get(f"{RESULTS}{theirs.id}/", headers=center.h_student)
    assert hidden.status_code == 404 and hidden.json() == NOT_FOUND
    # the title stays once the exam is unpublished
    await client.post(f"{EXAMS}{exam.id}/unpublish/", headers=center.h_admin)
    again = (await client.get(f"{RESULTS}{mine.id}/", headers=center.h_student)).json()
    assert again["exam_title"] == "IELTS Grammar Test #1"


async def test_patch_and_put_mark_checked_by_the_caller(
    client: httpx.AsyncClient, center: Center
) -> None:
    _, mine, _ = await submitted(center)
    path = f"{RESULTS}{mine.id}/"
    # checked_by in the body is ignored: it is the caller
    patched = await client.patch(
        path, json={"is_checked": True, "checked_by": center.admin.id}, headers=center.h_teacher
    )
    assert patched.status_code == 200
    body = patched.json()
    assert set(body) == SUBMIT_KEYS
    assert body["is_checked"] is True and body["checked_by"] == center.teacher.id
    mine_now = (await client.get(MY_RESULTS, headers=center.h_student)).json()[0]
    assert mine_now["is_checked"] is True and mine_now["checked_by"] == center.teacher.id
    put = await client.put(path, json={"is_checked": False}, headers=center.h_admin)
    assert put.status_code == 200
    assert put.json()["is_checked"] is False and put.json()["checked_by"] is None
    wrong = await client.patch(path, json={"is_checked": "maybe"}, headers=center.h_admin)
    assert wrong.status_code == 400 and wrong.json() == {"is_checked": ["Must be a valid boolean."]}
    student = await client.patch(path, json={"is_checked": True}, headers=center.h_student)
    assert student.status_code == 403 and student.json() == FORBIDDEN
    anonymous = await client.patch(path, json={"is_checked": True})
    assert anonymous.status_code == 401
    missing = await client.patch(f"{RESULTS}9999/", json={}, headers=center.h_admin)
    assert missing.status_code == 404 and missing.json() == NOT_FOUND


async def test_teachers_grade_written_answers_and_the_score_follows(
    client: httpx.AsyncClient, center: Center
) -> None:
    _, mine, _ = await submitted(center)
    path = f"{RESULTS}{mine.id}/"
    detail = (await client.get(path, headers=center.h_teacher)).json()
    test_answer, written_answer = detail["answers"]
    graded = await client.patch(
        path,
        json={"is_checked": True, "answers": [{"id": written_answer["id"], "is_correct": True}]},
        headers=center.h_teacher,
    )
    assert graded.status_code == 200
    body = graded.json()
    assert body["score"] == 100.0 and body["correct_answers"] == 2
    assert [a["is_correct"] for a in body["answers"]] == [True, True]
    refused = await client.patch(
        path,
        json={
            "answers": [
                {"id": test_answer["id"], "is_correct": False},
                {"id": 999999, "is_correct": True},
            ]
        },
        headers=center.h_teacher,
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "answers": [
            {"id": ["Only written answers are graded by hand."]},
            {"id": ["This answer is not part of this result."]},
        ]
    }
    malformed = await client.patch(
        path,
        json={"answers": [{"is_correct": True}, {"id": written_answer["id"]}]},
        headers=center.h_teacher,
    )
    assert malformed.json() == {
        "answers": [
            {"id": ["This field is required."]},
            {"is_correct": ["This field is required."]},
        ]
    }
    # a refused grading changes nothing
    unchanged = (await client.get(path, headers=center.h_teacher)).json()
    assert unchanged["score"] == 100.0 and unchanged["is_checked"] is True


async def test_delete_result_is_for_admins(client: httpx.AsyncClient, center: Center) -> None:
    _, mine, _ = await submitted(center)
    path = f"{RESULTS}{mine.id}/"
    for headers in (center.h_teacher, center.h_student):
        refused = await client.delete(path, headers=headers)
        assert refused.status_code == 403 and refused.json() == FORBIDDEN
    deleted = await client.delete(path, headers=center.h_admin)
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await client.get(path, headers=center.h_admin)).status_code == 404
    # with the result gone, the student may hand the exam in again
    assert (await client.get(MY_RESULTS, headers=center.h_student)).json() == []
    again = await client.post(
        f"{EXAMS}{mine.bank_id}/submit/", json={"answers": []}, headers=center.h_student
    )
    assert again.status_code == 201


async def test_results_cannot_be_created_directly(
    client: httpx.AsyncClient, center: Center
) -> None:
    response = await client.post(RESULTS, json={}, headers=center.h_admin)
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


# ---------------------------------------------------------------------------------------------
# statement counts


async def _statements(client: httpx.AsyncClient, path: str, headers: Any, counter: Any) -> int:
    with counter() as counted:
        response = await client.get(path, headers=headers)
    assert response.status_code == 200
    return counted.count


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # the caller, the exams, their subjects, question counts, participant counts
        (EXAMS, 5),
        # the caller, the results
        (RESULTS, 2),
        (MY_RESULTS, 2),
    ],
)
async def test_lists_cost_the_same_for_5_and_50_rows(
    client: httpx.AsyncClient, center: Center, count_statements: Any, path: str, expected: int
) -> None:
    made = 0

    async def grow(to: int) -> None:
        nonlocal made
        for _ in range(to - made):
            exam = await center.exam(is_published=True)
            test, _ = await questions_of(center.services, center.admin, exam.id)
            await submit(
                center.services,
                center.student,
                exam.id,
                [{"question_id": test.id, "option_id": test.options[1].id}],
            )
        made = to

    headers = center.h_student if path == MY_RESULTS else center.h_admin
    await grow(5)
    small = await _statements(client, path, headers, count_statements)
    await grow(50)
    large = await _statements(client, path, headers, count_statements)
    assert len((await client.get(path, headers=headers)).json()) == 50
    assert small == large == expected
