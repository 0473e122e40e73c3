"""The three batch endpoints of seed 000. Each is a GraphQL query over the same schema, run on
the planned executor, so the dialect answers from the very loaders, rules and shaping that
`studentsByEmail` answers from in GraphQL: what differs is only the seed's key names (aliases),
its time format and task types (the dialect's serialisers) and a few flattened fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Request
from graphql import DocumentNode, parse, validate
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from resolvers import ielts
from resolvers.context import AppContext
from resolvers.errors import ValidationFailed
from rest.common import JSONResponse, app_context
from schema import Schema
from schema.planner import Planner, execute_planned
from settings import GraphQLLimits


def utc(value: datetime) -> str:
    """2026-01-18T12:10:00Z"""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The dialect's leaves: times in UTC with a Z and no fractions, task types as the seed writes
# them ("task2").
SERIALIZERS: dict[str, Callable[[Any], Any]] = {
    "DateTime": utc,
    "EssayTaskType": lambda value: value.value,
}

LOOKUP = "studentsByEmail(emails: $emails, limit: $limit) { email error "
LISTENING_ANSWERS = """
    fragment ListeningAnswers on ListeningSession {
      answers { question_id: questionId answer flagged submitted_at: submittedAt } }"""

PROFILES = (
    """query Profiles($emails: [String!]!, $limit: Int) { """
    + LOOKUP
    + """profile { fullName firstName lastName studentId email group: groupName
    teacher: teacherName curatorId: curatorCode status } } }"""
)

LATEST_TEST_DETAILS = (
    """query LatestTestDetails($emails: [String!]!, $limit: Int, $diagnostics: Boolean!,
    $answers: Boolean!) { """
    + LOOKUP
    + """student { studentId fullName ielts { latest(includeDiagnostics: $diagnostics) {
      listeningTest: listening { sessionId: databaseId testId: testDatabaseId testTitle
        completedAt rawScore bandScore submitted ...ListeningAnswers @include(if: $answers) }
      readingTest: reading { sessionId: databaseId testId: testDatabaseId testTitle endTime
        rawScore bandScore completed answers @include(if: $answers) }
      writing { essayId: databaseId taskType submittedAt overallBand
        teacherFeedback { published teacherOverallScore } submittedText @include(if: $answers) }
      speaking { sessionId: databaseId conductedAt overallBandScore completed }
      overallBandApprox } } } } }"""
    + LISTENING_ANSWERS
)

TEST_RESULTS = (
    """query TestResults($emails: [String!]!, $limit: Int, $diagnostics: Boolean!,
    $perModule: Int!, $answers: Boolean!) { """
    + LOOKUP
    + """student { ielts {
    history(perModuleLimit: $perModule, includeDiagnostics: $diagnostics) {
      listeningSessions: listening { sessionId: databaseId testTitle bandScore rawScore
        completedAt ...ListeningAnswers @include(if: $answers) }
      readingSessions: reading { sessionId: databaseId testTitle bandScore rawScore endTime
        answers @include(if: $answers) }
      essays { essayId: databaseId taskType overallBand teacherFeedback { published }
        submittedAt submittedText @include(if: $answers) }
      speakingSessions: speaking { sessionId: databaseId overallBandScore conductedAt } } } } } }"""
    + LISTENING_ANSWERS
)


def _profile(lookup: dict[str, Any]) -> Any:
    return lookup["profile"]


def _latest_details(lookup: dict[str, Any]) -> Any:
    student = lookup["student"]
    return {
        "studentId": student["studentId"],
        "fullName": student["fullName"],
        **student["ielts"]["latest"],
    }


def _essay_of_history(essay: dict[str, Any]) -> dict[str, Any]:
    """The seed's essay entry flattens the feedback to whether it is published."""
    feedback = essay.pop("teacherFeedback")
    shaped = {key: essay.pop(key) for key in ("essayId", "taskType", "overallBand")}
    shaped["teacherFeedbackPublished"] = bool(feedback and feedback["published"])
    shaped.update(essay)
    return shaped


def _test_results(lookup: dict[str, Any]) -> Any:
    history = lookup["student"]["ielts"]["history"]
    history["essays"] = [_essay_of_history(e) for e in history["essays"]]
    return history


