"""The GraphQL schema: per-domain Query and Mutation classes merged at the root."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from auth import permissions
from resolvers.errors import DomainError
from schema.academy import AcademyMutation, AcademyQuery, Attendance, Homework, PointEntry, WorkLog
from schema.context import Context
from schema.dashboard import DashboardQuery
from schema.exams import (
    Exam,
    ExamAnswer,
    ExamOption,
    ExamQuestion,
    ExamResult,
    ExamsMutation,
    ExamsQuery,
)
from schema.groups import Group, GroupsMutation, GroupsQuery, Subject
from schema.ielts import TYPES as IELTS_TYPES
from schema.ielts import IeltsMutation, IeltsQuery
from schema.limits import DocumentChecker, document_gate
from schema.messaging import Message, MessageDelivery, MessageMutation, MessageQuery
from schema.node_query import NodeQuery
from schema.payments import Expense, Payment, PaymentMutation, PaymentQuery
from schema.people import ApiKey, PeopleMutation, PeopleQuery, Staff, Student
from schema.planner import check_batch_registry
from settings import GraphQLLimits

log = logging.getLogger("edugraph.graphql")

Query = merge_types(
    "Query",
    (
        NodeQuery,
        PeopleQuery,
        GroupsQuery,
        AcademyQuery,
        ExamsQuery,
        PaymentQuery,
        DashboardQuery,
        MessageQuery,
        IeltsQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        PeopleMutation,
        GroupsMutation,
        AcademyMutation,
        ExamsMutation,
        PaymentMutation,
        MessageMutation,
        IeltsMutation,
    ),
)
TYPES: list[Any] = [Student, Staff, Group, Subject, ApiKey]
TYPES += [Attendance, PointEntry, Homework, WorkLog]  # academy
TYPES += [Exam, ExamQuestion, ExamOption, ExamResult, ExamAnswer]  # exams
TYPES += [Payment, Expense, Message, MessageDelivery]  # payments and messages
TYPES += IELTS_TYPES  # ielts


def _expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, DomainError | GraphQLError)


class Schema(strawberry.Schema):
    document_checker: DocumentChecker

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected errors (bad queries, domain errors) are not server faults: the document gate
        # logs rejected queries briefly. Only unexpected exceptions are logged, in full.
        for error in errors:
            if not _expected(error):
                log.error("unexpected error at %s", error.path, exc_info=error.original_error)


def build_schema(
    limits: GraphQLLimits | None = None,
    *,
    production: bool = False,
    extensions: Sequence[Any] = (),
) -> Schema:
    """The schema; `extensions` are added after the document gate (tracing's, when on)."""
    limits = limits or GraphQLLimits()
    holder: dict[str, DocumentChecker] = {}

    def checker() -> DocumentChecker:
        return holder["checker"]

    def introspection_allowed(context: Any) -> bool:
        if not production:
            return True
        return isinstance(context, Context) and context.allowed("introspection")

    gate = document_gate(checker, introspection_allowed)
    schema = Schema(query=Query, mutation=Mutation, types=TYPES, extensions=[gate, *extensions])
    holder["checker"] = DocumentChecker(schema._schema, limits, hide_suggestions=production)
    schema.document_checker = holder["checker"]
    check_batch_registry(schema._schema)
    return schema


def schema_sdl() -> str:
    return str(build_schema())


__all__ = ["Schema", "build_schema", "permissions", "schema_sdl"]
