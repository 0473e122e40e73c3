"""GraphQL over HTTP at /graphql, following the GraphQL-over-HTTP specification.

GET runs queries, POST runs everything; `application/graphql-response+json` is answered when the
client accepts it (with 4xx for requests that cannot run), `application/json` otherwise. The
body is limited before it is parsed, and every error leaves with an `extensions.code` and
without internals.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import GraphQLError, OperationDefinitionNode
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from observability import metrics, requests, tracing
from resolvers.errors import DomainError, ValidationFailed
from schema import Schema
from schema.context import Context
from schema.credentials import chosen_operation, needs_credentials
from schema.planner import Planner, execute_planned

log = logging.getLogger("edugraph.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
ContextFactory = Callable[[Request], Awaitable[Context]]


class RequestError(Exception):
    """The HTTP request itself is wrong: no GraphQL execution happens."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        code: str = "BAD_REQUEST",
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.code = code


def negotiate(accept: str | None) -> str | None:
    """The media type to answer with, or None when the client accepts neither."""
    if not accept:
        return JSON
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if media == GRAPHQL_RESPONSE:
            candidate = GRAPHQL_RESPONSE
        elif media in (JSON, "*/*", "application/*"):
            candidate = JSON
        else:
            continue
        if quality <= 0:
            continue
        key_ = (quality, -position, candidate)
        if best is None or key_[:2] > best[:2]:
            best = key_
    return best[2] if best else None


def format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    out: dict[str, Any] = {}
    if isinstance(original, DomainError):
        out["message"] = original.message
        extensions: dict[str, Any] = {"code": original.extension_code}
        if isinstance(original, ValidationFailed):
            extensions["fields"] = [
                {"field": e.field, "message": e.message, "code": e.code} for e in original.errors
            ]
    elif original is None or isinstance(original, GraphQLError):
        out["message"] = error.message
        extensions = {"code": (error.extensions or {}).get("code", "BAD_USER_INPUT")}
    else:
        out["message"] = "Internal server error."
        extensions = {"code": "INTERNAL"}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    out["extensions"] = extensions
    return out


