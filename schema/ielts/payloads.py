"""The IELTS mutations' payloads and the steps they share (run, start, grade)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from resolvers import ielts as ielts_resolvers
from schema.common.errors import USER_ERRORS, mutate
from schema.common.node import database_id_of
from schema.context import Info
from schema.ielts.common import (
    T,
)
from schema.ielts.inputs import (
    IeltsUserError,
    PracticeSessionGradeInput,
    PracticeSessionStartInput,
    _errors,
    _id,
)
from schema.ielts.mock_types import (
    MockScore,
    MockSession,
    MockTest,
)
from schema.ielts.types import (
    Essay,
    IeltsTest,
    ListeningSession,
    ReadingSession,
    SpeakingSession,
)

# payloads


def _payload(name: str, field_name: str, field_type: Any, description: str) -> Any:
    """A `<Mutation>Payload { <object>, userErrors }` type."""
    namespace = {
        "__annotations__": {field_name: field_type | None, "user_errors": list[IeltsUserError]},
        field_name: strawberry.field(default=None, description=description),
        "user_errors": strawberry.field(default_factory=list, description=USER_ERRORS),
    }
    cls = type(name, (), namespace)
    return strawberry.type(cls, description=f"Result of {name[0].lower()}{name[1:-7]}.")


IeltsTestCreatePayload = _payload("IeltsTestCreatePayload", "test", IeltsTest, "The new test.")
ListeningSessionStartPayload = _payload(
    "ListeningSessionStartPayload", "session", ListeningSession, "The session."
)
ListeningSessionSubmitPayload = _payload(
    "ListeningSessionSubmitPayload", "session", ListeningSession, "The session, scored."
)
ListeningSessionGradePayload = _payload(
    "ListeningSessionGradePayload", "session", ListeningSession, "The session, regraded."
)
ReadingSessionStartPayload = _payload(
    "ReadingSessionStartPayload", "session", ReadingSession, "The session."
)
ReadingSessionSubmitPayload = _payload(
    "ReadingSessionSubmitPayload", "session", ReadingSession, "The session, scored."
)
ReadingSessionGradePayload = _payload(
    "ReadingSessionGradePayload", "session", ReadingSession, "The session, regraded."
)
EssayStartPayload = _payload("EssayStartPayload", "essay", Essay, "The essay.")
EssaySubmitPayload = _payload("EssaySubmitPayload", "essay", Essay, "The essay, handed in.")
EssayGradePayload = _payload("EssayGradePayload", "essay", Essay, "The essay, graded.")
SpeakingSessionStartPayload = _payload(
    "SpeakingSessionStartPayload", "session", SpeakingSession, "The session."
)
SpeakingSessionGradePayload = _payload(
    "SpeakingSessionGradePayload", "session", SpeakingSession, "The session, graded."
)
MockTestCreatePayload = _payload("MockTestCreatePayload", "test", MockTest, "The new test.")
MockSessionStartPayload = _payload(
    "MockSessionStartPayload", "session", MockSession, "The new session."
)
MockSessionFinishPayload = _payload(
    "MockSessionFinishPayload", "session", MockSession, "The session, ended."
)
MockAnswerCreatePayload = _payload(
    "MockAnswerCreatePayload", "session", MockSession, "The session answered in."
)
MockScoreCreatePayload = _payload("MockScoreCreatePayload", "score", MockScore, "The score.")
MockScoreUpdatePayload = _payload(
    "MockScoreUpdatePayload", "score", MockScore, "The score, as changed."
)


@strawberry.type(description="Result of mockTestDelete.")
class MockTestDeletePayload:
    deleted_mock_test_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the test deleted."
    )
    user_errors: list[IeltsUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


async def _run(
    payload: Any,
    field_name: str,
    operation: Callable[[], Awaitable[T]],
    convert: Callable[[T], Any] | None = None,
) -> Any:
    """`convert` turns the operation's row into the payload's object; module results need
    none (their rows are their objects)."""
    return await mutate(
        operation(),
        lambda row: payload(**{field_name: convert(row) if convert else row}),
        lambda e: payload(user_errors=_errors(e)),
    )


# ---------------------------------------------------------------------------------------------
# root fields


async def _start(info: Info, module: str, input: PracticeSessionStartInput, payload: Any) -> Any:
    async def run() -> Any:
        return await ielts_resolvers.practice_session_start(
            info.context,
            module,
            database_id_of(input.test_id, "IeltsTest", field="testId"),
            input.diagnostic,
            _id(input.student_id, "Student", field="studentId"),
        )

    return await _run(payload, "session", run)


async def _grade(
    info: Info,
    module: str,
    type_name: str,
    input: PracticeSessionGradeInput,
    payload: Any,
) -> Any:
    async def run() -> Any:
        return await ielts_resolvers.practice_session_grade(
            info.context,
            module,
            database_id_of(input.session_id, type_name, field="sessionId"),
            input.raw_score,
            input.band,
        )

    return await _run(payload, "session", run)
