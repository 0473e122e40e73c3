"""Exams and exam results (seed 001 §13-§14), on the shared question-bank and attempt tables.

An exam is a `QuestionBank` of kind EXAM; a `test` question is a SINGLE_CHOICE `Item` with
`ItemOption`s, a `written` one a TEXT item whose sample answer sits in `content`. A result is
an `Attempt` of kind EXAM (`raw_score` correct answers, `max_score` questions, `score` the
percentage); each answer is a `Response` in slot "item:<id>" that also keeps the question and
option texts as they were when the student answered, so results stay readable after the
questions are replaced.

Rules kept here for both faces:
- codes: 6 characters, uppercase letters and digits, unique in the database, drawn again on a
  collision; given on create and on copy, never taken from the client;
- a student submits an exam once (a partial unique index backs the check), only while it is
  published and active; test answers are graded at once, written ones wait for staff;
- students never see which option is correct nor the sample written answer.

One concern per module; the package re-exports them, so `resolvers.exams.<name>` works as
it did.
"""

from __future__ import annotations

from resolvers.exams.authoring import (
    copy_title,
    exam_copy,
    exam_create,
    exam_delete,
    exam_set_published,
    exam_update,
)
from resolvers.exams.common import (
    ACADEMY_TYPE,
    ALREADY_SUBMITTED,
    BANK_ID,
    CODE_EXHAUSTED,
    CODE_LENGTH,
    COPY_SUFFIX,
    EXAM,
    EXAM_ATTEMPT,
    ITEM_TYPE,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    NOT_ACTIVE,
    NOT_PUBLISHED,
    RESULT_ID,
    SAMPLE_KEY,
    TEST,
    TITLE_MAX,
    WRITTEN,
    WRONG_CODE,
    Attempt,
    Bank,
    InvalidCode,
    Item,
    Option,
    Response,
)
from resolvers.exams.exam_reads import (
    ExamFilter,
    ExamOrderField,
    all_exams,
    exam_detail,
    exam_enter_code,
    find_exam_by_code,
    get_exam,
    get_exams,
    get_option,
    get_question,
    get_questions,
    get_subject,
    list_exams,
    participant_count,
    question_count,
)
from resolvers.exams.inputs import EXAM_FIELDS, OptionData, QuestionData
from resolvers.exams.result_reads import (
    RESULT_KEYS,
    ExamResultFilter,
    all_exam_results,
    all_my_exam_results,
    exam_result_detail,
    exam_title_of,
    get_answer,
    get_answers,
    get_exam_result,
    get_exam_results,
    list_exam_results,
    my_exam_results,
    page_of,
    results_of_exam,
    results_of_student,
)
from resolvers.exams.submissions import (
    RESULT_FIELDS,
    AnswerData,
    GradeData,
    exam_result_delete,
    exam_result_update,
    exam_submit,
    percentage,
)
from resolvers.exams.views import AnswerView, OptionView, QuestionView, answer_view

__all__ = [
    "ACADEMY_TYPE",
    "ALREADY_SUBMITTED",
    "AnswerData",
    "AnswerView",
    "Attempt",
    "BANK_ID",
    "Bank",
    "CODE_EXHAUSTED",
    "CODE_LENGTH",
    "COPY_SUFFIX",
    "EXAM",
    "EXAM_ATTEMPT",
    "EXAM_FIELDS",
    "ExamFilter",
    "ExamOrderField",
    "ExamResultFilter",
    "GradeData",
    "ITEM_TYPE",
    "InvalidCode",
    "Item",
    "MAX_OPTIONS",
    "MAX_QUESTIONS",
    "MIN_OPTIONS",
    "NOT_ACTIVE",
    "NOT_PUBLISHED",
    "Option",
    "OptionData",
    "OptionView",
    "QuestionData",
    "QuestionView",
    "RESULT_FIELDS",
    "RESULT_ID",
    "RESULT_KEYS",
    "Response",
    "SAMPLE_KEY",
    "TEST",
    "TITLE_MAX",
    "WRITTEN",
    "WRONG_CODE",
    "all_exam_results",
    "all_exams",
    "all_my_exam_results",
    "answer_view",
    "copy_title",
    "exam_copy",
    "exam_create",
    "exam_delete",
    "exam_detail",
    "exam_enter_code",
    "exam_result_delete",
    "exam_result_detail",
    "exam_result_update",
    "exam_set_published",
    "exam_submit",
    "exam_title_of",
    "exam_update",
    "find_exam_by_code",
    "get_answer",
    "get_answers",
    "get_exam",
    "get_exam_result",
    "get_exam_results",
    "get_exams",
    "get_option",
    "get_question",
    "get_questions",
    "get_subject",
    "list_exam_results",
    "list_exams",
    "my_exam_results",
    "page_of",
    "participant_count",
    "percentage",
    "question_count",
    "results_of_exam",
    "results_of_student",
]
