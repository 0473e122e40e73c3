"""Exams and exam results: types, inputs, payloads, queries and mutations (seed 001 §13-§14)."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from auth.permissions import rule
from models import attempts as attempt_models
from models import items as item_models
from resolvers import exams as exam_resolvers
from resolvers import people as people_resolvers
from resolvers.errors import DomainError
from resolvers.pagination import PageArgs
from schema.common.errors import USER_ERRORS, mutate, to_user_errors
from schema.common.node import Node, database_id_of, register_node
from schema.common.pagination import (
    AFTER,
    BEFORE,
    FIRST,
    LAST,
    Connection,
    OrderDirection,
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


# ---------------------------------------------------------------------------------------------
# filters, ordering, inputs and errors


@strawberry.enum(description="Fields exams can be sorted by.")
class ExamOrderField(enum.Enum):
    CREATED_AT = "created_at"
    DATE = "date"
    TITLE = "title"


@strawberry.input(description="How to sort exams (newest first when not given).")
class ExamOrder:
    field: ExamOrderField = strawberry.field(description="The field to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.input(description="Which exams to list.")
class ExamFilter:
    subject_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only exams of this subject (a Subject ID)."
    )
    is_published: bool | None = strawberry.field(
        default=None, description="Only published (or only unpublished) exams."
    )
    is_active: bool | None = strawberry.field(
        default=None, description="Only active (or only inactive) exams."
    )
    search: str | None = strawberry.field(default=None, description="Part of the title (any case).")

    def to_domain(self) -> exam_resolvers.ExamFilter:
        return exam_resolvers.ExamFilter(
            subject_id=database_id_of(self.subject_id, "Subject", field="subjectId")
            if self.subject_id
            else None,
            is_published=self.is_published,
            is_active=self.is_active,
            search=self.search,
        )


@strawberry.input(description="Which exam results to list.")
class ExamResultFilter:
    exam_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only results of this exam (an Exam ID)."
    )
    student_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only results of this student (a Student ID)."
    )
    is_checked: bool | None = strawberry.field(
        default=None, description="Only checked (or only unchecked) results."
    )

    def to_domain(self) -> exam_resolvers.ExamResultFilter:
        return exam_resolvers.ExamResultFilter(
            exam_id=database_id_of(self.exam_id, "Exam", field="examId") if self.exam_id else None,
            student_id=database_id_of(self.student_id, "Student", field="studentId")
            if self.student_id
            else None,
            is_checked=self.is_checked,
        )


@strawberry.enum(description="What went wrong with an exam mutation.")
class ExamErrorCode(enum.Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    MIN_VALUE = "MIN_VALUE"
    INVALID_ID = "INVALID_ID"
    DOES_NOT_EXIST = "DOES_NOT_EXIST"
    NOT_FOUND = "NOT_FOUND"
    NOT_ALLOWED = "NOT_ALLOWED"
    TOO_FEW_OPTIONS = "TOO_FEW_OPTIONS"
    CORRECT_OPTION_COUNT = "CORRECT_OPTION_COUNT"
    CODE_EXHAUSTED = "CODE_EXHAUSTED"
    NOT_PUBLISHED = "NOT_PUBLISHED"
    NOT_ACTIVE = "NOT_ACTIVE"
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"
    QUESTION_NOT_IN_EXAM = "QUESTION_NOT_IN_EXAM"
    OPTION_NOT_IN_QUESTION = "OPTION_NOT_IN_QUESTION"
    DUPLICATE_ANSWER = "DUPLICATE_ANSWER"
    WRONG_ANSWER_KIND = "WRONG_ANSWER_KIND"
    ANSWER_NOT_IN_RESULT = "ANSWER_NOT_IN_RESULT"
    NOT_WRITTEN = "NOT_WRITTEN"


@strawberry.type(description="A problem with the input of an exam mutation.")
class ExamUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: ExamErrorCode = strawberry.field(description="What is wrong, for a program.")


ALIASES = {"subject": "subjectId"}


def _errors(exc: DomainError) -> list[ExamUserError]:
    return to_user_errors(exc, ExamUserError, ExamErrorCode, ALIASES)


@strawberry.input(description="A choice of a test question.")
class ExamOptionInput:
    text: str = strawberry.field(description="The choice's text.")
    is_correct: bool = strawberry.field(description="Whether this is the right choice.")
    order: int | None = strawberry.field(
        default=None, description="Position (default: its place in the list)."
    )


@strawberry.input(description="A question; test questions take options, written ones a sample.")
class ExamQuestionInput:
    text: str = strawberry.field(description="The question.")
    type: ExamQuestionType = strawberry.field(description="Test or written.")
    order: int | None = strawberry.field(
        default=None, description="Position (default: its place in the list)."
    )
    options: list[ExamOptionInput] | None = strawberry.field(
        default=None, description="Test questions only: at least 2 choices, exactly 1 correct."
    )
    written_answer_sample: str | None = strawberry.field(
        default=None, description="Written questions only: a model answer for staff."
    )


@strawberry.input(description="A new exam; its code is generated.")
class ExamCreateInput:
    subject_id: strawberry.ID = strawberry.field(description="The Subject ID.")
    title: str = strawberry.field(description="The exam's name (at most 255 characters).")
    description: str | None = strawberry.field(default=None, description="Free text.")
    time_limit: int | None = strawberry.field(
        default=None, description="Minutes allowed (default 0: no limit)."
    )
    is_published: bool | None = strawberry.field(
        default=None, description="Publish at once (default false)."
    )
    is_active: bool | None = strawberry.field(default=None, description="Default true.")
    date: date | None = strawberry.field(
        default=None, description="The day of the exam (default: today in Asia/Tashkent)."
    )
    questions: list[ExamQuestionInput] | None = strawberry.field(
        default=None, description="The questions."
    )


@strawberry.input(description="Changes to an exam; fields left out stay as they are.")
class ExamUpdateInput:
    id: strawberry.ID = strawberry.field(description="The Exam ID.")
    subject_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New subject (a Subject ID)."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description."
    )
    time_limit: int | None = strawberry.field(
        default=strawberry.UNSET, description="New time limit in minutes."
    )
    is_published: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Publish or unpublish."
    )
    is_active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Open or close the exam to submissions."
    )
    date: date | None = strawberry.field(default=strawberry.UNSET, description="New day.")
    questions: list[ExamQuestionInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description="When given, these replace all the exam's questions.",
    )


@strawberry.input(description="The exam to act on.")
class ExamIdInput:
    id: strawberry.ID = strawberry.field(description="The Exam ID.")


@strawberry.input(description="One answer of a submission.")
class ExamAnswerInput:
    question_id: strawberry.ID = strawberry.field(description="The ExamQuestion ID.")
    option_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ExamOption chosen (test questions)."
    )
    written_answer: str | None = strawberry.field(
        default=None, description="The answer's text (written questions)."
    )


@strawberry.input(description="A student's answers to an exam, handed in once.")
class ExamSubmitInput:
    exam_id: strawberry.ID = strawberry.field(description="The Exam ID.")
    answers: list[ExamAnswerInput] = strawberry.field(
        description="At most one answer per question; unanswered questions count as wrong."
    )


@strawberry.input(description="A teacher's grade of a written answer.")
class ExamAnswerGradeInput:
    id: strawberry.ID = strawberry.field(description="The ExamAnswer ID.")
    is_correct: bool | None = strawberry.field(
        description="Right or wrong; null takes the grade back."
    )


@strawberry.input(description="Checking an exam result.")
class ExamResultUpdateInput:
    id: strawberry.ID = strawberry.field(description="The ExamResult ID.")
    is_checked: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Checked (checkedBy becomes the caller) or not."
    )
    answers: list[ExamAnswerGradeInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Grades of written answers; the score is counted again.",
    )


@strawberry.input(description="The exam result to delete.")
class ExamResultDeleteInput:
    id: strawberry.ID = strawberry.field(description="The ExamResult ID.")


def _question_data(q: ExamQuestionInput) -> dict[str, Any]:
    return {
        "text": q.text,
        "type": q.type.value,
        "order": q.order,
        "options": None
        if q.options is None
        else [{"text": o.text, "is_correct": o.is_correct, "order": o.order} for o in q.options],
        "written_answer_sample": q.written_answer_sample,
    }


def _exam_data(inp: ExamCreateInput | ExamUpdateInput) -> dict[str, Any]:
    """The fields the client sent, with global IDs turned into database ids."""
    data: dict[str, Any] = {}
    for name, value in vars(inp).items():
        if name == "id" or value is strawberry.UNSET:
            continue
        if isinstance(inp, ExamCreateInput) and value is None:
            continue  # left out: the default applies
        if name == "subject_id" and value is not None:
            value = database_id_of(value, "Subject", field="subject_id")
        elif name == "questions" and value is not None:
            value = [_question_data(q) for q in value]
        data[name] = value
    return data


def _answers_data(answers: list[ExamAnswerInput]) -> list[dict[str, Any]]:
    return [
        {
            "question_id": database_id_of(
                a.question_id, "ExamQuestion", field=f"answers.{i}.question_id"
            ),
            "option_id": None
            if a.option_id is None
            else database_id_of(a.option_id, "ExamOption", field=f"answers.{i}.option_id"),
            "written_answer": a.written_answer,
        }
        for i, a in enumerate(answers)
    ]


def _result_data(inp: ExamResultUpdateInput) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if inp.is_checked is not strawberry.UNSET:
        data["is_checked"] = inp.is_checked
    if inp.answers is not strawberry.UNSET:
        data["answers"] = (
            None
            if inp.answers is None
            else [
                {
                    "id": database_id_of(g.id, "ExamAnswer", field=f"answers.{i}.id"),
                    "is_correct": g.is_correct,
                }
                for i, g in enumerate(inp.answers)
            ]
        )
    return data


def _order(order: ExamOrder | None) -> tuple[exam_resolvers.ExamOrderField, bool]:
    if order is None:
        return exam_resolvers.ExamOrderField.CREATED_AT, True
    return (
        exam_resolvers.ExamOrderField(order.field.value),
        order.direction is OrderDirection.DESC,
    )


# ---------------------------------------------------------------------------------------------
# payloads


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


def _desc(text: str, operation: str) -> str:
    return f"{text} {rule(operation).describe()}"


@strawberry.type
class ExamsQuery:
    @strawberry.field(
        description=_desc(
            "Exams, newest first. Students see published, active exams, without answers.",
            "exam.read",
        )
    )
    async def exams(
        self,
        info: Info,
        filter: ExamFilter | None = None,
        order_by: ExamOrder | None = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[Exam]:
        order, descending = _order(order_by)
        page = await exam_resolvers.list_exams(
            info.context,
            (filter or ExamFilter()).to_domain(),
            order,
            descending,
            page_args(first, after, last, before),
        )
        return Connection[Exam].from_page(page, Exam.from_row)

    @strawberry.field(
        description=_desc(
            "The exam this entry code opens (any case); null when it opens none.", "exam.enter"
        )
    )
    async def exam_by_code(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="The 6-character exam code.")],
    ) -> Exam | None:
        row = await exam_resolvers.find_exam_by_code(info.context, code)
        return Exam.from_row(row) if row else None

    @strawberry.field(
        description=_desc(
            "Exam results, newest first: staff see all, students their own.", "examresult.read"
        )
    )
    async def exam_results(
        self,
        info: Info,
        filter: ExamResultFilter | None = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[ExamResult]:
        page = await exam_resolvers.list_exam_results(
            info.context,
            (filter or ExamResultFilter()).to_domain(),
            page_args(first, after, last, before),
        )
        return Connection[ExamResult].from_page(page, ExamResult.from_row)

    @strawberry.field(
        description=_desc("The caller's own exam results, newest first.", "examresult.mine")
    )
    async def my_exam_results(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
    ) -> Connection[ExamResult]:
        page = await exam_resolvers.my_exam_results(
            info.context, page_args(first, after, last, before)
        )
        return Connection[ExamResult].from_page(page, ExamResult.from_row)


def _exam_id(global_id: str) -> int:
    return database_id_of(global_id, "Exam")


@strawberry.type
class ExamsMutation:
    @strawberry.mutation(description=_desc("Create an exam with its questions.", "exam.create"))
    async def exam_create(self, info: Info, input: ExamCreateInput) -> ExamCreatePayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_create(info.context, _exam_data(input))

        return await mutate(
            run(),
            lambda row: ExamCreatePayload(exam=Exam.from_row(row)),
            lambda e: ExamCreatePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(
        description=_desc(
            "Change an exam; given questions replace the old ones as a whole.", "exam.update"
        )
    )
    async def exam_update(self, info: Info, input: ExamUpdateInput) -> ExamUpdatePayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_update(
                info.context, _exam_id(input.id), _exam_data(input), partial=True
            )

        return await mutate(
            run(),
            lambda row: ExamUpdatePayload(exam=Exam.from_row(row)),
            lambda e: ExamUpdatePayload(user_errors=_errors(e)),
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
            lambda e: ExamDeletePayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Publish an exam to students.", "exam.publish"))
    async def exam_publish(self, info: Info, input: ExamIdInput) -> ExamPublishPayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_set_published(info.context, _exam_id(input.id), True)

        return await mutate(
            run(),
            lambda row: ExamPublishPayload(exam=Exam.from_row(row)),
            lambda e: ExamPublishPayload(user_errors=_errors(e)),
        )

    @strawberry.mutation(description=_desc("Take an exam back from students.", "exam.publish"))
    async def exam_unpublish(self, info: Info, input: ExamIdInput) -> ExamUnpublishPayload:
        async def run() -> item_models.QuestionBank:
            return await exam_resolvers.exam_set_published(info.context, _exam_id(input.id), False)

        return await mutate(
            run(),
            lambda row: ExamUnpublishPayload(exam=Exam.from_row(row)),
            lambda e: ExamUnpublishPayload(user_errors=_errors(e)),
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
            lambda e: ExamCopyPayload(user_errors=_errors(e)),
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
                _answers_data(input.answers),
            )

        return await mutate(
            run(),
            lambda row: ExamSubmitPayload(exam_result=ExamResult.from_row(row)),
            lambda e: ExamSubmitPayload(user_errors=_errors(e)),
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
                info.context, database_id_of(input.id, "ExamResult"), _result_data(input)
            )

        return await mutate(
            run(),
            lambda row: ExamResultUpdatePayload(exam_result=ExamResult.from_row(row)),
            lambda e: ExamResultUpdatePayload(user_errors=_errors(e)),
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
            lambda e: ExamResultDeletePayload(user_errors=_errors(e)),
        )
