"""Field checks shared by the academy's domains, worded as Django REST framework words them
(the academy dialect shows these messages as they are; GraphQL shows them in userErrors)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from resolvers.errors import BLANK, NULL, REQUIRED, Collector, max_length


def invalid_pk(value: object) -> str:
    return f'Invalid pk "{value}" - object does not exist.'


def invalid_choice(value: object) -> str:
    return f'"{value}" is not a valid choice.'


def min_value(n: int) -> str:
    return f"Ensure this value is greater than or equal to {n}."


def max_value(n: int) -> str:
    return f"Ensure this value is less than or equal to {n}."


def require(
    errors: Collector, data: Mapping[str, Any], names: Iterable[str], *, partial: bool
) -> None:
    """Full writes (create, PUT) need every required field; partial ones (PATCH) do not."""
    if partial:
        return
    for name in names:
        if name not in data:
            errors.add(name, REQUIRED, "REQUIRED")


def text(
    errors: Collector,
    data: Mapping[str, Any],
    name: str,
    values: dict[str, Any],
    *,
    limit: int | None = None,
    blank: bool = True,
    null: bool = False,
    column: str | None = None,
) -> None:
    """Check a string field if it was sent; put the cleaned value into `values`."""
    if name not in data:
        return
    value = data[name]
    if value is None:
        if null:
            values[column or name] = None
        else:
            errors.add(name, NULL, "NULL")
        return
    value = str(value).strip()
    if not value and not blank:
        errors.add(name, BLANK, "BLANK")
    elif limit is not None and len(value) > limit:
        errors.add(name, max_length(limit), "TOO_LONG")
    else:
        values[column or name] = value if value or not null else None


def not_null(errors: Collector, data: Mapping[str, Any], name: str) -> bool:
    """True when the field was sent with a value; reports a null."""
    if name not in data:
        return False
    if data[name] is None:
        errors.add(name, NULL, "NULL")
        return False
    return True
