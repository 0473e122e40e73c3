"""Exam mutations and their payloads."""

from __future__ import annotations

import strawberry

from models import attempts as attempt_models
from models import items as item_models
from resolvers import exams as exam_resolvers
from schema.common.descriptions import described as _desc
from schema.common.errors import USER_ERRORS, mutate
from schema.common.node import database_id_of
from schema.context import Info
from schema.exams.inputs import (
    ExamCreateInput,
    ExamIdInput,
    ExamResultDeleteInput,
    ExamResultUpdateInput,
    ExamSubmitInput,
    ExamUpdateInput,
    ExamUserError,
    answers_data,
    exam_data,
    result_data,
    user_errors,
)
from schema.exams.types import Exam, ExamResult


@strawberry.type(description="Result of examCreate.")
class ExamCreatePayload:
    exam: Exam | None = strawberry.field(default=None, description="The new exam.")
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examUpdate.")
class ExamUpdatePayload:
    exam: Exam | None = strawberry.field(default=None, description="The exam, as changed.")
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examDelete.")
class ExamDeletePayload:
    deleted_exam_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the exam deleted (its results went with it)."
    )
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examPublish.")
class ExamPublishPayload:
    exam: Exam | None = strawberry.field(default=None, description="The exam, now published.")
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examUnpublish.")
class ExamUnpublishPayload:
    exam: Exam | None = strawberry.field(default=None, description="The exam, now unpublished.")
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examCopy.")
class ExamCopyPayload:
    exam: Exam | None = strawberry.field(
        default=None, description="The copy: a new code, unpublished, the same questions."
    )
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examSubmit.")
class ExamSubmitPayload:
    exam_result: ExamResult | None = strawberry.field(
        default=None, description="The graded result."
    )
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examResultUpdate.")
class ExamResultUpdatePayload:
    exam_result: ExamResult | None = strawberry.field(
        default=None, description="The result, as changed."
    )
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


@strawberry.type(description="Result of examResultDelete.")
class ExamResultDeletePayload:
    deleted_exam_result_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the result deleted."
    )
    user_errors: list[ExamUserError] = strawberry.field(
        default_factory=list, description=USER_ERRORS
    )


def _exam_id(global_id: str) -> int:
    return database_id_of(global_id, "Exam")


@strawberry.type
class ExamsMutation:
    @strawberry.mutation(description=_desc("Create an exam with its questions.", "exam.create"))
    async def exam_create(self, info: Info, input: ExamCreateInput) -> ExamCreatePayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_create(info.context, exam_data(input))

        return await mutate(
            run(),
            lambda row: ExamCreatePayload(exam=Exam.from_row(row)),
            lambda e: ExamCreatePayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Change an exam; given questions replace the old ones as a whole.", "exam.update"
        )
    )
    async def exam_update(self, info: Info, input: ExamUpdateInput) -> ExamUpdatePayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_update(
                info.context, _exam_id(input.id), exam_data(input), partial=True
            )

        return await mutate(
            run(),
            lambda row: ExamUpdatePayload(exam=Exam.from_row(row)),
            lambda e: ExamUpdatePayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(
        description=_desc("Delete an exam with its questions and results.", "exam.delete")
    )
    async def exam_delete(self, info: Info, input: ExamIdInput) -> ExamDeletePayload:
        async def run() -> int:
            return await exam_resolvers.exam_delete(info.context, _exam_id(input.id))

        return await mutate(
            run(),
            lambda _: ExamDeletePayload(deleted_exam_id=input.id),
            lambda e: ExamDeletePayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(description=_desc("Publish an exam to students.", "exam.publish"))
    async def exam_publish(self, info: Info, input: ExamIdInput) -> ExamPublishPayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_set_published(info.context, _exam_id(input.id), True)

        return await mutate(
            run(),
            lambda row: ExamPublishPayload(exam=Exam.from_row(row)),
            lambda e: ExamPublishPayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(description=_desc("Take an exam back from students.", "exam.publish"))
    async def exam_unpublish(self, info: Info, input: ExamIdInput) -> ExamUnpublishPayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_set_published(info.context, _exam_id(input.id), False)

        return await mutate(
            run(),
            lambda row: ExamUnpublishPayload(exam=Exam.from_row(row)),
            lambda e: ExamUnpublishPayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            'Copy an exam: "<title> (Nusxa)", a new code, unpublished, the same questions.',
            "exam.copy",
        )
    )
    async def exam_copy(self, info: Info, input: ExamIdInput) -> ExamCopyPayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_copy(info.context, _exam_id(input.id))

        return await mutate(
            run(),
            lambda row: ExamCopyPayload(exam=Exam.from_row(row)),
            lambda e: ExamCopyPayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Hand in answers to a published, active exam, once: test questions are graded "
            "at once, written ones wait for a teacher.",
            "exam.submit",
        )
    )
    async def exam_submit(self, info: Info, input: ExamSubmitInput) -> ExamSubmitPayload:
        async def run() -> attempt_models.Attempt:
            return await exam_resolvers.exam_submit(
                info.context,
                database_id_of(input.exam_id, "Exam", field="exam_id"),
                answers_data(input.answers),
            )

        return await mutate(
            run(),
            lambda row: ExamSubmitPayload(exam_result=ExamResult.from_row(row)),
            lambda e: ExamSubmitPayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Mark a result checked (checkedBy is the caller) and grade written answers.",
            "examresult.update",
        )
    )
    async def exam_result_update(
        self, info: Info, input: ExamResultUpdateInput
    ) -> ExamResultUpdatePayload:
        async def run() -> attempt_models.Attempt:
            return await exam_resolvers.exam_result_update(
                info.context, database_id_of(input.id, "ExamResult"), result_data(input)
            )

        return await mutate(
            run(),
            lambda row: ExamResultUpdatePayload(exam_result=ExamResult.from_row(row)),
            lambda e: ExamResultUpdatePayload(user_errors=user_errors(e)),
        )

    @strawberry.mutation(description=_desc("Delete an exam result.", "examresult.delete"))
    async def exam_result_delete(
        self, info: Info, input: ExamResultDeleteInput
    ) -> ExamResultDeletePayload:
        async def run() -> int:
            return await exam_resolvers.exam_result_delete(
                info.context, database_id_of(input.id, "ExamResult")
            )

        return await mutate(
            run(),
            lambda _: ExamResultDeletePayload(deleted_exam_result_id=input.id),
            lambda e: ExamResultDeletePayload(user_errors=user_errors(e)),
        )
