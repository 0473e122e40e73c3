"""The floor of the batch lookup: the same data with nothing in between.

A bare ASGI app (run by uvicorn like the server) answering `POST /batch` with
`{"emails": [...], "perModule": 5}`: three hand-written SQL statements (profiles with group,
teacher and curator; the latest result per module; the last `perModule` per module), straight
from the driver (asyncpg, or sqlite3 in a thread), encoded with orjson. No auth, no GraphQL,
no ORM: what any implementation of the batch lookup must at least spend.

    FLOOR_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/db uvicorn bench.floor:app
    FLOOR_DATABASE_URL=sqlite:///path/to/db.sqlite3 uvicorn bench.floor:app
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections import defaultdict
from typing import Any

import asyncpg
import orjson

URL = os.environ.get("FLOOR_DATABASE_URL", "")

PROFILES = """
SELECT u.id, lower(u.email) AS email, u.first_name, u.last_name, u.code, u.status,
       g.name AS group_name, t.first_name AS t_first, t.last_name AS t_last,
       c.code AS curator_code
FROM "user" u
LEFT JOIN "group" g ON g.id = u.group_id
LEFT JOIN "user" t ON t.id = g.teacher_id
LEFT JOIN "user" c ON c.id = u.curator_id
WHERE lower(u.email) IN ({emails}) AND u.role = 'STUDENT'
"""

RESULTS = """
SELECT * FROM (
  SELECT a.id, a.user_id, a.kind, a.bank_id, a.started_at, a.finished_at, a.raw_score, a.band,
         a.result, b.title,
         row_number() OVER (PARTITION BY a.user_id, a.kind
                            ORDER BY a.finished_at DESC, a.id DESC) AS rank
  FROM attempt a LEFT JOIN question_bank b ON b.id = a.bank_id
  WHERE a.user_id IN ({ids}) AND a.finished_at IS NOT NULL AND a.diagnostic = {false}
) ranked WHERE rank <= {limit} ORDER BY user_id, kind, rank
"""


class Postgres:
    def __init__(self) -> None:
        self.pool: asyncpg.Pool | None = None

    async def start(self) -> None:
        self.pool = await asyncpg.create_pool(URL, min_size=2, max_size=10)

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        assert self.pool is not None
        async with self.pool.acquire() as conn:
            return list(await conn.fetch(sql, *args))

    async def profiles(self, emails: list[str]) -> list[Any]:
        return await self.fetch(
            PROFILES.format(emails="$1").replace("IN ($1)", "= ANY($1::text[])"), emails
        )

    async def results(self, ids: list[int], limit: int) -> list[Any]:
        sql = RESULTS.format(ids="$1", false="false", limit="$2").replace(
            "IN ($1)", "= ANY($1::int[])"
        )
        return await self.fetch(sql, ids, limit)


class Sqlite:
    def __init__(self) -> None:
        self.path = URL.removeprefix("sqlite:///")

    async def start(self) -> None:
        pass

    def _fetch(self, sql: str, args: list[Any]) -> list[Any]:
        conn = sqlite3.connect(self.path)
        conn.row_factory = sqlite3.Row
        try:
            return list(conn.execute(sql, args))
        finally:
            conn.close()

    async def profiles(self, emails: list[str]) -> list[Any]:
        sql = PROFILES.format(emails=",".join("?" * len(emails)))
        return await asyncio.to_thread(self._fetch, sql, emails)

    async def results(self, ids: list[int], limit: int) -> list[Any]:
        sql = RESULTS.format(ids=",".join("?" * len(ids)), false="0", limit=str(int(limit)))
        return await asyncio.to_thread(self._fetch, sql, ids)


DB: Postgres | Sqlite = Sqlite() if URL.startswith("sqlite") else Postgres()


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _result(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "testId": row["bank_id"],
        "testTitle": row["title"],
        "startedAt": _iso(row["started_at"]),
        "finishedAt": _iso(row["finished_at"]),
        "rawScore": row["raw_score"] // 100 if row["raw_score"] is not None else None,
        "band": row["band"] / 10 if row["band"] is not None else None,
        "result": row["result"],
    }


async def lookup(emails: list[str], per_module: int) -> bytes:
    wanted = [e.strip().lower() for e in emails]
    profiles = await DB.profiles(wanted)
    ids = [p["id"] for p in profiles]
    latest_rows, history_rows = await asyncio.gather(
        DB.results(ids, 1), DB.results(ids, per_module) if per_module else asyncio.sleep(0)
    )
    latest: dict[int, dict[str, Any]] = defaultdict(dict)
    for row in latest_rows:
        latest[row["user_id"]][row["kind"]] = _result(row)
    history: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in history_rows or ():
        history[row["user_id"]][row["kind"]].append(_result(row))
    by_email = {p["email"]: p for p in profiles}
    results = []
    for email in wanted:
        p = by_email.get(email)
        if p is None:
            results.append({"email": email, "error": "Student not found"})
            continue
        results.append(
            {
                "email": email,
                "data": {
                    "fullName": f"{p['first_name']} {p['last_name']}",
                    "studentId": p["code"],
                    "group": p["group_name"],
                    "teacher": f"{p['t_first']} {p['t_last']}",
                    "curatorId": p["curator_code"],
                    "status": p["status"],
                    "latest": latest.get(p["id"], {}),
                    "history": history.get(p["id"], {}),
                },
            }
        )
    return orjson.dumps({"total": len(emails), "processed": len(wanted), "results": results})


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await DB.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    request = orjson.loads(body)
    payload = await lookup(request["emails"], int(request.get("perModule", 0)))
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": payload})
