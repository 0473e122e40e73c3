"""The server: `create_app(settings)` builds the ASGI app; run as a script it is the command line.

    python server.py [serve] [--host 127.0.0.1] [--port 8000]
    python server.py migrate | export-schema | seed-demo | worker
    python server.py create-user --username U --password P --role ROLE [--email E] ...
    python server.py create-api-key --name N [--scope S ...]

`uvicorn server:app --workers N` serves the same app from several processes (migrate first).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import sys
from collections.abc import AsyncIterator, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

import migrations
from auth.backend import Authenticator
from auth.firebase import FirebaseVerifier
from auth.principal import Principal
from auth.tokens import TokenConfig
from models.db import create_engine, create_sessionmaker
from models.files import MediaStorage
from models.people import Role
from observability import docs, metrics, sql, tracing
from observability import logging as log_lines
from observability.middleware import ObservabilityMiddleware
from resolvers.context import AppContext, Services, system_clock
from rest.common import JSONResponse
from schema import Schema, build_schema
from schema.context import Context
from schema.http import GraphQLEndpoint
from settings import ConfigurationError, Settings

log = logging.getLogger("edugraph")


def build_services(settings: Settings) -> Services:
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    token_config = TokenConfig(
        secret=settings.jwt_secret,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_seconds=settings.access_token_seconds,
        refresh_seconds=settings.refresh_token_seconds,
    )
    firebase = (
        FirebaseVerifier(settings.firebase_project_id, settings.firebase_auth_emulator_host)
        if settings.firebase_project_id
        else None
    )
    services = Services(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        tokens=token_config,
        authenticator=Authenticator(sessionmaker, token_config, firebase, lambda: services.clock()),
        media=MediaStorage(settings.media_root, max_bytes=settings.upload_max_bytes),
        clock=system_clock,
    )
    return services


class BodyLimit:
    """Refuse request bodies over a limit before anyone reads them (413)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                response = JSONResponse({"detail": "Request body is too large."}, status_code=413)
                await response(scope, receive, send)
                return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(413, "Request body is too large.")
            return message

        await self.app(scope, limited, send)


