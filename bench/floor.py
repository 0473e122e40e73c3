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
SELECT u.id, lower(u.email) AS email, u.email AS stored_email, u.first_name, u.last_name,
       u.code, u.status, g.name AS group_name, t.first_name AS t_first,
       t.last_name AS t_last, c.code AS curator_code
FROM "user" u
LEFT JOIN "group" g ON g.id = u.group_id
LEFT JOIN "user" t ON t.id = g.teacher_id
LEFT JOIN "user" c ON c.id = u.curator_id
WHERE lower(u.email) IN ({emails}) AND u.role = 'STUDENT'
"""

# Only what the benchmark's GraphQL query selects: an essay's task type and its teacher's
# feedback come out of the JSON columns in SQL.
RESULTS = """
SELECT * FROM (
  SELECT a.id, a.user_id, a.kind, a.started_at, a.finished_at, a.raw_score, a.band, b.title,
         {task_type} AS task_type, {feedback} AS feedback,
         row_number() OVER (PARTITION BY a.user_id, a.kind
                            ORDER BY a.finished_at DESC, a.id DESC) AS rank
  FROM attempt a LEFT JOIN question_bank b ON b.id = a.bank_id
  WHERE a.user_id IN ({ids}) AND a.finished_at IS NOT NULL AND a.diagnostic = {false}
) ranked WHERE rank <= {limit} ORDER BY user_id, kind, rank
"""
POSTGRES_JSON = {
    "task_type": "a.meta->>'task_type'",
    "feedback": "CASE WHEN a.kind = 'WRITING' THEN (a.result->'teacher_feedback')::text END",
}
SQLITE_JSON = {
    "task_type": "json_extract(a.meta, '$.task_type')",
    "feedback": (
        "CASE WHEN a.kind = 'WRITING' THEN json_extract(a.result, '$.teacher_feedback') END"
    ),
}


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
        sql = RESULTS.format(ids="$1", false="false", limit="$2", **POSTGRES_JSON).replace(
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
        sql = RESULTS.format(
            ids=",".join("?" * len(ids)), false="0", limit=str(int(limit)), **SQLITE_JSON
        )
        return await asyncio.to_thread(self._fetch, sql, ids)


DB: Postgres | Sqlite = Sqlite() if URL.startswith("sqlite") else Postgres()


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _band(value: Any) -> float | None:
    return value / 10 if value is not None else None


def _raw(value: Any) -> int | None:
    return value // 100 if value is not None else None


def _overall(bands: list[float]) -> float | None:
    """The IELTS rounding of the mean: .25 up to .5, .75 up to the next band."""
    if not bands:
        return None
    mean = sum(bands) / len(bands)
    whole = int(mean)
    fraction = mean - whole
    return whole + (0.0 if fraction < 0.25 else 0.5 if fraction < 0.75 else 1.0)


def _practice(time_key: str, done_key: str) -> Any:
    """A listening or reading session: the two differ only in two keys' names."""

    def shape(row: Any, latest: bool) -> dict[str, Any]:
        out = {
            "databaseId": row["id"],
            "testTitle": row["title"],
            time_key: _iso(row["finished_at"]),
            "rawScore": _raw(row["raw_score"]),
            "bandScore": _band(row["band"]),
        }
        if latest:
            out[done_key] = True
        return out

    return shape


_listening = _practice("completedAt", "submitted")
_reading = _practice("endTime", "completed")


def _essay(row: Any, latest: bool) -> dict[str, Any]:
    out = {
        "databaseId": row["id"],
        "taskType": (row["task_type"] or "task2").upper(),
        "submittedAt": _iso(row["finished_at"]),
        "overallBand": _band(row["band"]),
    }
    if latest:
        feedback = orjson.loads(row["feedback"]) if row["feedback"] else None
        out["teacherFeedback"] = feedback and {
            "published": bool(feedback.get("published")),
            "teacherOverallScore": float(feedback["overall_score"])
            if feedback.get("overall_score") is not None
            else None,
        }
    return out


def _speaking(row: Any, latest: bool) -> dict[str, Any]:
    out = {
        "databaseId": row["id"],
        "conductedAt": _iso(row["started_at"]),
        "overallBandScore": _band(row["band"]),
    }
    if latest:
        out["completed"] = True
    return out


# module: (key in "latest", key in "history", shaping)
MODULES = {
    "LISTENING": ("listening", "listening", _listening),
    "READING": ("reading", "reading", _reading),
    "WRITING": ("writing", "essays", _essay),
    "SPEAKING": ("speaking", "speaking", _speaking),
}


async def lookup(emails: list[str], per_module: int) -> bytes:
    """The benchmark's GraphQL answer, field for field, as plain dictionaries."""
    wanted = [e.strip().lower() for e in emails]
    profiles = await DB.profiles(wanted)
    ids = [p["id"] for p in profiles]
    latest_rows, history_rows = await asyncio.gather(
        DB.results(ids, 1), DB.results(ids, per_module) if per_module else asyncio.sleep(0)
    )
    latest: dict[int, dict[str, Any]] = defaultdict(dict)
    bands: dict[int, list[float]] = defaultdict(list)
    for row in latest_rows:
        key, _, shape = MODULES[row["kind"]]
        latest[row["user_id"]][key] = shape(row, True)
        if row["band"] is not None:
            bands[row["user_id"]].append(row["band"] / 10)
    history: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in history_rows or ():
        _, key, shape = MODULES[row["kind"]]
        history[row["user_id"]][key].append(shape(row, False))
    by_email = {p["email"]: p for p in profiles}
    results = []
    for email in wanted:
        p = by_email.get(email)
        if p is None:
            results.append({"email": email, "error": "Student not found", "student": None})
            continue
        student_latest = latest.get(p["id"], {})
        student_history = history.get(p["id"], {})
        results.append(
            {
                "email": email,
                "error": None,
                "student": {
                    "fullName": f"{p['first_name']} {p['last_name']}",
                    "firstName": p["first_name"],
                    "lastName": p["last_name"],
                    "studentId": p["code"],
                    "email": p["stored_email"],
                    "status": p["status"],
                    "group": p["group_name"]
                    and {
                        "name": p["group_name"],
                        "teacher": {"fullName": f"{p['t_first']} {p['t_last']}"},
                    },
                    "curator": {"code": p["curator_code"]},
                    "ielts": {
                        "latest": {
                            **{m[0]: student_latest.get(m[0]) for m in MODULES.values()},
                            "overallBandApprox": _overall(bands.get(p["id"], [])),
                        },
                        "history": {m[1]: student_history.get(m[1], []) for m in MODULES.values()},
                    },
                },
            }
        )
    return orjson.dumps({"data": {"studentsByEmail": results}})


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