class BatchQueries:
    """The dialect's documents, parsed and checked once against the schema, and a planner that
    writes the dialect's leaves."""

    def __init__(self, schema: Schema) -> None:
        self.planner = Planner(schema, serializers=SERIALIZERS)
        self.documents: dict[str, DocumentNode] = {}
        for source in (PROFILES, LATEST_TEST_DETAILS, TEST_RESULTS):
            document = parse(source)
            errors = validate(schema._schema, document)
            if errors:
                raise RuntimeError(f"a batch document does not fit the schema: {errors[0]}")
            self.documents[source] = document

    async def run(
        self, source: str, ctx: AppContext, variables: dict[str, Any]
    ) -> list[dict[str, Any]]:
        outcome = await execute_planned(self.planner, self.documents[source], None, variables, ctx)
        if outcome is None:
            raise RuntimeError("the planner declined a batch document")
        data, errors = outcome
        if errors:
            # Any error here fails the request: a domain error in the dialect's envelope,
            # anything else as a server error.
            error = errors[0]
            raise error.original_error or error
        assert data is not None
        return data["studentsByEmail"]  # type: ignore[no-any-return]


async def _options(request: Request) -> tuple[AppContext, ielts.BatchOptions]:
    ctx = await app_context(request)
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        ielts.authorize_batch(ctx)
        raise ValidationFailed.single(None, "The body must be a JSON object.")
    try:
        checked = BatchRequest.model_validate(body)
    except ValidationError:
        # Refused: the resolver says why, in the dialect's words (it checks the same rules:
        # tests/contracts/test_openapi.py holds the two to agreeing).
        checked = None
    raw = (
        checked.model_dump()
        if checked is not None
        else {name: body.get(name) for name in BatchRequest.model_fields}
    )
    options = ielts.batch_options(
        ctx,
        raw["emails"],
        raw["limit"],
        raw["perModuleLimit"],
        raw["includeDiagnostics"],
        raw["includeAnswers"],
    )
    if checked is None:  # the two disagree: never let a body the model refused through
        raise ValidationFailed.single(None, "The body is not valid.")
    return ctx, options


def endpoint(
    queries: BatchQueries, source: str, shape: Callable[[dict[str, Any]], Any]
) -> Callable[[Request], Any]:
    async def handle(request: Request) -> JSONResponse:
        ctx, options = await _options(request)
        variables = {
            "emails": options.emails,
            "limit": options.limit,
            "diagnostics": options.include_diagnostics,
            "perModule": options.per_module_limit,
            "answers": options.include_answers,
        }
        lookups = await queries.run(source, ctx, variables)
        results = [
            {"email": found["email"], "data": shape(found)}
            if found["error"] is None
            else {"email": found["email"], "error": found["error"]}
            for found in lookups
        ]
        return JSONResponse(
            {
                "total": options.total,
                "processed": len(results),
                "limit": options.limit,
                "results": results,
            }
        )

    return handle


class BatchRequest(BaseModel):
    """The body of every batch endpoint. It checks the request (strictly: `"5"` is no integer;
    null means the default) and is what the dialect's OpenAPI document shows; the resolver words
    what is wrong."""

    model_config = ConfigDict(extra="ignore", strict=True)

    emails: list[Annotated[str, StringConstraints(pattern=r"\S")]] = Field(
        min_length=1,
        max_length=GraphQLLimits.max_batch_emails,
        description="Students' emails, compared ignoring case; duplicates are dropped.",
    )
    limit: int | None = Field(
        default=ielts.DEFAULT_LIMIT,
        ge=1,
        description="How many of the distinct emails to answer, in input order.",
    )
    includeDiagnostics: bool | None = Field(
        default=False,
        description="Include diagnostic attempts (listening, reading, writing).",
    )
    perModuleLimit: int | None = Field(
        default=ielts.DEFAULT_PER_MODULE,
        ge=1,
        le=ielts.MAX_PER_MODULE,
        description="Results per module (test-results only).",
    )
    includeAnswers: bool | None = Field(
        default=False, description="Add each result's answers and essay texts."
    )


OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": BatchRequest.model_json_schema()}},
    }
}


def register(router: APIRouter, schema: Schema) -> None:
    queries = BatchQueries(schema)
    for path, source, shape, summary in (
        ("/api/batch/students/profiles/", PROFILES, _profile, "Profiles of students by email"),
        (
            "/api/batch/students/latest-test-details/",
            LATEST_TEST_DETAILS,
            _latest_details,
            "The latest result per module, by email",
        ),
        (
            "/api/batch/students/test-results/",
            TEST_RESULTS,
            _test_results,
            "Results per module, by email",
        ),
    ):
        handler = endpoint(queries, source, shape)
        handler.__name__ = path.strip("/").rsplit("/", 1)[-1].replace("-", "_")
        router.add_api_route(
            path, handler, methods=["POST"], summary=summary, openapi_extra=OPENAPI
        )
        router.add_api_route(path.rstrip("/"), handler, methods=["POST"], include_in_schema=False)
