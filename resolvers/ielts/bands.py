"""Band input and answer keys: parsing bands and conversion tables from input, a test's
conversion table (the tables and rounding themselves live in assessment/scoring)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from resolvers.assessment.scoring import ielts_bands
from resolvers.assessment.scoring.ielts_bands import (
    BAND_MAX,
    BAND_MIN,
    ONE_PLACE,
    is_band,
)
from resolvers.errors import (
    NULL,
    Collector,
)
from resolvers.ielts.common import (
    AttemptKind,
    Bank,
    BankKind,
)

# ---------------------------------------------------------------------------------------------
# bands


def band_step_message() -> str:
    # Django's StepValueValidator wording, as the academy's other messages are Django's.
    return "Ensure this value is a multiple of step size 0.5."


def parse_band(value: Any, field: str, errors: Collector) -> Decimal | None:
    """A band from JSON or GraphQL input, with DRF's messages; None (and an error) if invalid."""
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        errors.add(field, "A valid number is required.", "INVALID")
        return None
    try:
        band = Decimal(str(value))
    except InvalidOperation:
        errors.add(field, "A valid number is required.", "INVALID")
        return None
    if not band.is_finite():
        errors.add(field, "A valid number is required.", "INVALID")
    elif band < BAND_MIN:
        errors.add(field, "Ensure this value is greater than or equal to 0.0.", "OUT_OF_RANGE")
    elif band > BAND_MAX:
        errors.add(field, "Ensure this value is less than or equal to 9.0.", "OUT_OF_RANGE")
    elif not is_band(band):
        errors.add(field, band_step_message(), "BAND_STEP")
    else:
        return band.quantize(ONE_PLACE)
    return None


def conversion_table_of(bank: Bank) -> list[tuple[int, Decimal]]:
    """The test's own table if it overrides the published one, else the published one."""
    module = AttemptKind.LISTENING if bank.kind == BankKind.IELTS_LISTENING else AttemptKind.READING
    return ielts_bands.table_of_test(module, bank.meta)


def validate_answer_key(value: Any, field: str, errors: Collector) -> dict[str, list[str]] | None:
    """{"1": "A" | ["A", "a"], ...} with at least one question; returned as lists."""
    if not isinstance(value, dict) or not value:
        errors.add(field, "Give an object mapping question numbers to accepted answers.", "INVALID")
        return None
    key: dict[str, list[str]] = {}
    for question, accepted in value.items():
        options = accepted if isinstance(accepted, list) else [accepted]
        if (
            not str(question).strip()
            or not options
            or not all(isinstance(o, str) and o.strip() for o in options)
        ):
            errors.add(
                field, f"Question {question}: give a non-empty answer or list of them.", "INVALID"
            )
            return None
        key[str(question).strip()] = [o.strip() for o in options]
    return key


def validate_conversion(value: Any, field: str, errors: Collector) -> list[list[Any]] | None:
    """[[lowest raw score, band], ...], raw scores falling and bands not rising."""
    message = (
        "Give rows [lowest raw score, band], highest first: raw scores falling, bands not rising."
    )
    if not isinstance(value, list) or not value:
        errors.add(field, message, "INVALID")
        return None
    rows: list[list[Any]] = []
    for row in value:
        if (
            not isinstance(row, list | tuple)
            or len(row) != 2
            or isinstance(row[0], bool)
            or not isinstance(row[0], int)
            or row[0] < 0
        ):
            errors.add(field, message, "INVALID")
            return None
        probe = Collector()
        band = parse_band(row[1], field, probe)
        if band is None:
            errors.add(field, message, "INVALID")
            return None
        rows.append([row[0], str(band)])
    for (raw_a, band_a), (raw_b, band_b) in zip(rows, rows[1:], strict=False):
        if raw_b >= raw_a or Decimal(band_b) > Decimal(band_a):
            errors.add(field, message, "INVALID")
            return None
    return rows
