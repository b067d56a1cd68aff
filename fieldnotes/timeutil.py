"""UTC timestamps in one format everywhere: ``2026-11-24T01:55:05.123456Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def local_text(text: str, seconds: bool = False) -> str:
    """A stored UTC time as this computer's local time: ``2026-11-24 09:55``."""
    try:
        when = parse_utc(text)
    except (TypeError, ValueError):
        return text or ""
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def utc_text(text: str) -> str:
    """The same time in UTC, for a tooltip: ``2026-11-24 01:55:05 UTC``."""
    try:
        return parse_utc(text).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (TypeError, ValueError):
        return text or ""
