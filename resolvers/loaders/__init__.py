"""A fresh set of loaders per request; each is created on first use."""

from __future__ import annotations

from functools import cached_property

from models.db import SessionMaker
from resolvers.loaders import academy
from resolvers.loaders import exams as exam_loaders
from resolvers.loaders.groups import (
    GroupByIdLoader,
    StudentCountByGroupIdLoader,
    StudentPageByGroupIdLoader,
    SubjectByIdLoader,
    TeacherByIdLoader,
)
from resolvers.loaders.ielts import IeltsLoaders
from resolvers.loaders.messaging import (
    DeliveriesByMessageIdLoader,
    DeliveryByIdLoader,
    MessageByIdLoader,
)
from resolvers.loaders.payments import (
    ExpenseByIdLoader,
    MonthsByPaymentIdLoader,
    PaymentByIdLoader,
    PaymentsByStudentIdLoader,
)
from resolvers.loaders.people import CuratorByIdLoader, StudentByEmailLoader, UserByIdLoader


class Loaders:
    def __init__(self, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self.sessionmaker)

    @cached_property
    def student_by_email(self) -> StudentByEmailLoader:
        return StudentByEmailLoader(
            self.sessionmaker, self.group_by_id, self.teacher_by_id, self.curator_by_id
        )

    @cached_property
    def curator_by_id(self) -> CuratorByIdLoader:
        return CuratorByIdLoader(self.sessionmaker)

    @cached_property
    def group_by_id(self) -> GroupByIdLoader:
        return GroupByIdLoader(self.sessionmaker, self.teacher_by_id)

    @cached_property
    def teacher_by_id(self) -> TeacherByIdLoader:
        return TeacherByIdLoader(self.sessionmaker)

    @cached_property
    def subject_by_id(self) -> SubjectByIdLoader:
        return SubjectByIdLoader(self.sessionmaker)

    # -- exams (seed 001 §13-§14) ------------------------------------------------------------

    @cached_property
    def exam_by_id(self) -> exam_loaders.ExamByIdLoader:
        return exam_loaders.ExamByIdLoader(self.sessionmaker)

    @cached_property
    def exam_question_by_id(self) -> exam_loaders.ExamQuestionByIdLoader:
        return exam_loaders.ExamQuestionByIdLoader(self.sessionmaker)

    @cached_property
    def exam_option_by_id(self) -> exam_loaders.ExamOptionByIdLoader:
        return exam_loaders.ExamOptionByIdLoader(self.sessionmaker)

    @cached_property
    def questions_by_exam_id(self) -> exam_loaders.QuestionsByExamIdLoader:
        return exam_loaders.QuestionsByExamIdLoader(self.sessionmaker)

    @cached_property
    def options_by_question_id(self) -> exam_loaders.OptionsByQuestionIdLoader:
        return exam_loaders.OptionsByQuestionIdLoader(self.sessionmaker)

    @cached_property
    def question_count_by_exam_id(self) -> exam_loaders.QuestionCountByExamIdLoader:
        return exam_loaders.QuestionCountByExamIdLoader(self.sessionmaker)

    @cached_property
    def participant_count_by_exam_id(self) -> exam_loaders.ParticipantCountByExamIdLoader:
        return exam_loaders.ParticipantCountByExamIdLoader(self.sessionmaker)

    @cached_property
    def exam_result_by_id(self) -> exam_loaders.ExamResultByIdLoader:
        return exam_loaders.ExamResultByIdLoader(self.sessionmaker)

    @cached_property
    def exam_results_by_exam_id(self) -> exam_loaders.ExamResultsByExamIdLoader:
        return exam_loaders.ExamResultsByExamIdLoader(self.sessionmaker)

    @cached_property
    def exam_results_by_student_id(self) -> exam_loaders.ExamResultsByStudentIdLoader:
        return exam_loaders.ExamResultsByStudentIdLoader(self.sessionmaker)

    @cached_property
    def exam_answer_by_id(self) -> exam_loaders.ExamAnswerByIdLoader:
        return exam_loaders.ExamAnswerByIdLoader(self.sessionmaker)

    @cached_property
    def exam_answers_by_result_id(self) -> exam_loaders.ExamAnswersByResultIdLoader:
        return exam_loaders.ExamAnswersByResultIdLoader(self.sessionmaker)

    # groups and academy (seed 001)
    @cached_property
    def student_count_by_group_id(self) -> StudentCountByGroupIdLoader:
        return StudentCountByGroupIdLoader(self.sessionmaker)

    @cached_property
    def student_page_by_group_id(self) -> StudentPageByGroupIdLoader:
        return StudentPageByGroupIdLoader(self.sessionmaker)

    @cached_property
    def attendance_by_id(self) -> academy.AttendanceByIdLoader:
        return academy.AttendanceByIdLoader(self.sessionmaker)

    @cached_property
    def point_entry_by_id(self) -> academy.PointEntryByIdLoader:
        return academy.PointEntryByIdLoader(self.sessionmaker)

    @cached_property
    def homework_by_id(self) -> academy.HomeworkByIdLoader:
        return academy.HomeworkByIdLoader(self.sessionmaker)

    @cached_property
    def work_log_by_id(self) -> academy.WorkLogByIdLoader:
        return academy.WorkLogByIdLoader(self.sessionmaker)

    @cached_property
    def point_total_by_student_id(self) -> academy.PointTotalByStudentIdLoader:
        return academy.PointTotalByStudentIdLoader(self.sessionmaker)

    @cached_property
    def point_total_by_group_id(self) -> academy.PointTotalByGroupIdLoader:
        return academy.PointTotalByGroupIdLoader(self.sessionmaker)

    @cached_property
    def homework_count_by_group_id(self) -> academy.HomeworkCountByGroupIdLoader:
        return academy.HomeworkCountByGroupIdLoader(self.sessionmaker)

    @cached_property
    def group_rank_by_group_id(self) -> academy.GroupRankByGroupIdLoader:
        return academy.GroupRankByGroupIdLoader(self.sessionmaker)

    @cached_property
    def student_ranking_by_group_id(self) -> academy.StudentRankingByGroupIdLoader:
        return academy.StudentRankingByGroupIdLoader(self.sessionmaker)

    @cached_property
    def attendance_page_by_student_id(self) -> academy.AttendancePageByStudentIdLoader:
        return academy.AttendancePageByStudentIdLoader(self.sessionmaker)

    @cached_property
    def point_page_by_student_id(self) -> academy.PointPageByStudentIdLoader:
        return academy.PointPageByStudentIdLoader(self.sessionmaker)

    @cached_property
    def homework_page_by_group_id(self) -> academy.HomeworkPageByGroupIdLoader:
        return academy.HomeworkPageByGroupIdLoader(self.sessionmaker)

    # -- payments, expenses, messages ---------------------------------------------------------
    @cached_property
    def payment_by_id(self) -> PaymentByIdLoader:
        return PaymentByIdLoader(self.sessionmaker)

    @cached_property
    def months_by_payment_id(self) -> MonthsByPaymentIdLoader:
        return MonthsByPaymentIdLoader(self.sessionmaker)

    @cached_property
    def payments_by_student_id(self) -> PaymentsByStudentIdLoader:
        return PaymentsByStudentIdLoader(self.sessionmaker)

    @cached_property
    def expense_by_id(self) -> ExpenseByIdLoader:
        return ExpenseByIdLoader(self.sessionmaker)

    @cached_property
    def message_by_id(self) -> MessageByIdLoader:
        return MessageByIdLoader(self.sessionmaker)

    @cached_property
    def deliveries_by_message_id(self) -> DeliveriesByMessageIdLoader:
        return DeliveriesByMessageIdLoader(self.sessionmaker)

    @cached_property
    def delivery_by_id(self) -> DeliveryByIdLoader:
        return DeliveryByIdLoader(self.sessionmaker)

    @cached_property
    def ielts(self) -> IeltsLoaders:
        return IeltsLoaders(self.sessionmaker)
