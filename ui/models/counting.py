"""How many records of a kind, in words: "1 note", "3 testimonies" (through ngettext)."""

from __future__ import annotations

from fieldnotes.wording import count

COUNTED = ("person", "event", "testimony", "note", "attachment")


def count_of(rtype: str, n: int) -> str:
    if rtype == "person":
        return count(n, "{n} person", "{n} people")
    if rtype == "event":
        return count(n, "{n} event", "{n} events")
    if rtype == "testimony":
        return count(n, "{n} testimony", "{n} testimonies")
    if rtype == "note":
        return count(n, "{n} note", "{n} notes")
    if rtype == "attachment":
        return count(n, "{n} attachment", "{n} attachments")
    return count(n, "{n} record", "{n} records")


def case_line(counts: dict[str, int]) -> str:
    """What a case holds, in one line for the case list: only the kinds it has."""
    parts = [count_of(t, counts[t]) for t in COUNTED if counts.get(t)]
    return " · ".join(parts)
