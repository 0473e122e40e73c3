"""Configuration rules that keep a production server safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import ConfigurationError, Settings


def test_development_defaults_to_embedded_sqlite_and_a_kept_secret(tmp_path: Path) -> None:
    first = Settings.from_env({}, var_dir=tmp_path / "var")
    second = Settings.from_env({}, var_dir=tmp_path / "var")
    assert first.database_url.startswith("sqlite+aiosqlite:///")
    assert first.jwt_secret == second.jwt_secret and len(first.jwt_secret) >= 32
    assert first.graphiql is True and first.cors_origins == ("*",)


def test_production_requires_a_jwt_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        Settings.from_env({"APP_ENV": "production"}, var_dir=tmp_path)


def test_production_refuses_the_firebase_emulator(tmp_path: Path) -> None:
    env = {
        "APP_ENV": "production",
        "JWT_SECRET": "x" * 40,
        "FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099",
    }
    with pytest.raises(ConfigurationError, match="unsigned"):
        Settings.from_env(env, var_dir=tmp_path)


def test_production_turns_graphiql_and_open_cors_off(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"APP_ENV": "production", "JWT_SECRET": "x" * 40}, var_dir=tmp_path
    )
    assert settings.graphiql is False and settings.cors_origins == ()


def test_limits_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"GRAPHQL_MAX_DEPTH": "7"}, var_dir=tmp_path)
    assert settings.limits.max_depth == 7
    with pytest.raises(ConfigurationError):
        Settings.from_env({"GRAPHQL_MAX_DEPTH": "deep"}, var_dir=tmp_path)
