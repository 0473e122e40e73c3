"""IELTS bands: 0.0 to 9.0 in steps of 0.5, the published raw-score conversion tables and the
IELTS rounding of an overall band. Pure functions; parsing input lives with the faces' inputs."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any

BAND_MIN = Decimal("0.0")
BAND_MAX = Decimal("9.0")
HALF = Decimal("0.5")
ONE_PLACE = Decimal("0.1")

LISTENING = "LISTENING"
READING = "READING"


class ReadingVariant(enum.StrEnum):
    ACADEMIC = "ACADEMIC"
    GENERAL_TRAINING = "GENERAL_TRAINING"


def is_band(value: Decimal) -> bool:
    """0.0 to 9.0 in steps of 0.5."""
    return BAND_MIN <= value <= BAND_MAX and (value * 2) == (value * 2).to_integral_value()


def round_overall(mean: Decimal) -> Decimal:
    """The IELTS rule: a fraction below .25 rounds down, from .25 to .5, from .75 up a band."""
    whole = mean.to_integral_value(rounding=ROUND_FLOOR)
    fraction = mean - whole
    if fraction < Decimal("0.25"):
        rounded = whole
    elif fraction < Decimal("0.75"):
        rounded = whole + HALF
    else:
        rounded = whole + 1
    return rounded.quantize(ONE_PLACE)


def overall_band(bands: Iterable[Decimal | None]) -> Decimal | None:
    """The IELTS-rounded mean of the bands given (None ones left out); None if there are none."""
    present = [b for b in bands if b is not None]
    if not present:
        return None
    return round_overall(sum(present, Decimal(0)) / len(present))


# The published IELTS conversion tables (40 questions): (lowest raw score, band), highest first.
# They end at band 2.5; below that, any correct answer gives 2.0 and none gives 0.0.
_LOW_END = [(1, "2.0"), (0, "0.0")]


def _table(rows: list[tuple[int, str]]) -> list[tuple[int, Decimal]]:
    return [(raw, Decimal(band)) for raw, band in [*rows, *_LOW_END]]


LISTENING_TABLE = _table(
    [(39, "9.0"), (37, "8.5"), (35, "8.0"), (32, "7.5"), (30, "7.0"), (26, "6.5"), (23, "6.0")]
    + [(18, "5.5"), (16, "5.0"), (13, "4.5"), (10, "4.0"), (8, "3.5"), (6, "3.0"), (4, "2.5")]
)
ACADEMIC_READING_TABLE = _table(
    [(39, "9.0"), (37, "8.5"), (35, "8.0"), (33, "7.5"), (30, "7.0"), (27, "6.5"), (23, "6.0")]
    + [(19, "5.5"), (15, "5.0"), (13, "4.5"), (10, "4.0"), (8, "3.5"), (6, "3.0"), (4, "2.5")]
)
GENERAL_READING_TABLE = _table(
    [(40, "9.0"), (39, "8.5"), (37, "8.0"), (36, "7.5"), (34, "7.0"), (32, "6.5"), (30, "6.0")]
    + [(27, "5.5"), (23, "5.0"), (19, "4.5"), (15, "4.0"), (12, "3.5"), (9, "3.0"), (6, "2.5")]
)


def published_table(module: str, variant: str | None = None) -> list[tuple[int, Decimal]]:
    if module == LISTENING:
        return LISTENING_TABLE
    if variant == ReadingVariant.GENERAL_TRAINING:
        return GENERAL_READING_TABLE
    return ACADEMIC_READING_TABLE


def band_for_raw(raw: int, table: Sequence[tuple[int, Decimal]]) -> Decimal:
    for lowest, band in table:
        if raw >= lowest:
            return band
    return BAND_MIN.quantize(ONE_PLACE)


def conversion_table(
    module: str, variant: str | None, override: Sequence[Sequence[Any]] | None
) -> list[tuple[int, Decimal]]:
    """A test's own table if it has one, else the published table of its module and variant."""
    if override:
        return [(int(raw), Decimal(str(band))) for raw, band in override]
    return published_table(module, variant)


def table_of_test(module: str, meta: Mapping[str, Any] | None) -> list[tuple[int, Decimal]]:
    """The conversion table of a practice test from its stored settings (`variant`,
    `conversion`)."""
    meta = meta or {}
    return conversion_table(module, meta.get("variant"), meta.get("conversion"))
