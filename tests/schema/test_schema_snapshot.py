"""schema.graphql is the reviewed contract: it must match what the code exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_export() -> None:
    exported = subprocess.run(
        [sys.executable, "server.py", "export-schema"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    committed = (ROOT / "schema.graphql").read_text()
    assert exported == committed, (
        "schema.graphql is out of date: run `python server.py export-schema > schema.graphql` "
        "and review the difference"
    )


def test_every_field_and_type_is_described() -> None:
    from schema import build_schema

    missing = []
    for name, graphql_type in build_schema()._schema.type_map.items():
        if name.startswith("__") or name in {
            "String",
            "Int",
            "Boolean",
            "ID",
            "Float",
            "Query",
            "Mutation",
        }:
            continue
        if not graphql_type.description:
            missing.append(name)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
    assert missing == []
