"""§18 IELTS mock tests: tests, timed sessions, answers and scores, shaped as the seed shows.

Ids of tests and sessions are UUIDs; files come back as absolute URLs; times in Asia/Tashkent.
"""

from __future__ import annotations

import base64
import binascii
import io
import mimetypes
from decimal import Decimal
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from models import attempts as attempt_models
from models import ielts as ielts_models
from models import people as people_models
from resolvers import ielts
from resolvers.context import AppContext
from resolvers.errors import DomainError, FieldError, NotFound, ValidationFailed
from rest.academy import route
from rest.academy.shapes import local_time
from rest.common import JSONResponse, app_context

MockPart = ielts_models.MockPart
NOT_A_FILE = "The submitted data was not a file. Check the encoding type on the form."


def band(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# ---------------------------------------------------------------------------------------------
# shapes


def section_json(
    ctx: AppContext, section: ielts_models.MockSection | None, *, times: bool = True
) -> dict[str, Any] | None:
    if section is None:
        return None
    out: dict[str, Any] = {"id": section.id}
    if section.part == MockPart.LISTENING:
        out["audio_file"] = ctx.media_url(section.audio_file)
        out["question_file"] = ctx.media_url(section.question_file)
    else:
        out["file"] = ctx.media_url(section.file)
    out["duration"] = section.duration
    out["question_count"] = section.question_count
    if times:
        out["created_at"] = local_time(section.created_at)
        out["updated_at"] = local_time(section.updated_at)
    return out


def test_json(
    ctx: AppContext, view: ielts.MockTestView, *, with_creator: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(view.test.uuid),
        "title": view.test.title,
        "code": view.test.code if ielts.can_see_code(ctx) else None,
    }
    if with_creator:
        creator = view.creator
        out["created_by"] = (
            {"first_name": creator.first_name, "last_name": creator.last_name} if creator else None
        )
    for part in MockPart:
        out[part.value.lower()] = section_json(ctx, view.sections.get(part.value))
    out["created_at"] = local_time(view.test.created_at)
    out["updated_at"] = local_time(view.test.updated_at)
    return out


def user_json(view: ielts.MockSessionView) -> dict[str, Any] | None:
    user: people_models.User | None = view.user
    if user is None:
        return None
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "group": {"id": view.group.id, "name": view.group.name} if view.group else None,
    }


def score_json(
    score: attempt_models.BandScore, session_uuid: Any, *, updated: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": score.id,
        "session": str(session_uuid),
        "listening": band(score.listening),
        "reading": band(score.reading),
        "writing": band(score.writing),
        "speaking": band(score.speaking),
        "score": band(score.overall),
        "created_at": local_time(score.created_at),
    }
    if updated:
        out["updated_at"] = local_time(score.updated_at)
    return out


def session_json(
    ctx: AppContext, view: ielts.MockSessionView, *, test: str, times: bool = True
) -> dict[str, Any]:
    """`test` is "uuid" (start), "full" (finish, answers) or "when_completed" (session/me)."""
    out: dict[str, Any] = {"id": str(view.session.uuid), "user": user_json(view)}
    full = test_json(ctx, view.test) if view.test else None
    if test == "uuid":
        out["test"] = str(view.test.test.uuid) if view.test else None
    elif test == "full":
        out["test"] = full
    else:
        out["test"] = full if view.state.is_completed else None
    if times:
        out["started_at"] = local_time(view.session.started_at)
        out["ended_at"] = local_time(view.state.ended_at)
    out["is_completed"] = view.state.is_completed
    out["is_finished"] = view.state.is_finished
    return out


def answer_json(response: attempt_models.Response, session_uuid: Any) -> dict[str, Any]:
    number = ielts.writing_task_number(response)
    out: dict[str, Any] = {"id": response.id, "session": str(session_uuid)}
    if number is not None:
        out["task_number"] = number
        out["text"] = response.answer or ""
        out["teacher_comment"] = response.feedback
    else:
        out["answers"] = response.answer
    out["created_at"] = local_time(response.created_at)
    out["updated_at"] = local_time(response.updated_at)
    return out


