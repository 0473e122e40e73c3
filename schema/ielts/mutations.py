"""The IELTS root mutations: practice tests and sessions, essays, speaking, mock tests,
sessions, answers and scores."""

from __future__ import annotations

from typing import Any

import strawberry

from models import ielts as ielts_models
from resolvers import ielts as ielts_resolvers
from schema.common.descriptions import described as _desc
from schema.common.errors import mutate
from schema.common.node import database_id_of
from schema.context import Info
from schema.ielts.common import (
    AttemptKind,
)
from schema.ielts.inputs import (
    EssayGradeInput,
    EssayStartInput,
    EssaySubmitInput,
    IeltsTestCreateInput,
    ListeningSessionSubmitInput,
    MockAnswerCreateInput,
    MockScoreCreateInput,
    MockScoreUpdateInput,
    MockSessionFinishInput,
    MockSessionStartInput,
    MockTestCreateInput,
    MockTestDeleteInput,
    PracticeSessionGradeInput,
    PracticeSessionStartInput,
    ReadingSessionSubmitInput,
    SpeakingSessionGradeInput,
    SpeakingSessionStartInput,
    _errors,
    _id,
    _upload,
)
from schema.ielts.mock_types import (
    MockScore,
    MockSession,
    MockTest,
)
from schema.ielts.payloads import (
    EssayGradePayload,
    EssayStartPayload,
    EssaySubmitPayload,
    IeltsTestCreatePayload,
    ListeningSessionGradePayload,
    ListeningSessionStartPayload,
    ListeningSessionSubmitPayload,
    MockAnswerCreatePayload,
    MockScoreCreatePayload,
    MockScoreUpdatePayload,
    MockSessionFinishPayload,
    MockSessionStartPayload,
    MockTestCreatePayload,
    MockTestDeletePayload,
    ReadingSessionGradePayload,
    ReadingSessionStartPayload,
    ReadingSessionSubmitPayload,
    SpeakingSessionGradePayload,
    SpeakingSessionStartPayload,
    _grade,
    _run,
    _start,
)
from schema.ielts.types import (
    Essay,
    IeltsTest,
    ListeningSession,
    ReadingSession,
    SpeakingSession,
)


