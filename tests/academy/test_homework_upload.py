"""Homework files: streamed to MEDIA_ROOT, refused cleanly past UPLOAD_MAX_BYTES (413, or 400
when the storage's own limit is the smaller one), never half-written, never a 500."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy import func, select

from models import academy as academy_models
from models.db import read_session
from models.files import MediaStorage
from models.people import Role
from resolvers.context import Services
from server import create_app
from tests.academy.factories import make_group

LIMIT = 4096


def stored_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


async def homework_rows(services: Services) -> int:
    async with read_session(services.sessionmaker) as session:
        return int(
            await session.scalar(select(func.count()).select_from(academy_models.Homework)) or 0
        )


@pytest_asyncio.fixture
async def small_client(services: Services, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a 4 KB upload limit and its own media folder."""
    settings = services.settings.with_overrides(upload_max_bytes=LIMIT, media_root=tmp_path)
    small = dataclasses.replace(
        services, settings=settings, media=MediaStorage(tmp_path, max_bytes=LIMIT)
    )
    transport = httpx.ASGITransport(app=create_app(settings, small))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_a_file_within_the_limit_is_stored_and_served(
    small_client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    tmp_path: Path,
) -> None:
    group = await make_group(services)
    headers = await login_headers(await make_user(Role.TEACHER))
    content = b"%PDF" + b"x" * 2000
    response = await small_client.post(
        "/api/v1/homework/",
        data={"group": str(group.id), "text": "Read it"},
        files={"file": ("../../etc/passwd.pdf", content, "application/pdf")},
        headers=headers,
    )
    assert response.status_code == 201
    url = response.json()["file"]
    assert url.startswith("http://testserver/media/homework/") and ".." not in url
    assert (await small_client.get(url)).content == content
    [stored] = stored_files(tmp_path)
    assert stored.parent == tmp_path / "homework"


async def test_a_body_over_the_limit_is_refused_before_it_is_read(
    small_client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    tmp_path: Path,
) -> None:
    group = await make_group(services)
    headers = await login_headers(await make_user(Role.TEACHER))
    response = await small_client.post(
        "/api/v1/homework/",
        data={"group": str(group.id)},
        files={"file": ("big.pdf", b"x" * (LIMIT + 1), "application/pdf")},
        headers=headers,
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body is too large."}
    assert stored_files(tmp_path) == set() and await homework_rows(services) == 0


async def test_a_streamed_body_over_the_limit_is_cut_off(
    small_client: httpx.AsyncClient,
    make_user: Any,
    login_headers: Any,
    services: Services,
    tmp_path: Path,
) -> None:
    group = await make_group(services)
    headers = await login_headers(await make_user(Role.TEACHER))
    boundary = "edugraph-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="group"\r\n\r\n{group.id}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()

    async def chunks() -> AsyncIterator[bytes]:
        # no Content-Length: the limit is enforced while the body arrives
        yield head
        for _ in range(4):
            yield b"x" * 2048
        yield f"\r\n--{boundary}--\r\n".encode()

    response = await small_client.post(
        "/api/v1/homework/",
        content=chunks(),
        headers={**headers, "content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert stored_files(tmp_path) == set() and await homework_rows(services) == 0


async def test_the_storage_limit_gives_a_field_error_and_leaves_nothing(
    make_user: Any,
    login_headers: Any,
    services: Services,
    tmp_path: Path,
) -> None:
    # the request limit is the default 300 MB; the storage's own limit is smaller
    small = dataclasses.replace(services, media=MediaStorage(tmp_path, max_bytes=LIMIT))
    transport = httpx.ASGITransport(app=create_app(services.settings, small))
    group = await make_group(services)
    headers = await login_headers(await make_user(Role.TEACHER))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        response = await c.post(
            "/api/v1/homework/",
            data={"group": str(group.id), "text": "with a big file"},
            files={"file": ("big.pdf", b"x" * (LIMIT * 3), "application/pdf")},
            headers=headers,
        )
    assert response.status_code == 400
    assert response.json() == {"file": [f"The file is larger than {LIMIT} bytes."]}
    assert stored_files(tmp_path) == set() and await homework_rows(services) == 0
