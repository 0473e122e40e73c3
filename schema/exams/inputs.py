"""Exam filters, ordering, inputs, the error-code enum, and input-to-resolver conversions."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import strawberry

from resolvers import exams as exam_resolvers
from resolvers.errors import DomainError
from schema.common.errors import to_user_errors
from schema.common.node import database_id_of
from schema.common.pagination import (
    OrderDirection,
)
from schema.common.wording import EXAM_WORDS
from schema.exams.types import ExamQuestionType


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


def user_errors(exc: DomainError) -> list[ExamUserError]:
    return to_user_errors(exc, ExamUserError, ExamErrorCode, ALIASES, EXAM_WORDS)


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


def question_data(q: ExamQuestionInput) -> dict[str, Any]:
    return {
        "text": q.text,
        "type": q.type.value,
        "order": q.order,
        "options": None
        if q.options is None
        else [{"text": o.text, "is_correct": o.is_correct, "order": o.order} for o in q.options],
        "written_answer_sample": q.written_answer_sample,
    }


def exam_data(inp: ExamCreateInput | ExamUpdateInput) -> dict[str, Any]:
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
            value = [question_data(q) for q in value]
        data[name] = value
    return data


def answers_data(answers: list[ExamAnswerInput]) -> list[dict[str, Any]]:
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


def result_data(inp: ExamResultUpdateInput) -> dict[str, Any]:
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


def exam_order(order: ExamOrder | None) -> tuple[exam_resolvers.ExamOrderField, bool]:
    if order is None:
        return exam_resolvers.ExamOrderField.CREATED_AT, True
    return (
        exam_resolvers.ExamOrderField(order.field.value),
        order.direction is OrderDirection.DESC,
    )
