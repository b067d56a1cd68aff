"""Small pieces of wording shared by the command line and the app."""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 attachment``, ``2 attachments``, ``0 revisions``."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