def answers_json(
    ctx: AppContext, view: ielts.MockSessionView, found: ielts.MockAnswers
) -> dict[str, Any]:
    key = view.session.uuid

    def short(response: attempt_models.Response | None) -> dict[str, Any] | None:
        if response is None:
            return None
        return {
            "id": response.id,
            "session": str(key),
            "answers": response.answer,
            "created_at": local_time(response.created_at),
        }

    return {
        "session": session_json(ctx, view, test="full", times=False),
        "reading_answer": short(found.reading),
        "listening_answer": short(found.listening),
        "writing_answers": [
            {
                "id": r.id,
                "session": str(key),
                "task_number": ielts.writing_task_number(r),
                "text": r.answer or "",
                "teacher_comment": r.feedback,
            }
            for r in found.writing
        ],
    }


# ---------------------------------------------------------------------------------------------
# request bodies


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError as exc:
        raise DomainError(f"JSON parse error - {exc}") from exc
    if not isinstance(body, dict):
        raise ValidationFailed.single(
            None, f"Invalid data. Expected a dictionary, but got {type(body).__name__}."
        )
    return body


def _nested_errors(exc: ValidationFailed) -> Response:
    """DRF renders a nested serializer's errors nested: {"reading": {"file": [...]}}."""
    out: dict[str, Any] = {}
    for err in exc.errors:
        head, _, rest = (err.field or "non_field_errors").partition(".")
        if rest:
            out.setdefault(head, {}).setdefault(rest, []).append(err.message)
        else:
            out.setdefault(head, []).append(err.message)
    return JSONResponse(out, status_code=400)


class _NotAFile(Exception):
    pass


def _decoded(value: Any, field: str) -> ielts.Upload | None:
    """A file in the JSON form: a data URL or plain base64."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _NotAFile(field)
    mime = None
    if value.startswith("data:") and "," in value:
        header, value = value.split(",", 1)
        mime = header[5:].split(";")[0] or None
    try:
        content = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _NotAFile(field) from exc
    default = ".mp3" if field.endswith("audio_file") else ".pdf"
    extension = (mimetypes.guess_extension(mime) if mime else None) or default
    return ielts.Upload(io.BytesIO(content), field.split(".")[-1] + extension)


async def _sections_from_request(
    request: Request,
) -> tuple[Any, dict[str, ielts.MockSectionInput], Any]:
    """The multipart form (`reading[file]`, `reading[duration]`, ...) or the nested JSON."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    sections: dict[str, ielts.MockSectionInput] = {}
    wrong: list[str] = []
    if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form()

        def get(part: str, name: str) -> Any:
            for key in (f"{part}[{name}]", f"{part}.{name}"):
                if key in form:
                    return form.get(key)
            return None

        for part in MockPart:
            name = part.value.lower()
            section = ielts.MockSectionInput(
                duration=get(name, "duration"), question_count=get(name, "question_count")
            )
            for file_field in ielts.PART_FILES[part]:
                value = get(name, file_field)
                if isinstance(value, UploadFile):
                    setattr(section, file_field, ielts.Upload(value.file, value.filename))
                elif value not in (None, ""):
                    wrong.append(f"{name}.{file_field}")
            key = get(name, "answer_key")
            if isinstance(key, str) and key.strip():
                try:
                    section.answer_key = orjson.loads(key)
                except orjson.JSONDecodeError:
                    section.answer_key = key
            sections[name] = section
        return form.get("title"), sections, (form, wrong)
    body = await _json_object(request)
    for part in MockPart:
        name = part.value.lower()
        given = body.get(name)
        if not isinstance(given, dict):
            continue
        section = ielts.MockSectionInput(
            duration=given.get("duration"),
            question_count=given.get("question_count"),
            answer_key=given.get("answer_key"),
        )
        for file_field in ielts.PART_FILES[part]:
            try:
                setattr(section, file_field, _decoded(given.get(file_field), file_field))
            except _NotAFile:
                wrong.append(f"{name}.{file_field}")
        sections[name] = section
    return body.get("title"), sections, (None, wrong)


