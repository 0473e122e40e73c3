"""The IELTS root query fields: practice tests, mock tests and mock sessions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import ielts as ielts_resolvers
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
from schema.ielts.inputs import (
    _id,
)
from schema.ielts.mock_types import (
    MockSession,
    MockTest,
)
from schema.ielts.types import (
    IeltsPracticeModule,
    IeltsTest,
    StudentLookup,
)
from schema.people import student_from_row


@strawberry.type
class IeltsQuery:
    @strawberry.field(
        description=_desc(
            "Students by email, for batch consumers: emails compared ignoring case, duplicates "
            "dropped, the first `limit` kept in the order given; `error` is set when no "
            "student has that email.",
            "ielts.batch",
        )
    )
    async def students_by_email(
        self,
        info: Info,
        emails: Annotated[list[str], strawberry.argument(description="Email addresses.")],
        limit: Annotated[
            int | None, strawberry.argument(description="How many to process (at least 1).")
        ] = ielts_resolvers.DEFAULT_LIMIT,
    ) -> list[StudentLookup]:
        options = ielts_resolvers.batch_options(info.context, emails, limit)
        found = await ielts_resolvers.students_by_email(info.context, options)
        return [
            StudentLookup(
                email=f.email,
                student=student_from_row(f.student) if f.student else None,
                error=None if f.student else ielts_resolvers.NOT_FOUND,
                row=f.student,
            )
            for f in found
        ]

    @strawberry.field(description=_desc("Practice tests, newest first.", "ielts.test.read"))
    async def ielts_tests(
        self,
        info: Info,
        module: Annotated[
            IeltsPracticeModule | None, strawberry.argument(description="Only this module.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[IeltsTest]:
        page = await ielts_resolvers.list_ielts_tests(
            info.context, module.value if module else None, page_args(first, after, last, before)
        )
        return Connection[IeltsTest].from_page(page, IeltsTest.from_row)

    @strawberry.field(description=_desc("Mock tests, newest first.", "mock.test.read"))
    async def mock_tests(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[MockTest]:
        page = await ielts_resolvers.mock_tests_page(
            info.context, page_args(first, after, last, before)
        )
        return Connection[MockTest].from_page(page, lambda r: MockTest.from_row(info, r))

    @strawberry.field(
        description=_desc(
            "Mock sessions, newest first: staff see everyone's, students their own.",
            "mock.session.read",
        )
    )
    async def mock_sessions(
        self,
        info: Info,
        student_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this Student's.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[MockSession]:
        page = await ielts_resolvers.mock_sessions_page(
            info.context,
            page_args(first, after, last, before),
            _id(student_id, "Student", field="studentId"),
        )
        return Connection[MockSession].from_page(page, lambda r: MockSession.from_row(info, r))
