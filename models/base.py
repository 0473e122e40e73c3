"""Declarative base, naming convention and column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, MetaData, func
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stored in UTC on every backend; always read back as an aware UTC datetime.

    SQLite has no time zones, so the value is normalised on the way in and tagged on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        tz = value.tzinfo
        if tz is UTC:  # PostgreSQL's driver already answers in UTC
            return value  # type: ignore[no-any-return]
        if tz is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        # asyncpg answers `timestamptz` as aware UTC datetimes already: nothing to do per value
        # (large reads have tens of thousands of them). Other drivers go through the above.
        if dialect.name == "postgresql" and dialect.driver == "asyncpg":
            return self.impl_instance.result_processor(dialect, coltype)
        return super().result_processor(dialect, coltype)


class Scaled(TypeDecorator[Decimal]):
    """An exact decimal with a fixed number of places, stored as a scaled integer.

    Money and scores stay exact on SQLite too (which has no decimal type), and SUM() in SQL
    stays exact on both backends. `Scaled(2)` keeps cents, `Scaled(1)` tenths of a band.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self.factor = Decimal(10) ** places
        self._cache: dict[int, Decimal] = {}

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        exact = Decimal(str(value)) if not isinstance(value, Decimal) else value
        scaled = exact * self.factor
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # Exact, with exactly `places` digits after the point (12.30, not 12.3). Decimals are
        # immutable, so the common small values (bands, raw scores) are made once and shared:
        # large reads convert tens of thousands of them.
        found = self._cache.get(value)
        if found is None:
            found = Decimal(int(value)).scaleb(-self.places)
            if len(self._cache) < 4096:
                self._cache[value] = found
        return found

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        # The drivers hand integers over as they are (no processing of the impl's own to keep):
        # one call per value instead of TypeDecorator's two.
        if self.impl_instance.result_processor(dialect, coltype) is not None:
            return super().result_processor(dialect, coltype)
        cache = self._cache
        convert = self.process_result_value

        def process(value: Any) -> Decimal | None:
            found = cache.get(value)
            return found if found is not None else convert(value, dialect)

        return process


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )
