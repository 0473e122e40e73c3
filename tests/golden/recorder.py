"""Golden responses: a scripted scenario's answers recorded once and compared byte for byte.

Each scenario plays requests through the real ASGI app with the clock frozen (the services'
clock and the wall clock alike) and writes, per request, its status, content type and body to
`tests/golden/fixtures/<scenario>.json`. Later runs must produce the same bytes. Only values
that are random by design are replaced, in order of first appearance, by stable placeholders:
JWTs, UUIDs, API keys, stored file names and the codes a scenario marks as drawn.

Re-record (only for a reviewed, intended change of responses):

    GOLDEN_RECORD=1 .venv/bin/python -m pytest -n 0 tests/golden
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import time_machine

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORD = os.environ.get("GOLDEN_RECORD", "") not in ("", "0", "false")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("jwt", re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")),
    ("uuid", re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
    ("uuidhex", re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")),
    ("apikey", re.compile(r"egk_[A-Za-z0-9_-]{43}")),
    ("keyprefix", re.compile(r"egk_[A-Za-z0-9_-]{8}(?![A-Za-z0-9_-])")),
    ("file", re.compile(r"(?<=/)[0-9a-f]{12}(?=_)")),
    ("argon2", re.compile(r"\$argon2id\$[^\"\s]+")),
]


@dataclass
class Golden:
    """Records one scenario's responses; `check()` compares (or writes) the fixture."""

    name: str
    client: httpx.AsyncClient
    records: list[dict[str, Any]] = field(default_factory=list)
    drawn: list[str] = field(default_factory=list)

    async def call(
        self,
        step: str,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        response = await self.client.request(method, path, headers=headers or {}, **kwargs)
        self.records.append(
            {
                "step": step,
                "request": f"{method} {path}",
                "status": response.status_code,
                "content_type": response.headers.get("content-type"),
                "body": response.text,
            }
        )
        return response

    async def gql(
        self,
        step: str,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        response = await self.call(step, "POST", "/graphql", headers, json=body)
        return dict(response.json())

    def mark_drawn(self, value: str | None) -> None:
        """A value the server drew at random (an entry code): replaced like a UUID."""
        if value and value not in self.drawn:
            self.drawn.append(value)

    def scrubbed(self) -> list[dict[str, Any]]:
        seen: dict[str, str] = {}
        counters: dict[str, int] = {}

        def placeholder(kind: str, value: str) -> str:
            if value not in seen:
                counters[kind] = counters.get(kind, 0) + 1
                seen[value] = f"<{kind}-{counters[kind]}>"
            return seen[value]

        drawn = (
            re.compile("|".join(re.escape(v) for v in sorted(self.drawn, key=len, reverse=True)))
            if self.drawn
            else None
        )

        def scrub(text: str | None) -> str | None:
            if text is None:
                return None
            for kind, pattern in _PATTERNS:

                def replace(match: re.Match[str], kind: str = kind) -> str:
                    return placeholder(kind, match.group(0))

                text = pattern.sub(replace, text)
            if drawn is not None:
                text = drawn.sub(lambda m: placeholder("code", m.group(0)), text)
            return text

        return [
            {**r, "request": scrub(r["request"]), "body": scrub(r["body"])} for r in self.records
        ]

    def check(self) -> None:
        path = FIXTURES / f"{self.name}.json"
        actual = self.scrubbed()
        text = json.dumps(actual, indent=1, ensure_ascii=False) + "\n"
        if RECORD:
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path.name}: record it with GOLDEN_RECORD=1"
        expected = json.loads(path.read_text(encoding="utf-8"))
        if actual == expected:
            return
        for want, got in zip(expected, actual, strict=False):
            if want != got:
                diff = "\n".join(
                    difflib.unified_diff(
                        json.dumps(want, indent=1, ensure_ascii=False).splitlines(),
                        json.dumps(got, indent=1, ensure_ascii=False).splitlines(),
                        "recorded",
                        "now",
                        lineterm="",
                    )
                )
                raise AssertionError(f"{self.name}: step {got['step']!r} changed:\n{diff}")
        raise AssertionError(f"{self.name}: {len(actual)} responses now, {len(expected)} recorded")


@contextmanager
def frozen(clock: Any, at: datetime) -> Iterator[Any]:
    """Freeze the wall clock (column defaults read it) and the services' clock at `at`;
    `shift(**delta)` on the result moves both."""
    clock.set(at)
    with time_machine.travel(at, tick=False) as traveller:

        class Shift:
            def __call__(self, **delta: float) -> None:
                step = timedelta(**delta)
                traveller.shift(step)
                clock.advance(**delta)

        yield Shift()


def selection(
    type_name: str, depth: int = 1, skip: tuple[str, ...] = (), *, interfaces: bool = False
) -> str:
    """Every field of `type_name` that takes no required argument: leaves, and objects down to
    `depth` levels (connections and lists of objects included; with `interfaces`, interface
    types too, with their `__typename`), as a selection set's body."""
    from graphql import (
        GraphQLInterfaceType,
        GraphQLObjectType,
        get_named_type,
        is_leaf_type,
        is_required_argument,
    )

    from schema import build_schema

    gql_schema = build_schema()._schema

    def body(named: GraphQLObjectType | GraphQLInterfaceType, level: int) -> str:
        parts: list[str] = ["__typename"] if isinstance(named, GraphQLInterfaceType) else []
        for name, fld in named.fields.items():
            if name in skip or any(is_required_argument(a) for a in fld.args.values()):
                continue
            inner = get_named_type(fld.type)
            if is_leaf_type(inner):
                parts.append(name)
            elif level > 0 and (
                isinstance(inner, GraphQLObjectType)
                or (interfaces and isinstance(inner, GraphQLInterfaceType))
            ):
                sub = body(inner, level - 1)
                if sub:
                    parts.append(f"{name} {{ {sub} }}")
        return " ".join(parts)

    named = gql_schema.get_type(type_name)
    assert isinstance(named, GraphQLObjectType), type_name
    return body(named, depth)
