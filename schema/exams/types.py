"""Exam, ExamQuestion, ExamOption, ExamResult, ExamAnswer: the exam domain's Node types."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import attempts as attempt_models
from models import items as item_models
from resolvers import exams as exam_resolvers
from resolvers import people as people_resolvers
from resolvers.pagination import PageArgs
from schema.common.node import Node, register_node
from schema.common.pagination import (
    AFTER,
    BEFORE,
    FIRST,
    LAST,
    Connection,
    page_args,
)
from schema.context import Info
from schema.groups import Subject

if TYPE_CHECKING:
    from schema.people import Staff, Student


@strawberry.enum(description="The kind of an exam question.")
class ExamQuestionType(enum.Enum):
    TEST = exam_resolvers.TEST
    WRITTEN = exam_resolvers.WRITTEN


@strawberry.type(description="A choice of a test question.")
class ExamOption(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    text: str = strawberry.field(description="The choice's text.")
    order: int = strawberry.field(description="Position among the question's choices.")
    is_correct: bool | None = strawberry.field(
        description="Whether this is the right choice; null for students, who never see it."
    )

    @classmethod
    def from_view(cls, view: exam_resolvers.OptionView) -> ExamOption:
        return cls(
            database_id=view.id, text=view.text, order=view.order, is_correct=view.is_correct
        )


@strawberry.type(description="A question of an exam: a test with choices, or a written one.")
class ExamQuestion(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    text: str = strawberry.field(description="The question.")
    type: ExamQuestionType = strawberry.field(description="Test (choices) or written.")
    order: int = strawberry.field(description="Position in the exam.")
    options: list[ExamOption] = strawberry.field(
        description="The choices of a test question, in order; empty for a written one."
    )
    written_answer_sample: str | None = strawberry.field(
        description="A model answer to a written question; null for students."
    )
    exam_id: strawberry.Private[int]

    @classmethod
    def from_view(cls, view: exam_resolvers.QuestionView) -> ExamQuestion:
        return cls(
            database_id=view.id,
            text=view.text,
            type=ExamQuestionType(view.type),
            order=view.order,
            options=[ExamOption.from_view(o) for o in view.options],
            written_answer_sample=view.written_answer_sample,
            exam_id=view.exam_id,
        )

    @strawberry.field(description="The exam the question belongs to.")
    async def exam(self, info: Info) -> Exam | None:
        row = await exam_resolvers.get_exam(info.context, self.exam_id)
        return Exam.from_row(row) if row else None


@strawberry.type(description="An exam: questions students enter with a 6-character code.")
class Exam(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    title: str = strawberry.field(description="The exam's name.")
    code: str | None = strawberry.field(
        description="The 6-character entry code (uppercase letters and digits), unique."
    )
    description: str = strawberry.field(description="Free-text description.")
    time_limit: int = strawberry.field(description="Time allowed, in minutes (0: no limit).")
    is_published: bool = strawberry.field(description="Students may enter and submit it.")
    is_active: bool = strawberry.field(description="Inactive exams take no submissions.")
    date: date | None = strawberry.field(description="The day the exam is for.")
    created_at: datetime = strawberry.field(description="When the exam was created.")
    updated_at: datetime = strawberry.field(description="When the exam last changed.")
    subject_id: strawberry.Private[int | None]
    created_by_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: item_models.QuestionBank) -> Exam:
        return cls(
            database_id=row.id,
            title=row.title,
            code=row.code,
            description=row.description,
            time_limit=row.time_limit_minutes,
            is_published=row.is_published,
            is_active=row.is_active,
            date=row.date,
            created_at=row.created_at,
            updated_at=row.updated_at,
            subject_id=row.subject_id,
            created_by_id=row.created_by_id,
        )

    @strawberry.field(description="The subject the exam tests.")
    async def subject(self, info: Info) -> Subject | None:
        row = await exam_resolvers.get_subject(info.context, self.subject_id)
        return Subject.from_row(row) if row else None

    @strawberry.field(description="Who created the exam (visible to staff).")
    async def created_by(
        self, info: Info
    ) -> Annotated[Staff, strawberry.lazy("schema.people")] | None:
        from schema.people import Staff, user_from_row

        if self.created_by_id is None:
            return None
        row = await people_resolvers.get_user(info.context, self.created_by_id)
        converted = user_from_row(row) if row else None
        return converted if isinstance(converted, Staff) else None

    @strawberry.field(description="How many questions the exam has.")
    async def questions_count(self, info: Info) -> int:
        return await exam_resolvers.question_count(info.context, self.database_id)

    @strawberry.field(description="How many students have handed the exam in.")
    async def participants_count(self, info: Info) -> int:
        return await exam_resolvers.participant_count(info.context, self.database_id)

    @strawberry.field(description="The questions, in order (answers hidden from students).")
    async def questions(self, info: Info) -> list[ExamQuestion]:
        views = await exam_resolvers.get_questions(info.context, self.database_id)
        return [ExamQuestion.from_view(v) for v in views]

    @strawberry.field(description="Results handed in, oldest first; a student sees only their own.")
    async def results(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[ExamResult]:
        page = await exam_resolvers.results_of_exam(
            info.context, self.database_id, page_args(first, after, last, before)
        )
        return Connection[ExamResult].from_page(page, ExamResult.from_row)


@strawberry.type(description="One answer in an exam result.")
class ExamAnswer(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    question_text: str = strawberry.field(description="The question, as it was when answered.")
    option_text: str | None = strawberry.field(description="The choice picked, if any.")
    written_answer: str | None = strawberry.field(description="The written answer, if any.")
    is_correct: bool | None = strawberry.field(
        description="Right or wrong; null while a written answer waits for a teacher."
    )
    question_id: strawberry.Private[int | None]
    option_id: strawberry.Private[int | None]

    @classmethod
    def from_view(cls, view: exam_resolvers.AnswerView) -> ExamAnswer:
        return cls(
            database_id=view.id,
            question_text=view.question_text,
            option_text=view.option_text,
            written_answer=view.written_answer,
            is_correct=view.is_correct,
            question_id=view.question_id,
            option_id=view.option_id,
        )

    @strawberry.field(description="The question answered; null once it has been replaced.")
    async def question(self, info: Info) -> ExamQuestion | None:
        if self.question_id is None:
            return None
        view = await exam_resolvers.get_question(info.context, self.question_id)
        return ExamQuestion.from_view(view) if view else None

    @strawberry.field(description="The choice picked; null for written answers.")
    async def option(self, info: Info) -> ExamOption | None:
        if self.option_id is None:
            return None
        view = await exam_resolvers.get_option(info.context, self.option_id)
        return ExamOption.from_view(view) if view else None


@strawberry.type(description="A student's handed-in exam: score, answers and checking state.")
class ExamResult(Node):
    database_id: int = strawberry.field(description="The integer ID used by the REST APIs.")
    score: Decimal = strawberry.field(
        description="Correct answers over all questions, in percent (16 of 20: 80.00)."
    )
    correct_answers: int = strawberry.field(description="How many answers are correct.")
    total_questions: int = strawberry.field(description="How many questions the exam had.")
    is_checked: bool = strawberry.field(description="A member of staff has checked it.")
    checked_at: datetime | None = strawberry.field(description="When it was marked checked.")
    created_at: datetime = strawberry.field(description="When it was handed in.")
    exam_id: strawberry.Private[int | None]
    student_id: strawberry.Private[int]
    checked_by_id: strawberry.Private[int | None]
    row: strawberry.Private[attempt_models.Attempt]

    @classmethod
    def from_row(cls, row: attempt_models.Attempt) -> ExamResult:
        return cls(
            database_id=row.id,
            score=row.score if row.score is not None else Decimal("0.00"),
            correct_answers=int(row.raw_score or 0),
            total_questions=int(row.max_score or 0),
            is_checked=row.is_checked,
            checked_at=row.checked_at,
            created_at=row.created_at,
            exam_id=row.bank_id,
            student_id=row.user_id,
            checked_by_id=row.checked_by_id,
            row=row,
        )

    @strawberry.field(description="The exam; null when the caller may no longer see it.")
    async def exam(self, info: Info) -> Exam | None:
        row = await exam_resolvers.get_exam(info.context, self.exam_id)
        return Exam.from_row(row) if row else None

    @strawberry.field(description="The exam's title (shown to the student even when unpublished).")
    async def exam_title(self, info: Info) -> str | None:
        return await exam_resolvers.exam_title_of(info.context, self.row)

    @strawberry.field(description="The student who handed it in.")
    async def student(
        self, info: Info
    ) -> Annotated[Student, strawberry.lazy("schema.people")] | None:
        from schema.people import Student, user_from_row

        row = await people_resolvers.get_user(info.context, self.student_id)
        converted = user_from_row(row) if row else None
        return converted if isinstance(converted, Student) else None

    @strawberry.field(description="The member of staff who marked it checked.")
    async def checked_by(
        self, info: Info
    ) -> Annotated[Staff, strawberry.lazy("schema.people")] | None:
        from schema.people import Staff, user_from_row

        if self.checked_by_id is None:
            return None
        row = await people_resolvers.get_user(info.context, self.checked_by_id)
        converted = user_from_row(row) if row else None
        return converted if isinstance(converted, Staff) else None

    @strawberry.field(description="The answers handed in.")
    async def answers(self, info: Info) -> list[ExamAnswer]:
        views = await exam_resolvers.get_answers(info.context, self.database_id)
        return [ExamAnswer.from_view(v) for v in views]


async def student_exam_results(
    info: Info, student_id: int, page: PageArgs
) -> Connection[ExamResult]:
    """For Student.examResults."""
    result_page = await exam_resolvers.results_of_student(info.context, student_id, page)
    return Connection[ExamResult].from_page(result_page, ExamResult.from_row)


async def _load_exams(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await exam_resolvers.get_exams(info.context, ids)
    return [Exam.from_row(r) if r else None for r in rows]


async def _load_questions(info: Info, ids: Sequence[int]) -> list[Any]:
    views = await asyncio.gather(*(exam_resolvers.get_question(info.context, i) for i in ids))
    return [ExamQuestion.from_view(v) if v else None for v in views]


async def _load_options(info: Info, ids: Sequence[int]) -> list[Any]:
    views = await asyncio.gather(*(exam_resolvers.get_option(info.context, i) for i in ids))
    return [ExamOption.from_view(v) if v else None for v in views]


async def _load_results(info: Info, ids: Sequence[int]) -> list[Any]:
    rows = await exam_resolvers.get_exam_results(info.context, ids)
    return [ExamResult.from_row(r) if r else None for r in rows]


async def _load_answers(info: Info, ids: Sequence[int]) -> list[Any]:
    views = await asyncio.gather(*(exam_resolvers.get_answer(info.context, i) for i in ids))
    return [ExamAnswer.from_view(v) if v else None for v in views]


register_node("Exam", _load_exams)
register_node("ExamQuestion", _load_questions)
register_node("ExamOption", _load_options)
register_node("ExamResult", _load_results)
register_node("ExamAnswer", _load_answers)
