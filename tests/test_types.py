"""Column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from models.base import Scaled, UTCDateTime


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_scaled_keeps_money_exact(dialect: object) -> None:
    money = Scaled(2)
    for value in ("600000.00", "0.10", "123456789.99", "-5.50"):
        stored = money.process_bind_param(Decimal(value), dialect)  # type: ignore[arg-type]
        assert isinstance(stored, int)
        assert money.process_result_value(stored, dialect) == Decimal(value)  # type: ignore[arg-type]
    assert str(money.process_result_value(60000000, dialect)) == "600000.00"  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        money.process_bind_param(Decimal("1.005"), dialect)  # type: ignore[arg-type]


def test_utc_datetime_normalises_and_refuses_naive() -> None:
    column = UTCDateTime()
    tashkent = timezone(timedelta(hours=5))
    stored = column.process_bind_param(
        datetime(2025, 2, 19, 10, 30, tzinfo=tashkent), sqlite.dialect()
    )
    assert stored == datetime(2025, 2, 19, 5, 30)
    assert column.process_result_value(stored, sqlite.dialect()) == datetime(
        2025, 2, 19, 5, 30, tzinfo=UTC
    )
    with pytest.raises(ValueError):
        column.process_bind_param(datetime(2025, 2, 19), sqlite.dialect())
