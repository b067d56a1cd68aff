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


# Glue that keeps a piece of text on one line: a no-break space for a space, and a word joiner
# (zero width) beside each Chinese character, where a line may otherwise break.
NO_BREAK_SPACE, WORD_JOINER = "\u00a0", "\u2060"


def unbreakable(text: str) -> str:
    """``text`` as one piece a wrapping label never splits ("3 个附件" stays whole)."""
    out = []
    for i, ch in enumerate(text):
        if i and (ch >= "\u2e80" or text[i - 1] >= "\u2e80"):
            out.append(WORD_JOINER)
        out.append(NO_BREAK_SPACE if ch == " " else ch)
    return "".join(out)


def case_line(counts: dict[str, int]) -> str:
    """What a case holds, in one line for the case list: only the kinds it has. It wraps only
    between counts, never between a number and its unit."""
    parts = [unbreakable(count_of(t, counts[t])) for t in COUNTED if counts.get(t)]
    return f"{NO_BREAK_SPACE}· ".join(parts)  # the dot ends a line, never starts one