class GraphQLEndpoint:
    """A pure ASGI app for /graphql."""

    def __init__(
        self,
        schema: Schema,
        context_factory: ContextFactory,
        *,
        graphiql: bool,
        max_body_bytes: int,
        planned: bool = True,
    ) -> None:
        self.schema = schema
        self.context_factory = context_factory
        self.graphiql = graphiql
        self.max_body_bytes = max_body_bytes
        self.planner = Planner(schema) if planned else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        media_type = negotiate(request.headers.get("accept"))
        try:
            if request.method not in ("GET", "POST"):
                raise RequestError(
                    405, "GraphQL only supports GET and POST.", {"Allow": "GET, POST"}
                )
            if request.method == "GET" and self._wants_ide(request):
                if self.graphiql:
                    from observability.docs import graphiql_html, html_response

                    return html_response(graphiql_html())
                raise RequestError(400, "GraphiQL is disabled; send a query.")
            if media_type is None:
                raise RequestError(406, f"Accept {GRAPHQL_RESPONSE} or {JSON}.", {"Vary": "Accept"})
            params = await self._params(request)
            return await self._execute(request, params, media_type)
        except RequestError as exc:
            return self._response(
                {"errors": [{"message": exc.message, "extensions": {"code": exc.code}}]},
                exc.status,
                media_type or JSON,
                exc.headers,
            )

    def _wants_ide(self, request: Request) -> bool:
        return "query" not in request.query_params and "text/html" in request.headers.get(
            "accept", ""
        )

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            raw: dict[str, Any] = dict(request.query_params)
            for key in ("variables", "extensions"):
                if raw.get(key):
                    raw[key] = self._json(raw[key].encode(), f"{key} is not valid JSON.")
                else:
                    raw.pop(key, None)
        else:
            content_type = request.headers.get("content-type", "")
            media = content_type.split(";")[0].strip().lower()
            if media != JSON:
                raise RequestError(415, f"Send the request body as {JSON}.")
            raw = self._json(await self._body(request), "The body is not valid JSON.")
        if not isinstance(raw, dict):
            raise RequestError(400, "The body must be a JSON object (batches are not supported).")
        query = raw.get("query")
        if not isinstance(query, str) or not query.strip():
            raise RequestError(400, "The `query` parameter must be a non-empty string.")
        for key in ("variables", "extensions"):
            if raw.get(key) is not None and not isinstance(raw[key], dict):
                raise RequestError(400, f"The `{key}` parameter must be an object or null.")
        name = raw.get("operationName")
        if name is not None and not isinstance(name, str):
            raise RequestError(400, "The `operationName` parameter must be a string or null.")
        return raw

    def _json(self, body: bytes, message: str) -> Any:
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise RequestError(400, message) from exc

    async def _body(self, request: Request) -> bytes:
        limit = self.max_body_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestError(413, f"The request body is larger than {limit} bytes.")
        chunks = bytearray()
        try:
            async for chunk in request.stream():
                chunks.extend(chunk)
                if len(chunks) > limit:
                    raise RequestError(413, f"The request body is larger than {limit} bytes.")
        except ClientDisconnect as exc:
            raise RequestError(400, "The client went away.") from exc
        return bytes(chunks)

    async def _execute(self, request: Request, params: dict[str, Any], media_type: str) -> Response:
        context = await self.context_factory(request)
        self._refuse_bad_credentials(params, context)
        operation = self._count_operation(params)
        planned = await self._planned(params, context, operation)
        if planned is not None:
            return self._result_response(planned, media_type)
        allowed = (
            {OperationType.QUERY}
            if request.method == "GET"
            else {OperationType.QUERY, OperationType.MUTATION}
        )
        try:
            result = await self.schema.execute(
                params["query"],
                variable_values=params.get("variables"),
                context_value=context,
                operation_name=params.get("operationName"),
                allowed_operation_types=allowed,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                raise RequestError(400, "Subscriptions are not served over HTTP.") from exc
            raise RequestError(405, "Mutations must be sent with POST.", {"Allow": "POST"}) from exc
        except CannotGetOperationTypeError as exc:
            raise RequestError(400, exc.as_http_error_reason()) from exc
        except MissingQueryError as exc:
            raise RequestError(400, "The `query` parameter is missing.") from exc
        return self._result_response(result, media_type)

    def _refuse_bad_credentials(self, params: dict[str, Any], context: Context) -> None:
        """401 when a credential was sent and refused, unless only logging in or out."""
        refused = context.principal.auth_error
        if refused is None:
            return
        document = self.schema.document_checker.check(params["query"]).document
        if document is None or needs_credentials(document, params.get("operationName")):
            raise RequestError(
                401,
                refused,
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                code="UNAUTHENTICATED",
            )

    def _count_operation(self, params: dict[str, Any]) -> OperationDefinitionNode | None:
        """The operation, counted by name (metrics) and named on the request's log line."""
        document = self.schema.document_checker.check(params["query"]).document
        operation = chosen_operation(document, params.get("operationName")) if document else None
        if operation is not None:
            name = operation.name.value if operation.name else None
            requests.note_operation(metrics.graphql_operation(operation.operation.value, name))
        return operation

    async def _planned(
        self,
        params: dict[str, Any],
        context: Context,
        operation: OperationDefinitionNode | None = None,
    ) -> ExecutionResult | None:
        """The planned path, for valid query operations it can plan; None otherwise."""
        if self.planner is None:
            return None
        checked = self.schema.document_checker.check(params["query"])
        if checked.document is None or checked.errors or checked.introspection:
            return None
        # Only queries are planned (the rest is declined at once): they get the span, as
        # strawberry's extension gives one to operations on the ordinary path.
        name = operation.name.value if operation is not None and operation.name else ""
        planned = operation is not None and operation.operation.value == "query"
        with tracing.span(f"GraphQL Query: {name} (planned)" if planned else ""):
            outcome = await execute_planned(
                self.planner,
                checked.document,
                params.get("operationName"),
                params.get("variables"),
                context,
            )
        if outcome is None:
            return None
        data, errors = outcome
        if errors:
            self.schema.process_errors(errors)
        return ExecutionResult(data=data, errors=errors or None)

    def _result_response(self, result: ExecutionResult, media_type: str) -> Response:
        errors = [format_error(e) for e in result.errors or ()]
        # No data and no error from a field: the request never ran (parse, validation,
        # variables). The spec then wants 400 and no `data` for graphql-response+json.
        not_executed = result.data is None and all(not e.path for e in result.errors or ())
        body: dict[str, Any] = {}
        if not not_executed:
            body["data"] = result.data
        if errors:
            body["errors"] = errors
        status = 400 if (not_executed and media_type == GRAPHQL_RESPONSE) else 200
        return self._response(body, status, media_type)

    def _response(
        self,
        body: dict[str, Any],
        status: int,
        media_type: str,
        headers: dict[str, str] | None = None,
    ) -> Response:
        return Response(
            orjson.dumps(body),
            status_code=status,
            media_type=f"{media_type}; charset=utf-8",
            headers=headers,
        )
