"""Configuration read from the environment (and an optional `.env`), once, at start-up.

Every variable is documented in the README's configuration table.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

from dotenv import load_dotenv

DEFAULT_VAR_DIR = Path("var")


class ConfigurationError(RuntimeError):
    """The server must not start with this configuration; the message says why."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from exc


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a number, got {raw!r}") from exc
    if not value > 0:
        raise ConfigurationError(f"{name} must be greater than 0, got {raw!r}")
    return value


@dataclass(frozen=True)
class GraphQLLimits:
    """Limits on what one GraphQL request may ask for (graphql-armor's range)."""

    max_depth: int = 10
    max_aliases: int = 15
    max_directives: int = 50
    max_tokens: int = 2000
    max_body_bytes: int = 1_000_000
    max_page_size: int = 100
    max_batch_emails: int = 1000


@dataclass(frozen=True)
class Settings:
    app_env: str = "development"
    database_url: str = ""
    jwt_secret: str = ""
    jwt_issuer: str = "edugraph"
    jwt_audience: str = "edugraph"
    access_token_seconds: int = 24 * 3600
    refresh_token_seconds: int = 3 * 24 * 3600
    firebase_project_id: str | None = None
    firebase_auth_emulator_host: str | None = None
    media_root: Path = Path("media")
    media_url: str = "/media/"
    cors_origins: tuple[str, ...] = ("*",)
    graphiql: bool = True
    upload_max_bytes: int = 300 * 1024 * 1024
    telegram_api_base: str = "https://api.telegram.org"
    telegram_bot_token: str | None = None
    run_worker: bool = True
    # Run large read queries on the planned executor (schema/planner.py).
    graphql_planner: bool = True
    # Background delivery (resolvers/worker.py, resolvers/outbox.py).
    worker_poll_seconds: float = 1.0
    outbox_lease_seconds: float = 120.0
    telegram_timeout_seconds: float = 15.0
    telegram_max_attempts: int = 5
    telegram_retry_seconds: float = 10.0
    limits: GraphQLLimits = field(default_factory=GraphQLLimits)
    # Operability (observability/): /metrics access, log lines, traces.
    metrics_token: str | None = None
    log_format: str = "json"
    log_level: str = "INFO"
    otel_endpoint: str | None = None
    api_docs: bool = True

    @property
    def production(self) -> bool:
        return self.app_env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(
        cls, env: dict[str, str] | None = None, *, var_dir: Path = DEFAULT_VAR_DIR
    ) -> Settings:
        if env is None:
            load_dotenv(override=False)
            env = dict(os.environ)
        app_env = env.get("APP_ENV", "development").strip().lower() or "development"
        if app_env not in {"development", "production", "test"}:
            raise ConfigurationError("APP_ENV must be development, test or production")
        production = app_env == "production"

        emulator = env.get("FIREBASE_AUTH_EMULATOR_HOST") or None
        if production and emulator:
            raise ConfigurationError(
                "FIREBASE_AUTH_EMULATOR_HOST is set while APP_ENV=production: with it, "
                "firebase-admin accepts unsigned and expired ID tokens. Unset it."
            )

        database_url = env.get("DATABASE_URL") or ""
        if not database_url:
            var_dir.mkdir(parents=True, exist_ok=True)
            database_url = f"sqlite+aiosqlite:///{var_dir / 'edugraph.sqlite3'}"

        jwt_secret = env.get("JWT_SECRET") or ""
        if not jwt_secret:
            if production:
                raise ConfigurationError("JWT_SECRET is required when APP_ENV=production")
            jwt_secret = _development_secret(var_dir)
        if production and len(jwt_secret) < 32:
            raise ConfigurationError("JWT_SECRET must be at least 32 characters in production")

        origins_raw = env.get("CORS_ORIGINS")
        if origins_raw is None:
            origins: tuple[str, ...] = () if production else ("*",)
        else:
            origins = tuple(o.strip() for o in origins_raw.split(",") if o.strip())

        limits = GraphQLLimits(
            max_depth=_int(env, "GRAPHQL_MAX_DEPTH", GraphQLLimits.max_depth),
            max_aliases=_int(env, "GRAPHQL_MAX_ALIASES", GraphQLLimits.max_aliases),
            max_directives=_int(env, "GRAPHQL_MAX_DIRECTIVES", GraphQLLimits.max_directives),
            max_tokens=_int(env, "GRAPHQL_MAX_TOKENS", GraphQLLimits.max_tokens),
            max_body_bytes=_int(env, "GRAPHQL_MAX_BODY_BYTES", GraphQLLimits.max_body_bytes),
        )

        timeout = _float(env, "TELEGRAM_TIMEOUT_SECONDS", cls.telegram_timeout_seconds)
        lease = _float(env, "OUTBOX_LEASE_SECONDS", cls.outbox_lease_seconds)
        # A delivery that outlives its lease may be claimed (and sent) by a second worker.
        if lease < 2 * timeout:
            raise ConfigurationError(
                "OUTBOX_LEASE_SECONDS must be at least twice TELEGRAM_TIMEOUT_SECONDS"
            )
        attempts = _int(env, "TELEGRAM_MAX_ATTEMPTS", cls.telegram_max_attempts)
        if attempts < 1:
            raise ConfigurationError("TELEGRAM_MAX_ATTEMPTS must be at least 1")

        return cls(
            app_env=app_env,
            database_url=database_url,
            jwt_secret=jwt_secret,
            firebase_project_id=env.get("FIREBASE_PROJECT_ID") or None,
            firebase_auth_emulator_host=emulator,
            media_root=Path(env.get("MEDIA_ROOT") or "media"),
            cors_origins=origins,
            graphiql=_flag(env.get("GRAPHIQL"), default=not production),
            upload_max_bytes=_int(env, "UPLOAD_MAX_BYTES", 300 * 1024 * 1024),
            telegram_api_base=env.get("TELEGRAM_API_BASE") or "https://api.telegram.org",
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            run_worker=_flag(env.get("RUN_WORKER"), default=True),
            graphql_planner=_flag(env.get("GRAPHQL_PLANNER"), default=True),
            worker_poll_seconds=_float(env, "WORKER_POLL_SECONDS", cls.worker_poll_seconds),
            outbox_lease_seconds=lease,
            telegram_timeout_seconds=timeout,
            telegram_max_attempts=attempts,
            telegram_retry_seconds=_float(
                env, "TELEGRAM_RETRY_SECONDS", cls.telegram_retry_seconds
            ),
            limits=limits,
            **_operability(env, production),
        )


