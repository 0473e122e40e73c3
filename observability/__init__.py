"""Operability: what a running server tells its operators.

- `requests`: the record of the request in flight (its id, route, principal, statements), kept
  in a context variable that every task of the request sees;
- `middleware`: the pure ASGI middleware that opens that record, echoes `X-Request-ID`, times the
  request and, when it ends, counts it and writes its one log line;
- `metrics`: the Prometheus metrics and the small API other modules call to count
  (`metrics.rate_limit_refused(kind)`, `metrics.planner_declined(reason)`, ...), and `/metrics`;
- `logging`: JSON log lines with secrets, tokens and API keys redacted;
- `tracing`: OpenTelemetry (ASGI, SQLAlchemy, GraphQL), on only when an OTLP endpoint is set;
- `docs`: the API documentation pages (GraphiQL, Swagger UI, ReDoc) with their assets served
  from the server itself, and the registry of REST dialects' OpenAPI documents.
"""
