"""The one call this server makes to the Telegram Bot API: `sendMessage`.

`POST {base}/bot{token}/sendMessage` with JSON `{"chat_id", "text"}`. The answer is sorted into
sent, worth retrying (network trouble, timeouts, 429, 5xx) and permanent (any other refusal,
such as "chat not found" or a bot the student blocked). Error texts never contain the token.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class SendResult:
    ok: bool
    retryable: bool = False
    error: str | None = None
    # Telegram's own "retry after N seconds" on 429.
    retry_after: float | None = None


def chat_id_value(telegram_id: str) -> int | str:
    """Numeric chat IDs go as integers; anything else (an @channel name) as given."""
    text = telegram_id.strip()
    return int(text) if text.lstrip("-").isdigit() else text


def _describe(response: httpx.Response) -> tuple[str, dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        description = str(body.get("description") or response.reason_phrase)
        parameters = body.get("parameters")
        return description, parameters if isinstance(parameters, dict) else {}
    return response.reason_phrase or "unexpected answer", {}


async def send_message(
    client: httpx.AsyncClient,
    *,
    base_url: str,
    token: str,
    chat_id: int | str,
    text: str,
    time_limit: float,
) -> SendResult:
    url = f"{base_url.rstrip('/')}/bot{token}/sendMessage"
    try:
        # The whole exchange is bounded, not each phase: the outbox lease relies on it.
        async with asyncio.timeout(time_limit):
            response = await client.post(url, json={"chat_id": chat_id, "text": text})
    except TimeoutError:
        return SendResult(False, retryable=True, error="Telegram: no answer in time")
    except httpx.HTTPError as exc:
        message = str(exc).replace(token, "<token>") or type(exc).__name__
        return SendResult(False, retryable=True, error=f"Telegram: {message}")
    if response.is_success:
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("ok") is True:
            return SendResult(True)
        return SendResult(False, error="Telegram: unexpected answer to sendMessage")
    description, parameters = _describe(response)
    error = f"Telegram {response.status_code}: {description}".replace(token, "<token>")
    if response.status_code == 429:
        retry_after = parameters.get("retry_after")
        return SendResult(
            False,
            retryable=True,
            error=error,
            retry_after=float(retry_after) if isinstance(retry_after, int | float) else None,
        )
    return SendResult(False, retryable=response.status_code >= 500, error=error)