def _error_envelope(request: Request, status: int, detail: str) -> Response:
    """Unknown routes and methods, answered in the envelope of the dialect the path belongs to."""
    from rest import ielts_batch

    if request.url.path.startswith(ielts_batch.PREFIX):
        return ielts_batch.errors.http_error(status, detail)
    if status == 404:
        return JSONResponse({"detail": "Not found."}, status_code=404)
    if status == 405:
        return JSONResponse({"detail": f'Method "{request.method}" not allowed.'}, status_code=405)
    return JSONResponse({"detail": detail}, status_code=status)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = _error_envelope(request, exc.status_code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse({"detail": "Internal server error."}, status_code=500)


async def _bad_request(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": "Invalid request."}, status_code=400)


def build_rest_app(services: Services, schema: Schema) -> FastAPI:
    """Every dialect of rest/dialects.py on one FastAPI app."""
    from rest.dialects import DIALECTS

    api = FastAPI(
        title="edugraph REST compatibility dialects",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        exception_handlers={
            StarletteHTTPException: _http_exception,
            RequestValidationError: _bad_request,
            Exception: _unexpected,
        },
    )
    api.state.services = services
    api.state.dialect_routers = {}
    for dialect in DIALECTS:
        router = dialect.build(schema)
        api.include_router(router)
        api.state.dialect_routers[dialect.name] = router
    return api


# Objects allocated (net) between young-generation collections; see the lifespan below.
GC_YOUNG_THRESHOLD = 200_000


def create_app(settings: Settings | None = None, services: Services | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    services = services or build_services(settings)
    # Metrics, log lines and traces (observability/); traces only with an OTLP endpoint.
    traces = tracing.configure(settings.otel_endpoint)
    sql.count_statements(services.engine)
    if traces is not None:
        traces.instrument_engine(services.engine)
    schema = build_schema(
        settings.limits,
        production=settings.production,
        extensions=[traces.graphql_extension()] if traces is not None else [],
    )

    async def graphql_context(request: Request) -> Context:
        principal = await services.authenticator.authenticate(request.headers)
        return Context(
            services=services,
            principal=principal,
            base_url=str(request.base_url),
            request=request,
        )

    graphql = GraphQLEndpoint(
        schema,
        graphql_context,
        graphiql=settings.graphiql,
        max_body_bytes=settings.limits.max_body_bytes,
        planned=settings.graphql_planner,
    )

    async def healthz(request: Request) -> Response:
        try:
            async with services.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            log.warning("health check: database unavailable", exc_info=True)
            return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        # The background worker (outbox deliveries, periodic jobs) runs in-process unless
        # RUN_WORKER=false, e.g. when `python server.py worker` processes do it instead.
        from resolvers.worker import Worker

        background = Worker(services) if settings.run_worker else None
        if background is not None:
            background.start()
        # What exists now (the schema, SQLAlchemy's metadata, the modules) lives as long as the
        # process: keep the garbage collector from walking it again on every full collection,
        # which large responses (100,000 objects) otherwise trigger many times.
        gc.collect()
        gc.freeze()
        # A large response builds and drops some 100,000 objects; at the default threshold
        # (700) the young generation is collected hundreds of times per such request, each
        # time walking the objects the request still holds, and at 50,000 still once, in the
        # middle of it (5 ms of a 500-student lookup). Above what one such response holds at
        # once, the collector runs between large requests rather than inside them. Cycles
        # still go at the first collection after them.
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        try:
            yield {"services": services}
        finally:
            if background is not None:
                await background.stop()
            await services.engine.dispose()
            if traces is not None:
                traces.shutdown()

    rest_app = build_rest_app(services, schema)
    traced = [traces.middleware()] if traces is not None else []
    origins = list(settings.cors_origins)
    # Any origin with credentials lets every site act as the logged-in user: never in production.
    credentials = not (settings.production and "*" in origins)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics.endpoint(services), methods=["GET"]),
            *(docs.routes(lambda: rest_app.state.dialect_routers) if settings.api_docs else []),
            Mount("/media", app=StaticFiles(directory=settings.media_root, check_dir=False)),
            Mount("/", app=rest_app),
        ],
        middleware=[
            *traced,
            Middleware(ObservabilityMiddleware),
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_credentials=credentials,
                allow_methods=["*"],
                allow_headers=["*"],
            ),
            Middleware(BodyLimit, max_bytes=max(settings.upload_max_bytes, 1)),
        ],
        exception_handlers={StarletteHTTPException: _http_exception},
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.graphql = graphql
    return app


class _LazyApp:
    """`uvicorn server:app`: the app is built (and configuration read) on first use."""

    def __init__(self) -> None:
        self._app: Starlette | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._app is None:
            settings = Settings.from_env()
            log_lines.configure(settings.log_format, settings.log_level)
            self._app = create_app(settings)
        await self._app(scope, receive, send)


app = _LazyApp()


# ---------------------------------------------------------------------------------------------
# command line

SYSTEM = Principal(kind="user", role=Role.ADMIN)


async def _with_context(settings: Settings, fn: Any) -> Any:
    services = build_services(settings)
    try:
        return await fn(AppContext(services=services, principal=SYSTEM))
    finally:
        await services.engine.dispose()


def cmd_migrate(settings: Settings) -> None:
    migrations.upgrade(settings.database_url)


def cmd_serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    cmd_migrate(settings)
    print(f"edugraph: serving on http://{host}:{port}/graphql", flush=True)
    # The app writes one log line per request itself (observability/middleware.py).
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers import people
    from resolvers.errors import ValidationFailed

    role = people.parse_role(args.role)
    if role is None:
        print(f"unknown role {args.role!r}", file=sys.stderr)
        return 2
    data = {"username": args.username, "password": args.password, "role": role}
    for name in ("email", "first_name", "last_name"):
        if getattr(args, name) is not None:
            data[name] = getattr(args, name)
    try:
        user = asyncio.run(_with_context(settings, lambda ctx: people.user_create(ctx, data)))
    except ValidationFailed as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 1
    print(f"created user {user.username} (id {user.id}, role {user.role})")
    return 0


