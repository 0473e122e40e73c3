"""The center's time zone and its "today": times are stored in UTC, days are the center's."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

CENTER_TZ = ZoneInfo("Asia/Tashkent")


class HasClock(Protocol):
    def now(self) -> datetime: ...


def local_now(ctx: HasClock) -> datetime:
    """Now on the server clock, in the center's zone."""
    return ctx.now().astimezone(CENTER_TZ)


def today(ctx: HasClock) -> date:
    """Today in the center's zone."""
    return local_now(ctx).date()