class _Operability(TypedDict):
    metrics_token: str | None
    log_format: str
    log_level: str
    otel_endpoint: str | None
    api_docs: bool


def _operability(env: dict[str, str], production: bool) -> _Operability:
    log_format = (env.get("LOG_FORMAT") or "json").strip().lower()
    if log_format not in {"json", "text"}:
        raise ConfigurationError("LOG_FORMAT must be json or text")
    log_level = (env.get("LOG_LEVEL") or "INFO").strip().upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigurationError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    token = env.get("METRICS_TOKEN") or None
    if token is not None and len(token) < 16:
        raise ConfigurationError("METRICS_TOKEN must be at least 16 characters")
    return {
        "metrics_token": token,
        "log_format": log_format,
        "log_level": log_level,
        "otel_endpoint": env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or None,
        "api_docs": _flag(env.get("API_DOCS"), default=not production),
    }


def _development_secret(var_dir: Path) -> str:
    """A random secret made once and kept, so development tokens survive restarts."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "jwt_secret"
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(48)
    # Write aside, then link into place: two processes starting at once agree on one secret.
    tmp = var_dir / f".jwt_secret.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret)
    try:
        os.link(tmp, path)
    except FileExistsError:
        secret = path.read_text().strip()
    finally:
        tmp.unlink(missing_ok=True)
    return secret
