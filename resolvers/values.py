"""Reading raw input values (a REST body's JSON, or GraphQL's already typed arguments) into
domain values, with Django REST framework's messages so every face says the same thing.

Each reader takes the Collector, the field name and the value; it returns the domain value, or
None after adding the field's error.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from resolvers.errors import BLANK, NULL, REQUIRED, Collector, max_length

_INTEGER = re.compile(r"^[-+]?\d+$")
# Primary keys are 32-bit on every backend; larger numbers cannot name a row.
MAX_ID = 2**31 - 1


def valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def safe_id(value: int) -> int:
    """The id itself, or 0 (which names no row) when it is out of range for a key column."""
    return value if valid_id(value) else 0


def required(errors: Collector, field: str, data: dict[str, Any], key: str) -> bool:
    """True when `key` was given and is not null; otherwise the field's error is added."""
    if key not in data:
        errors.add(field, REQUIRED, "REQUIRED")
        return False
    if data[key] is None:
        errors.add(field, NULL, "REQUIRED")
        return False
    return True


def integer(errors: Collector, field: str, value: Any, message: str | None = None) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())
    errors.add(field, message or "A valid integer is required.", "INVALID")
    return None


def pk(errors: Collector, field: str, value: Any) -> int | None:
    """A related object's primary key, as DRF's PrimaryKeyRelatedField reads it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return safe_id(value)
    if isinstance(value, str) and value.strip().isdigit():
        return safe_id(int(value.strip()))
    errors.add(
        field, f"Incorrect type. Expected pk value, received {type(value).__name__}.", "INVALID"
    )
    return None


def string(
    errors: Collector,
    field: str,
    value: Any,
    *,
    max_len: int | None = None,
    allow_blank: bool = False,
) -> str | None:
    """DRF's CharField: numbers become text, surrounding whitespace is trimmed."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        errors.add(field, "Not a valid string.", "INVALID")
        return None
    text = str(value).strip()
    if not text and not allow_blank:
        errors.add(field, BLANK, "BLANK")
        return None
    if max_len is not None and len(text) > max_len:
        errors.add(field, max_length(max_len), "TOO_LONG")
        return None
    return text


def money(
    errors: Collector,
    field: str,
    value: Any,
    *,
    max_digits: int = 15,
    places: int = 2,
    minimum: Decimal = Decimal("0.01"),
) -> Decimal | None:
    """DRF's DecimalField(max_digits, decimal_places, min_value): exact, never via float."""
    if isinstance(value, bool):
        number = None
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float | str):
        try:
            # str() of a float is its shortest exact-looking form: 0.1 stays "0.1".
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
    else:
        number = None
    if number is None or not number.is_finite():
        errors.add(field, "A valid number is required.", "INVALID")
        return None
    _, digits, exponent = number.normalize().as_tuple()
    assert isinstance(exponent, int)
    decimals = max(0, -exponent)
    whole = max(0, len(digits) + exponent) if number else 0
    if whole + decimals > max_digits:
        errors.add(field, f"Ensure that there are no more than {max_digits} digits in total.")
        return None
    if decimals > places:
        errors.add(field, f"Ensure that there are no more than {places} decimal places.")
        return None
    if number < minimum:
        errors.add(field, f"Ensure this value is greater than or equal to {minimum}.")
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def item_list(errors: Collector, field: str, value: Any, *, allow_empty: bool = True) -> list[Any]:
    """DRF's ListField: a JSON array (an empty one only when allowed)."""
    if not isinstance(value, list | tuple):
        errors.add(
            field, f'Expected a list of items but got type "{type(value).__name__}".', "INVALID"
        )
        return []
    if not value and not allow_empty:
        errors.add(field, "This list may not be empty.", "EMPTY")
    return list(value)
