"""Request plumbing of the academy endpoints: the caller's context (checked before the body is
read, as Django REST framework checks permissions first) and JSON-or-multipart bodies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from resolvers.academy import Upload
from resolvers.context import AppContext
from rest.common import app_context


def context_for(operation: str) -> Callable[[Request], Awaitable[AppContext]]:
    """A dependency: the request's AppContext, refused (401/403) unless it may run `operation`.
    The resolver checks again; this only makes refusals come before body errors."""

    async def dependency(request: Request) -> AppContext:
        ctx = await app_context(request)
        ctx.require(operation)
        return ctx

    return dependency


async def caller(request: Request) -> AppContext:
    """A dependency: the request's AppContext, for endpoints whose resolver words its refusal."""
    return await app_context(request)


def required_on_write(names: Sequence[str]) -> dict[str, Any]:
    """For a body model's `json_schema_extra`: the fields a full write (POST, PUT) needs, as the
    resolver declares them; the dialect's OpenAPI document shows PATCH bodies without them."""
    return {"required": list(names)}


def fields_sent(body: BaseModel | None) -> dict[str, Any]:
    """The fields a JSON body carried (null included), for PUT and PATCH alike."""
    return body.model_dump(exclude_unset=True) if body is not None else {}


def _validated(model: type[BaseModel], raw: dict[str, Any]) -> dict[str, Any]:
    try:
        return model.model_validate(raw).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc


@asynccontextmanager
async def json_or_multipart(
    request: Request, model: type[BaseModel], file_field: str = "file"
) -> AsyncIterator[tuple[dict[str, Any], Upload | None]]:
    """The body's fields checked against `model`, and the uploaded file if one came. A multipart
    file is spooled by Starlette (to disk past 1 MB) and read from there in chunks."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        async with request.form() as form:
            raw: dict[str, Any] = {}
            upload: Upload | None = None
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if name == file_field and value.filename:
                        upload = Upload(value.file, value.filename)
                elif name == file_field:
                    raw[name] = value or None  # an empty file field removes the file
                else:
                    raw[name] = value
            yield _validated(model, raw), upload
        return
    body = await request.body()
    if not body.strip():
        yield {}, None
        return
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body", 0), "msg": str(exc), "input": None}]
        ) from exc
    if not isinstance(parsed, dict):
        raise RequestValidationError(
            [{"type": "model_attributes_type", "loc": ("body",), "msg": "", "input": parsed}]
        )
    yield _validated(model, parsed), None
