"""Mock tests (seed 001 §18.1): three parts with their files, durations and answer keys,
an entry code drawn by the assessment core."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import select

from auth import policies
from models.db import read_session, write_session
from models.files import FileTooLarge
from resolvers.assessment import codes
from resolvers.context import AppContext
from resolvers.errors import (
    BLANK,
    REQUIRED,
    Collector,
    NotFound,
    ValidationFailed,
    max_length,
)
from resolvers.ielts.bands import (
    validate_answer_key,
)
from resolvers.ielts.common import (
    BANK_ID,
    Bank,
    BankKind,
    MockPart,
    MockSection,
    User,
)
from resolvers.ielts.inputs import (
    _by_ref,
    _int,
    parse_uuid,
)
from resolvers.pagination import Page, PageArgs, SortKey, paginate

# ---------------------------------------------------------------------------------------------
# mock tests (seed 001 §18.1)

CODE_LENGTH = codes.CODE_LENGTH
MOCK_FOLDERS = {
    ("READING", "file"): "tests/reading",
    ("WRITING", "file"): "tests/writing",
    ("LISTENING", "audio_file"): "mock_tests/listening/audio",
    ("LISTENING", "question_file"): "mock_tests/listening/questions",
}
PART_FILES = {
    MockPart.READING: ("file",),
    MockPart.WRITING: ("file",),
    MockPart.LISTENING: ("audio_file", "question_file"),
}
NO_FILE = "No file was submitted."
EMPTY_FILE = "The submitted file is empty."


@dataclass
class Upload:
    """A file as it arrives: a readable stream and the client's file name."""

    stream: BinaryIO
    filename: str | None


@dataclass
class MockSectionInput:
    file: Upload | None = None
    audio_file: Upload | None = None
    question_file: Upload | None = None
    duration: Any = None
    question_count: Any = None
    answer_key: Any = None


def _is_empty(upload: Upload) -> bool:
    stream = upload.stream
    try:
        position = stream.tell()
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(position)
    except (OSError, ValueError):
        return False
    return size == 0


def authorize_mock_test_create(ctx: AppContext) -> None:
    """Raise unless the caller may create mock tests (checked before an upload is read)."""
    ctx.require("mock.test.create")


async def mock_test_create(
    ctx: AppContext, title: Any, sections: Mapping[str, MockSectionInput | None]
) -> Bank:
    """A mock test with its reading, writing and listening parts, files streamed to storage;
    the 6-character code is drawn here and `created_by` is the caller."""
    ctx.require("mock.test.create")
    errors = Collector()
    if title is None:
        errors.add("title", REQUIRED, "REQUIRED")
    elif not isinstance(title, str):
        errors.add("title", "Not a valid string.", "INVALID")
    elif not title.strip():
        errors.add("title", BLANK, "BLANK")
    elif len(title.strip()) > 255:
        errors.add("title", max_length(255), "TOO_LONG")
    checked: dict[MockPart, dict[str, Any]] = {}
    for part in MockPart:
        name = part.value.lower()
        given = sections.get(name)
        if given is None:
            errors.add(name, REQUIRED, "REQUIRED")
            continue
        values: dict[str, Any] = {}
        for file_field in PART_FILES[part]:
            upload = getattr(given, file_field)
            if upload is None:
                errors.add(f"{name}.{file_field}", NO_FILE, "REQUIRED")
            elif _is_empty(upload):
                errors.add(f"{name}.{file_field}", EMPTY_FILE, "INVALID")
            values[file_field] = upload
        values["duration"] = _int(given.duration, f"{name}.duration", errors)
        values["question_count"] = _int(given.question_count, f"{name}.question_count", errors)
        if given.answer_key is not None and part is not MockPart.WRITING:
            values["answer_key"] = validate_answer_key(
                given.answer_key, f"{name}.answer_key", errors
            )
        checked[part] = values
    errors.raise_if_any()

    saved: list[str] = []
    try:
        rows: list[MockSection] = []
        for part, values in checked.items():
            stored: dict[str, str] = {}
            for file_field in PART_FILES[part]:
                upload = values[file_field]
                path = await ctx.services.media.save(
                    upload.stream, MOCK_FOLDERS[(part.value, file_field)], upload.filename
                )
                saved.append(path)
                stored[file_field] = path
            rows.append(
                MockSection(
                    created_at=ctx.now(),
                    updated_at=ctx.now(),
                    part=part.value,
                    duration=values["duration"],
                    question_count=values["question_count"],
                    answer_key=values.get("answer_key"),
                    **stored,
                )
            )
        bank = await _insert_mock_test(ctx, title.strip(), rows)
    except FileTooLarge as exc:
        await _delete_files(ctx, saved)
        raise ValidationFailed.single(None, str(exc), "TOO_LARGE") from exc
    except BaseException:
        await _delete_files(ctx, saved)
        raise
    return bank


