"""Uploaded files: stored under MEDIA_ROOT, served back at absolute URLs, size-limited."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from models.files import FileTooLarge, MediaStorage
from resolvers.context import Services


async def test_saved_file_is_served_at_its_absolute_url(
    services: Services, client: httpx.AsyncClient
) -> None:
    stored = await services.media.save(io.BytesIO(b"%PDF-1.4 test"), "homework", "../../x y.pdf")
    assert stored.startswith("homework/") and stored.endswith("x_y.pdf") and ".." not in stored
    url = services.media.url(stored, "http://testserver/")
    assert url is not None and url.startswith("http://testserver/media/homework/")
    response = await client.get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 test"


async def test_too_large_files_leave_nothing_behind(tmp_path: Path) -> None:
    media = MediaStorage(tmp_path, max_bytes=10)
    with pytest.raises(FileTooLarge):
        await media.save(io.BytesIO(b"x" * 11), "homework", "big.bin")
    assert list((tmp_path / "homework").iterdir()) == []
