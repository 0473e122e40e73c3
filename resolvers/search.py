"""Text search helpers shared by the list resolvers and loaders."""

from __future__ import annotations


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards escaped (use with `escape="\\\\"`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