async def _insert_mock_test(ctx: AppContext, title: str, sections: list[MockSection]) -> Bank:
    async def build(session: Any, code: str) -> Bank:
        bank = Bank(
            created_at=ctx.now(),
            updated_at=ctx.now(),
            kind=BankKind.MOCK.value,
            title=title,
            code=code,
            is_published=True,
            created_by_id=ctx.principal.user_id,
            time_limit_minutes=sum(s.duration for s in sections),
            meta={},
        )
        session.add(bank)
        await session.flush()
        for section in sections:
            section.bank_id = bank.id
        session.add_all(sections)
        await session.flush()
        return bank

    return await codes.with_new_code(ctx.sessionmaker, build)


async def _delete_files(ctx: AppContext, paths: Iterable[str | None]) -> None:
    for path in paths:
        await ctx.services.media.delete(path)


async def get_mock_test(ctx: AppContext, test_id: Any) -> Bank:
    ctx.require("mock.test.read")
    bank = await _mock_test(ctx, test_id)
    if bank is None:
        raise NotFound()
    return bank


async def _mock_test(ctx: AppContext, test_id: Any) -> Bank | None:
    if isinstance(test_id, int) and not isinstance(test_id, bool):
        bank = await ctx.loaders.ielts.bank_by_id.load(test_id)
        return bank if bank is not None and bank.kind == BankKind.MOCK else None
    key = parse_uuid(test_id)
    return await ctx.loaders.ielts.mock_test_by_uuid.load(key) if key else None


async def get_mock_tests_by_id(ctx: AppContext, ids: Sequence[int]) -> list[Bank | None]:
    if not ctx.allowed("mock.test.read"):
        return [None] * len(ids)
    banks = await ctx.loaders.ielts.bank_by_id.load_many(list(ids))
    return [b if b is not None and b.kind == BankKind.MOCK else None for b in banks]


async def all_mock_tests(ctx: AppContext) -> list[Bank]:
    """Every mock test, newest first (the academy's list is not paged)."""
    ctx.require("mock.test.read")
    async with read_session(ctx.sessionmaker) as session:
        rows = await session.scalars(
            select(Bank).where(Bank.kind == BankKind.MOCK.value).order_by(Bank.id.desc())
        )
        return list(rows)


async def mock_tests_page(ctx: AppContext, page: PageArgs) -> Page[Bank]:
    ctx.require("mock.test.read")
    return await paginate(
        ctx.sessionmaker,
        select(Bank).where(Bank.kind == BankKind.MOCK.value),
        [SortKey(BANK_ID, True, int)],
        page,
        key_of=lambda b: [b.id],
    )


async def mock_test_delete(ctx: AppContext, test_id: Any) -> uuid.UUID:
    """Delete a mock test and its files; its sessions stay, without a test."""
    ctx.require("mock.test.delete")
    condition = _by_ref(Bank, test_id)
    if condition is None:
        raise NotFound()
    async with write_session(ctx.sessionmaker) as session:
        bank = await session.scalar(select(Bank).where(condition, Bank.kind == BankKind.MOCK.value))
        if bank is None:
            raise NotFound()
        sections = list(
            await session.scalars(select(MockSection).where(MockSection.bank_id == bank.id))
        )
        await session.delete(bank)
    await _delete_files(ctx, [p for s in sections for p in (s.file, s.audio_file, s.question_file)])
    ctx.loaders.ielts.bank_by_id.clear(bank.id)
    ctx.loaders.ielts.mock_test_by_uuid.clear(bank.uuid)
    return bank.uuid


def can_see_code(ctx: AppContext) -> bool:
    return policies.can_see_mock_code(ctx.principal)


async def mock_sections(ctx: AppContext, bank_id: int) -> dict[str, MockSection]:
    rows = await ctx.loaders.ielts.mock_sections_by_bank_id.load(bank_id)
    return {s.part: s for s in rows}


@dataclass
class MockTestView:
    test: Bank
    sections: dict[str, MockSection]
    creator: User | None


async def mock_test_views(ctx: AppContext, banks: Sequence[Bank]) -> list[MockTestView]:
    """Tests with their parts and authors: two statements whatever the number of tests."""
    sections, creators = await asyncio.gather(
        ctx.loaders.ielts.mock_sections_by_bank_id.load_many([b.id for b in banks]),
        ctx.loaders.user_by_id.load_many(
            sorted({b.created_by_id for b in banks if b.created_by_id is not None})
        ),
    )
    by_creator = {u.id: u for u in creators if u is not None}
    return [
        MockTestView(
            b,
            {s.part: s for s in parts},
            by_creator.get(b.created_by_id) if b.created_by_id else None,
        )
        for b, parts in zip(banks, sections, strict=True)
    ]
