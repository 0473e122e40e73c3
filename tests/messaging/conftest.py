"""A fake Telegram Bot API per test, and services that deliver to it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from resolvers.context import Services
from tests.messaging.fake_telegram import FakeTelegram


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def telegram_services(services: Services, telegram: FakeTelegram) -> Services:
    """The test's services (same database and clock) with a bot that talks to the fake."""
    settings = services.settings.with_overrides(
        telegram_api_base=telegram.base_url,
        telegram_bot_token=telegram.token,
        telegram_max_attempts=3,
        telegram_retry_seconds=10.0,
        telegram_timeout_seconds=5.0,
        outbox_lease_seconds=60.0,
        worker_poll_seconds=0.02,
    )
    return dataclasses.replace(services, settings=settings)
