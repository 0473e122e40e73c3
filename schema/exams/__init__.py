"""Exams and exam results in GraphQL (seed 001 §13-§14): types, inputs, queries, mutations."""

from schema.exams.mutations import ExamsMutation
from schema.exams.queries import ExamsQuery
from schema.exams.types import (
    Exam,
    ExamAnswer,
    ExamOption,
    ExamQuestion,
    ExamResult,
    student_exam_results,
)

__all__ = [
    "Exam",
    "ExamAnswer",
    "ExamOption",
    "ExamQuestion",
    "ExamResult",
    "ExamsMutation",
    "ExamsQuery",
    "student_exam_results",
]
