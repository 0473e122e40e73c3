# ruff: noqa: E501  (GraphQL documents stay on one line: error locations in the golden files point into them)
"""Golden responses of the IELTS side: the academy dialect's §18 mock tests, the IELTS batch
dialect (seed 000), and the GraphQL practice, mock and batch operations."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from models.people import Role
from schema.common.node import encode_global_id
from tests.golden.recorder import Golden, selection
from tests.ielts import factories

MOCK = "/api/v1/mock"
BATCH = "/api/batch/students/"
ERRORS = "userErrors { field message code }"
T_HISTORY = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def gid(type_name: str, database_id: int) -> str:
    return encode_global_id(type_name, database_id)


def form() -> tuple[dict[str, str], dict[str, tuple[str, bytes, str]]]:
    data = {
        "title": "IELTS Mock Test #1",
        "reading[duration]": "60",
        "reading[question_count]": "40",
        "writing[duration]": "60",
        "writing[question_count]": "2",
        "listening[duration]": "30",
        "listening[question_count]": "40",
    }
    files = {
        "reading[file]": ("test1.pdf", b"%PDF-1.4 reading", "application/pdf"),
        "writing[file]": ("task1.pdf", b"%PDF-1.4 writing", "application/pdf"),
        "listening[audio_file]": ("audio1.mp3", b"ID3 audio", "audio/mpeg"),
        "listening[question_file]": ("q1.pdf", b"%PDF-1.4 questions", "application/pdf"),
    }
    return data, files


async def test_mock_rest(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any, services: Any
) -> None:
    g, shift = golden
    c = await factories.center(services, make_user)
    owner_user = await make_user(Role.ADMIN, first_name="Bobur", last_name="Toshmatov")
    owner = await login_headers(owner_user)
    teacher = await login_headers(c.teacher)
    student = await login_headers(
        await factories.student(
            make_user, c, "jasur@test.com", first_name="Jasur", last_name="Qodirov"
        )
    )
    other = await login_headers(await factories.student(make_user, c, "other@test.com", code="OT1"))

    data, files = form()
    created = await g.call(
        "test create multipart", "POST", f"{MOCK}/tests/create/", owner, data=data, files=files
    )
    test = created.json()
    g.mark_drawn(test.get("code"))
    b64 = base64.b64encode(b"%PDF-1.4 r").decode()
    nested = {
        "title": "IELTS Mock Test #2",
        "reading": {
            "file": {"name": "r.pdf", "content": b64},
            "duration": 60,
            "question_count": 40,
        },
        "writing": {"file": {"name": "w.pdf", "content": b64}, "duration": 60, "question_count": 2},
        "listening": {
            "audio_file": {"name": "a.mp3", "content": b64},
            "question_file": {"name": "q.pdf", "content": b64},
            "duration": 30,
            "question_count": 40,
        },
    }
    await g.call(
        "test create json named files", "POST", f"{MOCK}/tests/create/", owner, json=nested
    )
    pdf = "data:application/pdf;base64," + b64
    nested = {
        "title": "IELTS Mock Test #2",
        "reading": {"file": pdf, "duration": 60, "question_count": 40},
        "writing": {"file": b64, "duration": 60, "question_count": 2},
        "listening": {
            "audio_file": b64,
            "question_file": pdf,
            "duration": 30,
            "question_count": 40,
            "answer_key": {"1": "C", "2": ["D"]},
        },
    }
    second = await g.call("test create json", "POST", f"{MOCK}/tests/create/", owner, json=nested)
    g.mark_drawn(second.json()["code"])
    await g.call(
        "test create errors",
        "POST",
        f"{MOCK}/tests/create/",
        owner,
        data={"title": "", "reading[duration]": "x"},
    )
    await g.call(
        "test create json errors",
        "POST",
        f"{MOCK}/tests/create/",
        owner,
        json={"reading": {"file": "x"}},
    )
    await g.call(
        "test create student", "POST", f"{MOCK}/tests/create/", student, data=data, files=files
    )
    await g.call("test create anonymous", "POST", f"{MOCK}/tests/create/", data=data, files=files)
    await g.call("tests list staff", "GET", f"{MOCK}/tests/", teacher)
    await g.call("tests list student", "GET", f"{MOCK}/tests/", student)
    await g.call("tests anonymous", "GET", f"{MOCK}/tests/")
    await g.call("test detail", "GET", f"{MOCK}/tests/{test['id']}/", student)
    await g.call(
        "test missing", "GET", f"{MOCK}/tests/550e8400-e29b-41d4-a716-446655440000/", owner
    )
    await g.call("test bad uuid", "GET", f"{MOCK}/tests/xyz/", owner)
    await g.call("test delete student", "DELETE", f"{MOCK}/tests/{second.json()['id']}/", student)
    await g.call("test delete", "DELETE", f"{MOCK}/tests/{second.json()['id']}/", teacher)
    await g.call("test delete again", "DELETE", f"{MOCK}/tests/{second.json()['id']}/", teacher)

    # sessions
    start = f"{MOCK}/session/start/"
    await g.call(
        "start wrong code", "POST", start, student, json={"test": test["id"], "code": "XX0000"}
    )
    s = await g.call(
        "start", "POST", start, student, json={"test": test["id"], "code": test["code"]}
    )
    session_id = s.json()["id"]
    await g.call(
        "start again", "POST", start, student, json={"test": test["id"], "code": test["code"]}
    )
    o = await g.call(
        "start other", "POST", start, other, json={"test": test["id"], "code": test["code"]}
    )
    await g.call("start missing", "POST", start, student, json={})
    await g.call(
        "start unknown",
        "POST",
        start,
        student,
        json={"test": "550e8400-e29b-41d4-a716-446655440000", "code": "MK1001"},
    )
    await g.call("start malformed", "POST", start, student, json={"test": "x", "code": "MK1001"})
    await g.call("start anonymous", "POST", start, json={"test": test["id"], "code": "MK1001"})
    await g.call("session me", "GET", f"{MOCK}/session/me/", student)
    await g.call("session reading", "GET", f"{MOCK}/session/reading/{session_id}/", student)
    await g.call("session writing", "GET", f"{MOCK}/session/writing/{session_id}/", student)
    await g.call("session reading other", "GET", f"{MOCK}/session/reading/{session_id}/", other)
    await g.call("session reading anonymous", "GET", f"{MOCK}/session/reading/{session_id}/")

    answers = f"{MOCK}/answers/"
    reading = {"session": session_id, "answers": {"1": "A", "2": "carbon dioxide", "3": "TRUE"}}
    await g.call("reading answers", "POST", f"{answers}reading/", student, json=reading)
    await g.call(
        "reading twice",
        "POST",
        f"{answers}reading/",
        student,
        json={"session": session_id, "answers": {"1": "B"}},
    )
    await g.call(
        "listening answers",
        "POST",
        f"{answers}listening/",
        student,
        json={"session": session_id, "answers": {"1": "C", "2": "accommodation"}},
    )
    writing = {"session": session_id, "task_number": 1, "text": "The pie chart illustrates..."}
    await g.call("writing", "POST", f"{answers}writing/", student, json=writing)
    await g.call("writing same task", "POST", f"{answers}writing/", student, json=writing)
    await g.call(
        "writing task 2 empty",
        "POST",
        f"{answers}writing/",
        student,
        json={"session": session_id, "task_number": 2},
    )
    await g.call(
        "writing bad task",
        "POST",
        f"{answers}writing/",
        student,
        json={"session": session_id, "task_number": 3},
    )
    await g.call("listening missing", "POST", f"{answers}listening/", student, json={})
    await g.call(
        "listening not map",
        "POST",
        f"{answers}listening/",
        student,
        json={"session": session_id, "answers": ["A"]},
    )
    await g.call(
        "reading others",
        "POST",
        f"{answers}reading/",
        other,
        json={"session": session_id, "answers": {"1": "A"}},
    )
    await g.call("reading anonymous", "POST", f"{answers}reading/", json=reading)
    await g.call("finish not owner", "POST", f"{MOCK}/session/{session_id}/finish/", other)
    await g.call("finish", "POST", f"{MOCK}/session/{session_id}/finish/", student)
    await g.call("finish again", "POST", f"{MOCK}/session/{session_id}/finish/", student)
    await g.call(
        "answers after finish",
        "POST",
        f"{answers}listening/",
        student,
        json={"session": session_id, "answers": {"3": "B"}},
    )
    # the other student's session runs out of time
    other_id = o.json()["id"]
    await g.call(
        "other early answer",
        "POST",
        f"{answers}reading/",
        other,
        json={"session": other_id, "answers": {"1": "A"}},
    )
    shift(minutes=151)
    await g.call(
        "other late answer",
        "POST",
        f"{answers}listening/",
        other,
        json={"session": other_id, "answers": {"1": "A"}},
    )
    await g.call(
        "other late writing",
        "POST",
        f"{answers}writing/",
        other,
        json={"session": other_id, "task_number": 1, "text": "x"},
    )
    await g.call("other me after deadline", "GET", f"{MOCK}/session/me/", other)
    await g.call("other finish after deadline", "POST", f"{MOCK}/session/{other_id}/finish/", other)
    owner = await login_headers(owner_user)
    teacher = await login_headers(c.teacher)
    student = await login_headers(await _user(services, "jasur@test.com"))
    await g.call("staff session answers", "GET", f"{MOCK}/session/{session_id}/answers/", teacher)
    await g.call("staff all answers", "GET", f"{MOCK}/session/answers/", teacher)
    await g.call("student session answers", "GET", f"{MOCK}/session/{session_id}/answers/", student)
    await g.call(
        "unknown session answers",
        "GET",
        f"{MOCK}/session/550e8400-e29b-41d4-a716-446655440000/answers/",
        teacher,
    )

    bands = {"listening": 7.5, "reading": 8.0, "writing": 7.0, "speaking": 6.5}
    sc = await g.call(
        "score create",
        "POST",
        f"{MOCK}/score/create/",
        teacher,
        json={"session": session_id, **bands},
    )
    await g.call(
        "score again",
        "POST",
        f"{MOCK}/score/create/",
        teacher,
        json={"session": session_id, **bands},
    )
    await g.call(
        "score bad band",
        "POST",
        f"{MOCK}/score/create/",
        teacher,
        json={"session": other_id, "listening": 7.3, "reading": 10, "writing": "x"},
    )
    await g.call(
        "score student",
        "POST",
        f"{MOCK}/score/create/",
        student,
        json={"session": session_id, **bands},
    )
    await g.call(
        "score update",
        "PATCH",
        f"{MOCK}/score/{sc.json()['id']}/update/",
        owner,
        json={"writing": 7.5, "speaking": 7.0},
    )
    await g.call(
        "score update missing", "PATCH", f"{MOCK}/score/999/update/", owner, json={"writing": 7.5}
    )
    await g.call(
        "score update put", "PUT", f"{MOCK}/score/{sc.json()['id']}/update/", owner, json={}
    )
    await g.call("score me", "GET", f"{MOCK}/score/me/", student)
    await g.call("score me teacher", "GET", f"{MOCK}/score/me/", teacher)
    await g.call("session me after score", "GET", f"{MOCK}/session/me/", student)
    g.check()


async def _user(services: Any, email: str) -> Any:
    from sqlalchemy import select

    from models.db import read_session
    from models.people import User

    async with read_session(services.sessionmaker) as session:
        return (await session.scalars(select(User).where(User.email == email))).one()


async def seeded(services: Any, make_user: Any) -> tuple[Any, Any]:
    c = await factories.center(services, make_user)
    s = await factories.student(make_user, c, "student1@test.com")
    listening = await factories.practice_test(services, "LISTENING", "Listening Practice 05")
    reading = await factories.practice_test(services, "READING", "Reading Practice 04")
    await factories.results(
        services, [s.id], "LISTENING", 3, bank_id=listening.id, start=T_HISTORY, band="7.0"
    )
    await factories.results(services, [s.id], "READING", 2, bank_id=reading.id, start=T_HISTORY)
    await factories.results(
        services,
        [s.id],
        "WRITING",
        2,
        start=T_HISTORY,
        result={"teacher_feedback": {"published": True, "overall_score": "6.5"}},
    )
    await factories.results(services, [s.id], "SPEAKING", 1, start=T_HISTORY)
    await factories.results(
        services,
        [s.id],
        "LISTENING",
        1,
        bank_id=listening.id,
        start=datetime(2026, 2, 1, tzinfo=UTC),
        band="8.5",
        diagnostic=True,
    )
    return c, s


async def test_ielts_batch_rest(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any, services: Any
) -> None:
    g, shift = golden
    c, s = await seeded(services, make_user)
    curator = await login_headers(c.curator)
    admin = await login_headers(await make_user(Role.ADMIN))
    teacher = await login_headers(c.teacher)
    emails = {"emails": ["student1@test.com", "STUDENT1@test.com", "student2@test.com"]}
    for path in ("profiles/", "latest-test-details/", "test-results/"):
        await g.call(f"{path} curator", "POST", f"{BATCH}{path}", curator, json=emails)
    await g.call("profiles no slash", "POST", f"{BATCH}profiles", admin, json=emails)
    await g.call(
        "latest diagnostics",
        "POST",
        f"{BATCH}latest-test-details/",
        admin,
        json={**emails, "includeDiagnostics": True},
    )
    await g.call(
        "results answers",
        "POST",
        f"{BATCH}test-results/",
        admin,
        json={**emails, "perModuleLimit": 1, "includeAnswers": True, "limit": 1},
    )
    for label, body in (
        ("no emails", {}),
        ("empty emails", {"emails": []}),
        ("not strings", {"emails": [1]}),
        ("limit zero", {"emails": ["a@b.c"], "limit": 0}),
        ("per module 101", {"emails": ["a@b.c"], "perModuleLimit": 101}),
        ("flag not boolean", {"emails": ["a@b.c"], "includeAnswers": "yes"}),
        ("not an object", ["a@b.c"]),
    ):
        await g.call(f"bad body: {label}", "POST", f"{BATCH}test-results/", admin, json=body)
    await g.call("teacher", "POST", f"{BATCH}profiles/", teacher, json=emails)
    await g.call("anonymous", "POST", f"{BATCH}profiles/", json=emails)
    await g.call(
        "garbage token", "POST", f"{BATCH}profiles/", {"Authorization": "Bearer x.y.z"}, json=emails
    )
    await g.call("unknown path", "POST", f"{BATCH}nothing/", admin, json=emails)
    await g.call("wrong method", "GET", f"{BATCH}profiles/", admin)
    g.check()


IELTS_SEL = "student { ielts { latest(includeDiagnostics: true) { %s overallBandApprox } history(perModuleLimit: 2) { %s } } }"


async def test_ielts_graphql(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any, services: Any
) -> None:
    g, shift = golden
    c, s = await seeded(services, make_user)
    admin_user = await make_user(Role.ADMIN, username="owner01")
    admin = await login_headers(admin_user)
    curator = await login_headers(c.curator)
    teacher = await login_headers(c.teacher)
    student = await login_headers(s)
    other = await login_headers(await factories.student(make_user, c, "other@test.com", code="OT1"))

    listening_sel = selection("ListeningSession", 1)
    reading_sel = selection("ReadingSession", 1)
    essay_sel = selection("Essay", 1)
    speaking_sel = selection("SpeakingSession", 1)
    test_sel = selection("IeltsTest", 1)
    mock_test_sel = selection("MockTest", 1)
    session_sel = selection("MockSession", 1, skip=("answers",))
    score_sel = selection("MockScore", 1)

    def mutation(name: str, input_type: str, field: str, sel: str) -> str:
        return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {field} {{ {sel} }} {ERRORS} }} }}"

    test_create = mutation("ieltsTestCreate", "IeltsTestCreateInput", "test", test_sel)
    key = {str(i): ["A"] for i in range(1, 41)}
    lt = await g.gql(
        "listening test create",
        test_create,
        {"input": {"module": "LISTENING", "title": "Listening 01", "answerKey": key}},
        admin,
    )
    rt = await g.gql(
        "reading test create",
        test_create,
        {
            "input": {
                "module": "READING",
                "title": "Reading 01",
                "answerKey": {"1": ["TRUE", "T"]},
                "variant": "GENERAL_TRAINING",
                "conversionTable": [[1, 9.0], [0, 1.0]],
            }
        },
        admin,
    )
    await g.gql(
        "test create errors",
        test_create,
        {"input": {"module": "READING", "title": " ", "answerKey": [], "conversionTable": "x"}},
        admin,
    )
    await g.gql(
        "test create teacher",
        test_create,
        {"input": {"module": "LISTENING", "title": "x", "answerKey": key}},
        teacher,
    )
    lid = lt["data"]["ieltsTestCreate"]["test"]["id"]
    rid = rt["data"]["ieltsTestCreate"]["test"]["id"]

    l_start = mutation(
        "listeningSessionStart", "PracticeSessionStartInput", "session", listening_sel
    )
    r_start = mutation("readingSessionStart", "PracticeSessionStartInput", "session", reading_sel)
    l_submit = mutation(
        "listeningSessionSubmit", "ListeningSessionSubmitInput", "session", listening_sel
    )
    r_submit = mutation("readingSessionSubmit", "ReadingSessionSubmitInput", "session", reading_sel)
    l_grade = mutation(
        "listeningSessionGrade", "PracticeSessionGradeInput", "session", listening_sel
    )
    r_grade = mutation("readingSessionGrade", "PracticeSessionGradeInput", "session", reading_sel)
    e_start = mutation("essayStart", "EssayStartInput", "essay", essay_sel)
    e_submit = mutation("essaySubmit", "EssaySubmitInput", "essay", essay_sel)
    e_grade = mutation("essayGrade", "EssayGradeInput", "essay", essay_sel)
    sp_start = mutation(
        "speakingSessionStart", "SpeakingSessionStartInput", "session", speaking_sel
    )
    sp_grade = mutation(
        "speakingSessionGrade", "SpeakingSessionGradeInput", "session", speaking_sel
    )

    ls = await g.gql("listening start", l_start, {"input": {"testId": lid}}, student)
    await g.gql("listening start wrong test", l_start, {"input": {"testId": rid}}, student)
    await g.gql(
        "listening start for other",
        l_start,
        {"input": {"testId": lid, "studentId": gid("Student", s.id)}},
        other,
    )
    await g.gql(
        "listening start staff for student",
        l_start,
        {"input": {"testId": lid, "studentId": gid("Student", s.id), "diagnostic": True}},
        curator,
    )
    lsid = ls["data"]["listeningSessionStart"]["session"]["id"]
    shift(minutes=30)
    await g.gql(
        "listening submit",
        l_submit,
        {
            "input": {
                "sessionId": lsid,
                "answers": [
                    {"questionId": str(i), "answer": "A" if i < 31 else "B", "flagged": i == 3}
                    for i in range(1, 41)
                ],
            }
        },
        student,
    )
    await g.gql(
        "listening submit again", l_submit, {"input": {"sessionId": lsid, "answers": []}}, student
    )
    await g.gql(
        "listening submit other", l_submit, {"input": {"sessionId": lsid, "answers": []}}, other
    )
    await g.gql("listening grade", l_grade, {"input": {"sessionId": lsid, "rawScore": 35}}, teacher)
    await g.gql(
        "listening grade errors",
        l_grade,
        {"input": {"sessionId": lsid, "rawScore": 41, "band": 9.5}},
        teacher,
    )
    await g.gql(
        "listening grade student", l_grade, {"input": {"sessionId": lsid, "rawScore": 35}}, student
    )
    rs = await g.gql("reading start", r_start, {"input": {"testId": rid}}, student)
    rsid = rs["data"]["readingSessionStart"]["session"]["id"]
    await g.gql(
        "reading submit bad", r_submit, {"input": {"sessionId": rsid, "answers": ["T"]}}, student
    )
    await g.gql(
        "reading submit",
        r_submit,
        {"input": {"sessionId": rsid, "answers": {"1": "t", "2": "F"}}},
        student,
    )
    await g.gql("reading grade band", r_grade, {"input": {"sessionId": rsid, "band": 6.5}}, teacher)
    await g.gql(
        "reading grade missing",
        r_grade,
        {"input": {"sessionId": gid("ReadingSession", 999), "band": 6.5}},
        teacher,
    )
    es = await g.gql(
        "essay start",
        e_start,
        {"input": {"taskType": "TASK2", "prompt": "Some people think..."}},
        student,
    )
    esid = es["data"]["essayStart"]["essay"]["id"]
    await g.gql("essay submit blank", e_submit, {"input": {"essayId": esid, "text": " "}}, student)
    await g.gql(
        "essay submit", e_submit, {"input": {"essayId": esid, "text": "In my opinion..."}}, student
    )
    await g.gql(
        "essay submit again", e_submit, {"input": {"essayId": esid, "text": "Again"}}, student
    )
    await g.gql(
        "essay grade",
        e_grade,
        {
            "input": {
                "essayId": esid,
                "overallScore": 6.5,
                "criteria": {"taskAchievement": 6.0, "coherenceCohesion": 7.0},
                "comment": "Good",
                "published": True,
            }
        },
        teacher,
    )
    await g.gql(
        "essay grade bad",
        e_grade,
        {"input": {"essayId": esid, "overallScore": 6.3, "criteria": {"lexicalResource": 10.0}}},
        teacher,
    )
    sp = await g.gql(
        "speaking start",
        sp_start,
        {"input": {"studentId": gid("Student", s.id), "conductedAt": "2026-03-01T10:00:00Z"}},
        teacher,
    )
    await g.gql("speaking start student", sp_start, {"input": {}}, student)
    spid = sp["data"]["speakingSessionStart"]["session"]["id"]
    await g.gql(
        "speaking grade",
        sp_grade,
        {"input": {"sessionId": spid, "band": 7.0, "comment": "Fluent"}},
        teacher,
    )
    await g.gql(
        "speaking grade bad", sp_grade, {"input": {"sessionId": spid, "band": 9.25}}, teacher
    )

    # mock tests through GraphQL
    def upload(name: str) -> dict[str, str]:
        return {"filename": name, "contentBase64": base64.b64encode(b"%PDF-1.4 x").decode()}

    mt_create = mutation("mockTestCreate", "MockTestCreateInput", "test", mock_test_sel)
    mt = await g.gql(
        "mock test create",
        mt_create,
        {
            "input": {
                "title": "Mock #1",
                "reading": {
                    "file": upload("r.pdf"),
                    "duration": 60,
                    "questionCount": 40,
                    "answerKey": {"1": ["A"]},
                },
                "writing": {"file": upload("w.pdf"), "duration": 60, "questionCount": 2},
                "listening": {
                    "audioFile": upload("a.mp3"),
                    "questionFile": upload("q.pdf"),
                    "duration": 30,
                    "questionCount": 40,
                },
            }
        },
        admin,
    )
    test = mt["data"]["mockTestCreate"]["test"]
    g.mark_drawn(test["code"])
    await g.gql(
        "mock test create errors",
        mt_create,
        {
            "input": {
                "title": "",
                "reading": {
                    "file": {"filename": "r.pdf", "contentBase64": "!!"},
                    "duration": 0,
                    "questionCount": -1,
                },
                "writing": {"file": upload("w.pdf"), "duration": 60, "questionCount": 2},
                "listening": {
                    "audioFile": upload("a.mp3"),
                    "questionFile": upload("q.pdf"),
                    "duration": 30,
                    "questionCount": 40,
                },
            }
        },
        admin,
    )
    start = mutation("mockSessionStart", "MockSessionStartInput", "session", session_sel)
    ms = await g.gql(
        "mock start",
        start,
        {"input": {"testId": test["id"], "code": test["code"]}},
        student,
    )
    await g.gql(
        "mock start wrong code", start, {"input": {"testId": test["id"], "code": "XX"}}, other
    )
    await g.gql(
        "mock start again", start, {"input": {"testId": test["id"], "code": test["code"]}}, student
    )
    await g.gql(
        "mock start lower case",
        start,
        {"input": {"testId": test["id"], "code": test["code"].lower()}},
        other,
    )
    msid = ms["data"]["mockSessionStart"]["session"]["id"]
    answer = mutation("mockAnswerCreate", "MockAnswerCreateInput", "session", session_sel)
    await g.gql(
        "mock answer reading",
        answer,
        {"input": {"sessionId": msid, "part": "READING", "answers": {"1": "A"}}},
        student,
    )
    await g.gql(
        "mock answer reading twice",
        answer,
        {"input": {"sessionId": msid, "part": "READING", "answers": {"1": "B"}}},
        student,
    )
    await g.gql(
        "mock answer writing",
        answer,
        {"input": {"sessionId": msid, "part": "WRITING", "taskNumber": 1, "text": "Essay"}},
        student,
    )
    await g.gql(
        "mock answer writing bad",
        answer,
        {"input": {"sessionId": msid, "part": "WRITING", "taskNumber": 5}},
        student,
    )
    await g.gql(
        "mock answer listening bad",
        answer,
        {"input": {"sessionId": msid, "part": "LISTENING", "answers": [1]}},
        student,
    )
    await g.gql(
        "mock answer other",
        answer,
        {"input": {"sessionId": msid, "part": "LISTENING", "answers": {"1": "C"}}},
        other,
    )
    finish = mutation("mockSessionFinish", "MockSessionFinishInput", "session", session_sel)
    await g.gql("mock finish other", finish, {"input": {"id": msid}}, other)
    await g.gql("mock finish", finish, {"input": {"id": msid}}, student)
    await g.gql("mock finish again", finish, {"input": {"id": msid}}, student)
    score = mutation("mockScoreCreate", "MockScoreCreateInput", "score", score_sel)
    sc = await g.gql(
        "mock score",
        score,
        {
            "input": {
                "sessionId": msid,
                "listening": 7.5,
                "reading": 8.0,
                "writing": 6.5,
                "speaking": 7.0,
            }
        },
        teacher,
    )
    await g.gql(
        "mock score again",
        score,
        {
            "input": {
                "sessionId": msid,
                "listening": 7.5,
                "reading": 8.0,
                "writing": 6.5,
                "speaking": 7.0,
            }
        },
        teacher,
    )
    await g.gql(
        "mock score bad",
        score,
        {
            "input": {
                "sessionId": msid,
                "listening": 7.3,
                "reading": 10.0,
                "writing": 6.5,
                "speaking": 7.0,
            }
        },
        teacher,
    )
    await g.gql(
        "mock score student",
        score,
        {
            "input": {
                "sessionId": msid,
                "listening": 7.5,
                "reading": 8.0,
                "writing": 6.5,
                "speaking": 7.0,
            }
        },
        student,
    )
    update = mutation("mockScoreUpdate", "MockScoreUpdateInput", "score", score_sel)
    await g.gql(
        "mock score update",
        update,
        {"input": {"id": sc["data"]["mockScoreCreate"]["score"]["id"], "writing": 7.5}},
        admin,
    )
    await g.gql(
        "mock score update missing",
        update,
        {"input": {"id": gid("MockScore", 999), "writing": 7.5}},
        admin,
    )

    # reads
    lists = f"""{{ ieltsTests(first: 10) {{ totalCount nodes {{ {test_sel} }} }}
      mockTests(first: 10) {{ totalCount nodes {{ {mock_test_sel} }} }}
      mockSessions(first: 10) {{ totalCount nodes {{ {session_sel} answers {{ reading listening readingRawScore listeningRawScore writing {{ taskNumber text }} }} score {{ overall }} }} }} }}"""
    await g.gql("lists staff", lists, None, admin)
    await g.gql("lists student", lists, None, student)
    await g.gql("lists other", lists, None, other)
    latest = " ".join(
        f"{m} {{ {sel} }}"
        for m, sel in (
            ("listening", listening_sel),
            ("reading", reading_sel),
            ("writing", essay_sel),
            ("speaking", speaking_sel),
        )
    )
    history = " ".join(
        f"{m} {{ {sel} }}"
        for m, sel in (
            ("listening", listening_sel),
            ("reading", reading_sel),
            ("essays", essay_sel),
            ("speaking", speaking_sel),
        )
    )
    batch = f"""query($emails: [String!]!, $limit: Int) {{ studentsByEmail(emails: $emails, limit: $limit) {{
      email error profile {{ {selection("StudentProfile", 1)} }}
      {IELTS_SEL % (latest, history)} }} }}"""
    emails = {
        "emails": ["student1@test.com", "Other@test.com", "nobody@test.com", "student1@test.com"]
    }
    await g.gql("batch curator", batch, emails, curator)
    await g.gql("batch limit", batch, {**emails, "limit": 1}, admin)
    await g.gql("batch bad limit", batch, {**emails, "limit": 0}, admin)
    await g.gql("batch teacher", batch, emails, teacher)
    await g.gql("batch student", batch, emails, student)
    own = f"query($id: ID!) {{ node(id: $id) {{ ... on Student {{ ielts {{ latest {{ {latest} overallBandApprox }} history(perModuleLimit: 1) {{ {history} }} }} }} }} }}"
    await g.gql("own ielts", own, {"id": gid("Student", s.id)}, student)
    await g.gql("own ielts other", own, {"id": gid("Student", s.id)}, other)
    nodes = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
    await g.gql("nodes", nodes, {"ids": [lsid, rsid, esid, spid, msid, test["id"], lid]}, admin)
    delete = f"mutation($id: ID!) {{ mockTestDelete(input: {{id: $id}}) {{ deletedMockTestId {ERRORS} }} }}"
    await g.gql("mock test delete student", delete, {"id": test["id"]}, student)
    await g.gql("mock test delete", delete, {"id": test["id"]}, admin)
    await g.gql("mock test delete again", delete, {"id": test["id"]}, admin)
    g.check()