@strawberry.type
class IeltsMutation:
    @strawberry.mutation(description=_desc("Create a practice test.", "ielts.test.create"))
    async def ielts_test_create(
        self, info: Info, input: IeltsTestCreateInput
    ) -> IeltsTestCreatePayload:  # type: ignore[valid-type]
        return await _run(
            IeltsTestCreatePayload,
            "test",
            lambda: ielts_resolvers.ielts_test_create(
                info.context,
                input.module.value,
                input.title,
                input.answer_key,
                input.variant.value if input.variant else None,
                input.conversion_table,
            ),
            IeltsTest.from_row,
        )

    @strawberry.mutation(description=_desc("Start a listening session.", "ielts.session.take"))
    async def listening_session_start(
        self, info: Info, input: PracticeSessionStartInput
    ) -> ListeningSessionStartPayload:  # type: ignore[valid-type]
        return await _start(info, AttemptKind.LISTENING, input, ListeningSessionStartPayload)

    @strawberry.mutation(description=_desc("Start a reading session.", "ielts.session.take"))
    async def reading_session_start(
        self, info: Info, input: PracticeSessionStartInput
    ) -> ReadingSessionStartPayload:  # type: ignore[valid-type]
        return await _start(info, AttemptKind.READING, input, ReadingSessionStartPayload)

    @strawberry.mutation(
        description=_desc(
            "Hand in one's listening session, once: the raw score and band are computed.",
            "ielts.session.take",
        )
    )
    async def listening_session_submit(
        self, info: Info, input: ListeningSessionSubmitInput
    ) -> ListeningSessionSubmitPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.listening_session_submit(
                info.context,
                database_id_of(input.session_id, "ListeningSession", field="sessionId"),
                [
                    {"question_id": a.question_id, "answer": a.answer, "flagged": a.flagged}
                    for a in input.answers
                ],
            )

        return await _run(ListeningSessionSubmitPayload, "session", run)

    @strawberry.mutation(
        description=_desc(
            "Hand in one's reading session, once: the raw score and band are computed.",
            "ielts.session.take",
        )
    )
    async def reading_session_submit(
        self, info: Info, input: ReadingSessionSubmitInput
    ) -> ReadingSessionSubmitPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.reading_session_submit(
                info.context,
                database_id_of(input.session_id, "ReadingSession", field="sessionId"),
                input.answers,
            )

        return await _run(ReadingSessionSubmitPayload, "session", run)

    @strawberry.mutation(
        description=_desc("Correct a listening session's score.", "ielts.session.grade")
    )
    async def listening_session_grade(
        self, info: Info, input: PracticeSessionGradeInput
    ) -> ListeningSessionGradePayload:  # type: ignore[valid-type]
        return await _grade(
            info, AttemptKind.LISTENING, "ListeningSession", input, ListeningSessionGradePayload
        )

    @strawberry.mutation(
        description=_desc("Correct a reading session's score.", "ielts.session.grade")
    )
    async def reading_session_grade(
        self, info: Info, input: PracticeSessionGradeInput
    ) -> ReadingSessionGradePayload:  # type: ignore[valid-type]
        return await _grade(
            info, AttemptKind.READING, "ReadingSession", input, ReadingSessionGradePayload
        )

    @strawberry.mutation(description=_desc("Start an essay.", "ielts.session.take"))
    async def essay_start(self, info: Info, input: EssayStartInput) -> EssayStartPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.essay_start(
                info.context,
                input.task_type.value,
                input.diagnostic,
                _id(input.student_id, "Student", field="studentId"),
                input.prompt,
            )

        return await _run(EssayStartPayload, "essay", run)

    @strawberry.mutation(description=_desc("Hand in one's essay, once.", "ielts.session.take"))
    async def essay_submit(self, info: Info, input: EssaySubmitInput) -> EssaySubmitPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.essay_submit(
                info.context, database_id_of(input.essay_id, "Essay", field="essayId"), input.text
            )

        return await _run(EssaySubmitPayload, "essay", run)

    @strawberry.mutation(
        description=_desc("Give (or replace) feedback on an essay.", "ielts.session.grade")
    )
    async def essay_grade(self, info: Info, input: EssayGradeInput) -> EssayGradePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            criteria = vars(input.criteria) if input.criteria else None
            return await ielts_resolvers.essay_grade(
                info.context,
                database_id_of(input.essay_id, "Essay", field="essayId"),
                input.overall_score,
                criteria,
                input.comment,
                input.published,
            )

        return await _run(EssayGradePayload, "essay", run)

    @strawberry.mutation(description=_desc("Start a speaking session.", "ielts.session.take"))
    async def speaking_session_start(
        self, info: Info, input: SpeakingSessionStartInput
    ) -> SpeakingSessionStartPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.speaking_session_start(
                info.context,
                input.diagnostic,
                _id(input.student_id, "Student", field="studentId"),
                input.conducted_at,
            )

        return await _run(SpeakingSessionStartPayload, "session", run)

    @strawberry.mutation(
        description=_desc("Grade a speaking session (it is then completed).", "ielts.session.grade")
    )
    async def speaking_session_grade(
        self, info: Info, input: SpeakingSessionGradeInput
    ) -> SpeakingSessionGradePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.speaking_session_grade(
                info.context,
                database_id_of(input.session_id, "SpeakingSession", field="sessionId"),
                input.band,
                input.comment,
            )

        return await _run(SpeakingSessionGradePayload, "session", run)

    @strawberry.mutation(
        description=_desc("Create a mock test with its three parts.", "mock.test.create")
    )
    async def mock_test_create(
        self, info: Info, input: MockTestCreateInput
    ) -> MockTestCreatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            sections = {
                name: ielts_resolvers.MockSectionInput(
                    file=_upload(part.file, f"{name}.file"),
                    duration=part.duration,
                    question_count=part.question_count,
                    answer_key=part.answer_key,
                )
                for name, part in (("reading", input.reading), ("writing", input.writing))
            }
            sections["listening"] = ielts_resolvers.MockSectionInput(
                audio_file=_upload(input.listening.audio_file, "listening.audio_file"),
                question_file=_upload(input.listening.question_file, "listening.question_file"),
                duration=input.listening.duration,
                question_count=input.listening.question_count,
                answer_key=input.listening.answer_key,
            )
            return await ielts_resolvers.mock_test_create(info.context, input.title, sections)

        return await _run(MockTestCreatePayload, "test", run, lambda r: MockTest.from_row(info, r))

    @strawberry.mutation(description=_desc("Delete a mock test.", "mock.test.delete"))
    async def mock_test_delete(
        self, info: Info, input: MockTestDeleteInput
    ) -> MockTestDeletePayload:
        async def run() -> Any:
            return await ielts_resolvers.mock_test_delete(
                info.context, database_id_of(input.id, "MockTest")
            )

        return await mutate(
            run(),
            lambda _: MockTestDeletePayload(deleted_mock_test_id=input.id),
            lambda e: MockTestDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Start a timed mock session (one active session per test).", "mock.session.start"
        )
    )
    async def mock_session_start(
        self, info: Info, input: MockSessionStartInput
    ) -> MockSessionStartPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.mock_session_start(
                info.context, database_id_of(input.test_id, "MockTest", field="testId"), input.code
            )

        return await _run(
            MockSessionStartPayload, "session", run, lambda r: MockSession.from_row(info, r)
        )

    @strawberry.mutation(
        description=_desc("End one's own session before time is up.", "mock.session.take")
    )
    async def mock_session_finish(
        self, info: Info, input: MockSessionFinishInput
    ) -> MockSessionFinishPayload:  # type: ignore[valid-type]
        async def run() -> Any:
            return await ielts_resolvers.mock_session_finish(
                info.context, database_id_of(input.id, "MockSession")
            )

        return await _run(
            MockSessionFinishPayload, "session", run, lambda r: MockSession.from_row(info, r)
        )

    @strawberry.mutation(
        description=_desc(
            "Answer a part of one's running session: reading and listening once, writing once "
            "per task.",
            "mock.session.take",
        )
    )
    async def mock_answer_create(
        self, info: Info, input: MockAnswerCreateInput
    ) -> MockAnswerCreatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            session_id = database_id_of(input.session_id, "MockSession", field="sessionId")
            await ielts_resolvers.mock_answer_create(
                info.context,
                session_id,
                ielts_models.MockPart(input.part.value),
                answers=input.answers,
                task_number=input.task_number,
                text=input.text,
            )
            return await ielts_resolvers.get_mock_session(info.context, session_id)

        return await _run(
            MockAnswerCreatePayload, "session", run, lambda r: MockSession.from_row(info, r)
        )

    @strawberry.mutation(
        description=_desc(
            "Score a completed session; the overall band follows the IELTS rule.",
            "mock.score.write",
        )
    )
    async def mock_score_create(
        self, info: Info, input: MockScoreCreateInput
    ) -> MockScoreCreatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            data = {n: getattr(input, n) for n in ielts_resolvers.SCORE_FIELDS}
            return await ielts_resolvers.mock_score_create(
                info.context,
                database_id_of(input.session_id, "MockSession", field="sessionId"),
                data,
            )

        return await _run(MockScoreCreatePayload, "score", run, MockScore.from_row)

    @strawberry.mutation(description=_desc("Change some bands of a score.", "mock.score.write"))
    async def mock_score_update(
        self, info: Info, input: MockScoreUpdateInput
    ) -> MockScoreUpdatePayload:  # type: ignore[valid-type]
        async def run() -> Any:
            data = {
                n: getattr(input, n)
                for n in ielts_resolvers.SCORE_FIELDS
                if getattr(input, n) is not strawberry.UNSET
            }
            return await ielts_resolvers.mock_score_update(
                info.context, database_id_of(input.id, "MockScore"), data
            )

        return await _run(MockScoreUpdatePayload, "score", run, MockScore.from_row)


TYPES: list[Any] = [
    IeltsTest,
    ListeningSession,
    ReadingSession,
    Essay,
    SpeakingSession,
    MockTest,
    MockSession,
    MockScore,
]
