"""Validation of exam input: the fields of an exam and its questions and options, every
problem reported at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from resolvers.context import AppContext
from resolvers.errors import (
    BLANK,
    NULL,
    REQUIRED,
    Collector,
    max_length,
)
from resolvers.exams.common import (
    ITEM_TYPE,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    SAMPLE_KEY,
    TEST,
    TITLE_MAX,
    WRITTEN,
)

# ---------------------------------------------------------------------------------------------
# validation of exam input


@dataclass(frozen=True)
class OptionData:
    text: str
    is_correct: bool
    order: int


@dataclass(frozen=True)
class QuestionData:
    text: str
    type: str
    order: int
    options: list[OptionData]
    written_answer_sample: str | None


EXAM_FIELDS = frozenset(
    {
        "subject_id",
        "title",
        "description",
        "time_limit",
        "is_published",
        "is_active",
        "date",
        "questions",
    }
)
_MISSING = object()
_TRUE = {True, "true", "True", "TRUE", "1", "yes", "on"}
_FALSE = {False, "false", "False", "FALSE", "0", "no", "off"}


def _as_text(errors: Collector, field: str, value: Any, *, required: bool) -> str | None:
    """DRF CharField rules: required, not null, not blank; numbers become text."""
    if value is _MISSING:
        if required:
            errors.add(field, REQUIRED, "REQUIRED")
        return None
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        errors.add(field, "Not a valid string.", "INVALID")
        return None
    text = str(value).strip()
    if required and not text:
        errors.add(field, BLANK, "BLANK")
        return None
    return text


def _as_int(errors: Collector, field: str, value: Any, *, minimum: int = 0) -> int | None:
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    if number is None:
        errors.add(field, "A valid integer is required.", "INVALID")
        return None
    if number < minimum:
        errors.add(field, f"Ensure this value is greater than or equal to {minimum}.", "MIN_VALUE")
        return None
    return number


def _as_bool(errors: Collector, field: str, value: Any) -> bool | None:
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if isinstance(value, bool | int | str) and value in _TRUE:
        return True
    if isinstance(value, bool | int | str) and value in _FALSE:
        return False
    errors.add(field, "Must be a valid boolean.", "INVALID")
    return None


def _as_list(errors: Collector, field: str, value: Any, limit: int) -> list[Any] | None:
    if value is None:
        errors.add(field, NULL, "REQUIRED")
        return None
    if not isinstance(value, list | tuple):
        errors.add(
            field, f'Expected a list of items but got type "{type(value).__name__}".', "INVALID"
        )
        return None
    if len(value) > limit:
        errors.add(field, f"Ensure this field has no more than {limit} elements.", "TOO_MANY")
        return None
    return list(value)


def _as_mapping(errors: Collector, field: str, value: Any) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        errors.add(
            field,
            f"Invalid data. Expected a dictionary, but got {type(value).__name__}.",
            "INVALID",
        )
        return None
    return value


def _parse_options(errors: Collector, base: str, raw: list[Any]) -> list[OptionData] | None:
    parsed: list[OptionData] = []
    ok = True
    for j, entry in enumerate(raw):
        field = f"{base}.{j}"
        option = _as_mapping(errors, field, entry)
        if option is None:
            ok = False
            continue
        text = _as_text(errors, f"{field}.text", option.get("text", _MISSING), required=True)
        correct_raw = option.get("is_correct", _MISSING)
        if correct_raw is _MISSING:
            errors.add(f"{field}.is_correct", REQUIRED, "REQUIRED")
            correct = None
        else:
            correct = _as_bool(errors, f"{field}.is_correct", correct_raw)
        order_raw = option.get("order")
        order = j + 1 if order_raw is None else _as_int(errors, f"{field}.order", order_raw)
        if text is None or correct is None or order is None:
            ok = False
            continue
        parsed.append(OptionData(text=text, is_correct=correct, order=order))
    return parsed if ok else None


def _parse_questions(errors: Collector, raw: Any) -> list[QuestionData]:
    entries = _as_list(errors, "questions", raw, MAX_QUESTIONS)
    questions: list[QuestionData] = []
    for i, entry in enumerate(entries or []):
        base = f"questions.{i}"
        question = _as_mapping(errors, base, entry)
        if question is None:
            continue
        text = _as_text(errors, f"{base}.text", question.get("text", _MISSING), required=True)
        kind = question.get("type", _MISSING)
        if kind is _MISSING:
            errors.add(f"{base}.type", REQUIRED, "REQUIRED")
            kind = None
        elif kind is None:
            errors.add(f"{base}.type", NULL, "REQUIRED")
        elif kind not in ITEM_TYPE:
            errors.add(f"{base}.type", f'"{kind}" is not a valid choice.', "INVALID_CHOICE")
            kind = None
        order_raw = question.get("order")
        order = i + 1 if order_raw is None else _as_int(errors, f"{base}.order", order_raw)

        options: list[OptionData] | None = []
        options_raw = question.get("options")
        if options_raw is not None:
            listed = _as_list(errors, f"{base}.options", options_raw, MAX_OPTIONS)
            options = None if listed is None else _parse_options(errors, f"{base}.options", listed)
        sample_raw = question.get(SAMPLE_KEY)
        sample = None
        if sample_raw is not None:
            sample = _as_text(errors, f"{base}.{SAMPLE_KEY}", sample_raw, required=False) or None

        if kind == WRITTEN and options:
            errors.add(f"{base}.options", "Only test questions have options.", "NOT_ALLOWED")
        if kind == TEST and sample:
            errors.add(
                f"{base}.{SAMPLE_KEY}",
                "Only written questions have a sample answer.",
                "NOT_ALLOWED",
            )
        if kind == TEST and options is not None:
            if len(options) < MIN_OPTIONS:
                errors.add(
                    f"{base}.options",
                    f"A test question needs at least {MIN_OPTIONS} options.",
                    "TOO_FEW_OPTIONS",
                )
            elif sum(o.is_correct for o in options) != 1:
                errors.add(
                    f"{base}.options", "Exactly one option must be correct.", "CORRECT_OPTION_COUNT"
                )
        if text is None or kind is None or order is None or options is None:
            continue
        questions.append(
            QuestionData(
                text=text,
                type=kind,
                order=order,
                options=options if kind == TEST else [],
                written_answer_sample=sample if kind == WRITTEN else None,
            )
        )
    return questions


async def _validate_exam(
    ctx: AppContext, data: Mapping[str, Any], *, full: bool
) -> tuple[dict[str, Any], list[QuestionData] | None]:
    """Column values and questions to write; every problem is reported at once.

    `full` (create, PUT) requires subject and title; a partial update (PATCH) requires nothing.
    """
    unknown = set(data) - EXAM_FIELDS
    if unknown:
        raise ValueError(f"unknown exam fields: {sorted(unknown)}")
    errors = Collector()
    values: dict[str, Any] = {}

    subject_id = data.get("subject_id", _MISSING)
    if subject_id is _MISSING:
        if full:
            errors.add("subject", REQUIRED, "REQUIRED")
    elif subject_id is None:
        errors.add("subject", NULL, "REQUIRED")
    else:
        values["subject_id"] = subject_id

    title = _as_text(errors, "title", data.get("title", _MISSING), required=full or "title" in data)
    if title is not None:
        if len(title) > TITLE_MAX:
            errors.add("title", max_length(TITLE_MAX), "TOO_LONG")
        values["title"] = title
    if "description" in data:
        # A blank or absent description is an empty one.
        description = data["description"]
        values["description"] = (
            ""
            if description is None
            else _as_text(errors, "description", description, required=False)
        )
    if "time_limit" in data:
        values["time_limit_minutes"] = _as_int(errors, "time_limit", data["time_limit"])
    for name in ("is_published", "is_active"):
        if name in data:
            values[name] = _as_bool(errors, name, data[name])
    if "date" in data:
        if data["date"] is None:
            errors.add("date", NULL, "REQUIRED")
        elif not isinstance(data["date"], date):
            errors.add(
                "date",
                "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
                "INVALID",
            )
        else:
            values["date"] = data["date"]

    questions = _parse_questions(errors, data["questions"]) if "questions" in data else None

    if "subject_id" in values and not errors.has("subject"):
        subject = await ctx.loaders.subject_by_id.load(values["subject_id"])
        if subject is None:
            errors.add(
                "subject",
                f'Invalid pk "{values["subject_id"]}" - object does not exist.',
                "DOES_NOT_EXIST",
            )
    errors.raise_if_any()
    return values, questions
