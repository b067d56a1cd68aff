"""How many live records of each type every case holds, read from ``case_counts``.

Triggers on ``records`` (migration 008) keep that table equal to a full count on every write,
whichever path makes it (save, import, delete, purge, purge of delivered material), so the case
list opens in the same time over a thousand records or a million. :func:`recount` is the full
count the table stands for, for checks.
"""

from __future__ import annotations

# What the case list counts: not the case itself, nor links between records.
_NOT_LISTED = ("case", "link")


def in_case(conn, case_id: str) -> dict[str, int]:
    """type → how many live records of that type the case holds (itself not included)."""
    return dict(conn.execute("SELECT type, n FROM case_counts WHERE case_id = ?", (case_id,)))


def by_case(conn) -> dict[str, dict[str, int]]:
    """case id → {type: how many live records} for every case, links left out."""
    out: dict[str, dict[str, int]] = {}
    for case_id, rtype, n in conn.execute(
            "SELECT case_id, type, n FROM case_counts WHERE type NOT IN (?, ?)", _NOT_LISTED):
        out.setdefault(case_id, {})[rtype] = n
    return out


def recount(conn) -> dict[tuple[str, str], int]:
    """(case id, type) → n by counting every record: what ``case_counts`` must hold."""
    return {(c, t): n for c, t, n in conn.execute(
        "SELECT case_id, type, count(*) FROM records WHERE deleted = 0 AND case_id IS NOT NULL "
        "AND id != case_id GROUP BY case_id, type")}


def stored(conn) -> dict[tuple[str, str], int]:
    """(case id, type) → n as ``case_counts`` holds it."""
    return {(c, t): n for c, t, n in conn.execute("SELECT case_id, type, n FROM case_counts")}