# ---------------------------------------------------------------------------------------------
# §18.1 tests


async def list_tests(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    views = await ielts.mock_test_views(ctx, await ielts.all_mock_tests(ctx))
    return [test_json(ctx, v) for v in views]


async def create_test(request: Request) -> Response:
    ctx = await app_context(request)
    ielts.authorize_mock_test_create(ctx)  # before a large upload is read
    title, sections, (form, wrong) = await _sections_from_request(request)
    try:
        if wrong:
            raise ValidationFailed([FieldError(f, NOT_A_FILE) for f in wrong])
        test = await ielts.mock_test_create(ctx, title, sections)
    except ValidationFailed as exc:
        return _nested_errors(exc)
    finally:
        if form is not None:
            await form.close()
    view = (await ielts.mock_test_views(ctx, [test]))[0]
    return JSONResponse(test_json(ctx, view, with_creator=False), status_code=201)


async def get_test(request: Request, uuid: str) -> dict[str, Any]:
    ctx = await app_context(request)
    test = await ielts.get_mock_test(ctx, uuid)
    return test_json(ctx, (await ielts.mock_test_views(ctx, [test]))[0])


async def delete_test(request: Request, uuid: str) -> Response:
    ctx = await app_context(request)
    await ielts.mock_test_delete(ctx, uuid)
    return Response(status_code=204)


# ---------------------------------------------------------------------------------------------
# §18.2 sessions


async def _view(ctx: AppContext, session: attempt_models.Attempt) -> ielts.MockSessionView:
    return (await ielts.mock_session_views(ctx, [session]))[0]


async def start_session(request: Request) -> Response:
    ctx = await app_context(request)
    body = await _json_object(request)
    session = await ielts.mock_session_start(ctx, body.get("test"), body.get("code"))
    view = await _view(ctx, session)
    out = session_json(ctx, view, test="uuid")
    listening = view.test.sections.get(MockPart.LISTENING.value) if view.test else None
    out["listening"] = section_json(ctx, listening, times=False)
    return JSONResponse(out, status_code=201)


async def my_sessions(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    views = await ielts.mock_session_views(ctx, await ielts.my_mock_sessions(ctx))
    out = []
    for view in views:
        shaped = session_json(ctx, view, test="when_completed")
        score = view.score
        shaped["score"] = None
        if score is not None:
            creator = view.score_creator
            shaped["score"] = {
                "id": score.id,
                "listening": band(score.listening),
                "reading": band(score.reading),
                "writing": band(score.writing),
                "speaking": band(score.speaking),
                "score": band(score.overall),
                "created_by": {
                    "id": creator.id,
                    "first_name": creator.first_name,
                    "last_name": creator.last_name,
                }
                if creator
                else None,
            }
        out.append(shaped)
    return out


async def reading_part(request: Request, session_id: str) -> dict[str, Any] | None:
    ctx = await app_context(request)
    return section_json(ctx, await ielts.mock_session_part(ctx, session_id, MockPart.READING))


async def writing_part(request: Request, session_id: str) -> dict[str, Any] | None:
    ctx = await app_context(request)
    return section_json(ctx, await ielts.mock_session_part(ctx, session_id, MockPart.WRITING))


async def finish_session(request: Request, uuid: str) -> dict[str, Any]:
    ctx = await app_context(request)
    session = await ielts.mock_session_finish(ctx, uuid)
    return session_json(ctx, await _view(ctx, session), test="full")


async def session_answers(request: Request, session_id: str) -> dict[str, Any]:
    ctx = await app_context(request)
    found = await ielts.mock_session_answers(ctx, session_id)
    return answers_json(ctx, await _view(ctx, found.session), found)


async def all_answers(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    sessions = await ielts.completed_mock_sessions(ctx)
    found = await ielts.mock_answers_of(ctx, sessions)
    views = await ielts.mock_session_views(ctx, sessions)
    return [answers_json(ctx, v, f) for v, f in zip(views, found, strict=True)]


# ---------------------------------------------------------------------------------------------
# §18.3 answers


async def _answer(request: Request, part: MockPart) -> Response:
    ctx = await app_context(request)
    body = await _json_object(request)
    response = await ielts.mock_answer_create(
        ctx,
        body.get("session"),
        part,
        answers=body.get("answers"),
        task_number=body.get("task_number"),
        text=body.get("text"),
        answers_given="answers" in body,
    )
    return JSONResponse(answer_json(response, body.get("session")), status_code=201)


async def reading_answer(request: Request) -> Response:
    return await _answer(request, MockPart.READING)


async def writing_answer(request: Request) -> Response:
    return await _answer(request, MockPart.WRITING)


async def listening_answer(request: Request) -> Response:
    return await _answer(request, MockPart.LISTENING)


# ---------------------------------------------------------------------------------------------
# §18.4 scores


async def create_score(request: Request) -> Response:
    ctx = await app_context(request)
    body = await _json_object(request)
    score = await ielts.mock_score_create(ctx, body.get("session"), body)
    return JSONResponse(score_json(score, body.get("session")), status_code=201)


async def update_score(request: Request, id: str) -> dict[str, Any]:
    ctx = await app_context(request)
    if not id.isdigit():
        raise NotFound()
    body = await _json_object(request)
    score = await ielts.mock_score_update(ctx, int(id), body)
    uuids = await ielts.attempt_uuids(ctx, [score.attempt_id])
    return score_json(score, uuids.get(score.attempt_id))


async def my_scores(request: Request) -> list[dict[str, Any]]:
    ctx = await app_context(request)
    return [
        score_json(s.score, s.session_uuid, updated=False) for s in await ielts.my_mock_scores(ctx)
    ]


def register(router: APIRouter) -> None:
    # Fixed paths before the ones with a session id in them.
    route(router, "/api/v1/mock/tests/", ["GET"], summary="Mock tests")(list_tests)
    route(router, "/api/v1/mock/tests/create/", ["POST"], summary="Create a mock test")(create_test)
    route(router, "/api/v1/mock/tests/{uuid}/", ["GET"], summary="A mock test")(get_test)
    route(
        router,
        "/api/v1/mock/tests/{uuid}/",
        ["DELETE"],
        summary="Delete a mock test",
        status_code=204,
    )(delete_test)
    route(router, "/api/v1/mock/session/start/", ["POST"], summary="Start a session")(start_session)
    route(router, "/api/v1/mock/session/me/", ["GET"], summary="My sessions")(my_sessions)
    route(router, "/api/v1/mock/session/answers/", ["GET"], summary="Completed sessions' answers")(
        all_answers
    )
    route(router, "/api/v1/mock/session/reading/{session_id}/", ["GET"], summary="Reading part")(
        reading_part
    )
    route(router, "/api/v1/mock/session/writing/{session_id}/", ["GET"], summary="Writing part")(
        writing_part
    )
    route(router, "/api/v1/mock/session/{uuid}/finish/", ["POST"], summary="Finish a session")(
        finish_session
    )
    route(router, "/api/v1/mock/session/{session_id}/answers/", ["GET"], summary="Session answers")(
        session_answers
    )
    route(router, "/api/v1/mock/answers/reading/", ["POST"], summary="Reading answers")(
        reading_answer
    )
    route(router, "/api/v1/mock/answers/writing/", ["POST"], summary="A writing answer")(
        writing_answer
    )
    route(router, "/api/v1/mock/answers/listening/", ["POST"], summary="Listening answers")(
        listening_answer
    )
    route(router, "/api/v1/mock/score/create/", ["POST"], summary="Score a session")(create_score)
    route(router, "/api/v1/mock/score/{id}/update/", ["PATCH"], summary="Change a score")(
        update_score
    )
    route(router, "/api/v1/mock/score/me/", ["GET"], summary="My scores")(my_scores)