def cmd_create_api_key(settings: Settings, args: argparse.Namespace) -> int:
    from resolvers import people
    from resolvers.errors import ValidationFailed

    try:
        created = asyncio.run(
            _with_context(
                settings, lambda ctx: people.create_api_key(ctx, args.name, args.scope or [], None)
            )
        )
    except ValidationFailed as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message}", file=sys.stderr)
        return 1
    print(
        f"API key {created.api_key.prefix}... for {created.api_key.name!r}; "
        "it is shown once, store it now:"
    )
    print(created.key)
    return 0


def cmd_export_schema() -> None:
    from schema import schema_sdl

    sys.stdout.write(schema_sdl() + "\n")


def cmd_seed_demo(settings: Settings) -> None:
    import demo

    cmd_migrate(settings)
    summary = asyncio.run(_with_context(settings, demo.seed))
    print(summary)


def cmd_worker(settings: Settings, once: bool) -> None:
    """Run the background jobs in this process until SIGINT/SIGTERM (or one round)."""
    import signal

    from resolvers.worker import Worker

    async def run() -> None:
        services = build_services(settings)
        worker = Worker(services)
        try:
            if once:
                done = await worker.run_once()
                print(", ".join(f"{job}: {n}" for job, n in done.items()), flush=True)
                return
            loop = asyncio.get_running_loop()
            stopping = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stopping.set)
            worker.start()
            await stopping.wait()
            await worker.stop()
        finally:
            await services.engine.dispose()

    cmd_migrate(settings)
    asyncio.run(run())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="server.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="migrate, then serve (the default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    sub.add_parser("migrate", help="upgrade the database to the newest migration")
    user = sub.add_parser("create-user", help="create a user")
    user.add_argument("--username", required=True)
    user.add_argument("--password", required=True)
    user.add_argument(
        "--role",
        required=True,
        help="admin, curator, teacher, reviewer, manager, student (owner, employee as aliases)",
    )
    user.add_argument("--email")
    user.add_argument("--first-name", dest="first_name")
    user.add_argument("--last-name", dest="last_name")
    key = sub.add_parser("create-api-key", help="create an API key (printed once)")
    key.add_argument("--name", required=True)
    key.add_argument("--scope", action="append", help="repeat for several scopes")
    sub.add_parser("export-schema", help="print the GraphQL SDL")
    sub.add_parser("seed-demo", help="load demo data")
    work = sub.add_parser("worker", help="run background jobs (outbox deliveries) until stopped")
    work.add_argument("--once", action="store_true", help="run every job once, then exit")

    args = parser.parse_args(argv)
    if args.command == "export-schema":
        cmd_export_schema()
        return 0
    try:
        settings = Settings.from_env()
    except ConfigurationError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    command = args.command or "serve"
    # Servers and workers write what a log collector reads; one-off commands write for the
    # person at the terminal, unless LOG_FORMAT says otherwise.
    one_off = command not in ("serve", "worker") and not os.environ.get("LOG_FORMAT")
    log_lines.configure("text" if one_off else settings.log_format, settings.log_level)
    if command == "serve":
        cmd_serve(settings, getattr(args, "host", "127.0.0.1"), getattr(args, "port", 8000))
    elif command == "migrate":
        cmd_migrate(settings)
    elif command == "create-user":
        return cmd_create_user(settings, args)
    elif command == "create-api-key":
        return cmd_create_api_key(settings, args)
    elif command == "seed-demo":
        cmd_seed_demo(settings)
    elif command == "worker":
        cmd_worker(settings, args.once)
    return 0


if __name__ == "__main__":
    sys.exit(main())
