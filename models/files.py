"""Uploaded files (homework, mock-test PDFs and audio) under MEDIA_ROOT, served at /media/.

The interface is what an object store would offer too: save a stream under a folder, get its
absolute URL, delete it.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

CHUNK = 1024 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FileTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The file is larger than {limit} bytes.")
        self.limit = limit


def safe_name(filename: str | None, default: str = "file") -> str:
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = _SAFE.sub("_", name).strip("._") or default
    return name[-120:]


class MediaStorage:
    def __init__(self, root: Path, url_prefix: str = "/media/", max_bytes: int | None = None):
        self.root = root
        self.url_prefix = "/" + url_prefix.strip("/") + "/"
        self.max_bytes = max_bytes

    def _copy(self, source: BinaryIO, folder: str, filename: str | None) -> str:
        """Copy in chunks into a new file; returns the stored path relative to the root."""
        directory = self.root / folder
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{secrets.token_hex(6)}_{safe_name(filename)}"
        target = directory / name
        written = 0
        try:
            with target.open("xb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if self.max_bytes is not None and written > self.max_bytes:
                        raise FileTooLarge(self.max_bytes)
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return f"{folder.strip('/')}/{name}"

    async def save(self, source: BinaryIO, folder: str, filename: str | None) -> str:
        return await asyncio.to_thread(self._copy, source, folder, filename)

    def path(self, stored: str) -> Path:
        resolved = (self.root / stored).resolve()
        if not str(resolved).startswith(str(self.root.resolve()) + os.sep):
            raise ValueError("path outside the media root")
        return resolved

    async def delete(self, stored: str | None) -> None:
        if stored:
            await asyncio.to_thread(self.path(stored).unlink, True)

    def url(self, stored: str | None, base_url: str) -> str | None:
        """Absolute URL, as the seeds show: http://host/media/folder/name."""
        if not stored:
            return None
        return base_url.rstrip("/") + self.url_prefix + quote(stored)

    def wipe(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
