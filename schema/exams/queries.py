"""ExamsQuery: exams, examByCode, examResults, myExamResults."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import exams as exam_resolvers
from schema.common.descriptions import described as _desc
from schema.common.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    page_args,
)
from schema.context import Info
from schema.exams.inputs import ExamFilter, ExamOrder, ExamResultFilter, exam_order
from schema.exams.types import Exam, ExamResult


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
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Exam]:
        order, descending = exam_order(order_by)
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
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
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
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ExamResult]:
        page = await exam_resolvers.my_exam_results(
            info.context, page_args(first, after, last, before)
        )
        return Connection[ExamResult].from_page(page, ExamResult.from_row)
