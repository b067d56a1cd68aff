"""Numbered schema migrations: ``NNN_name.sql`` files applied in order, each in a transaction.

``meta.schema_version`` records the last one applied. A vault made by an older version is
brought up to date when it is opened; a vault from a newer version is refused, never touched.
Some take long on a big vault (009 builds an index: ~8 s over a million records), so the open
tells its job (``Job.begin(STAGE)``) before the first one, and the unlock screen says why it
waits; a usual open, with nothing to apply, says nothing.
"""

from __future__ import annotations

import re
from importlib import resources

import sqlcipher3

from fieldnotes.errors import VaultError
from fieldnotes.i18n import N_, _

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
STAGE = "schema"  # Job.begin's code while migrations are applied
UPDATING = N_("Updating the vault (once, after an update)…")  # what the app and CLI say then


def available() -> list[tuple[int, str]]:
    """(number, sql) for every migration shipped, in order."""
    found = []
    for entry in resources.files(__package__).iterdir():
        m = _NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _ in found]
    assert numbers == list(range(1, len(numbers) + 1)), "migrations must be numbered 1..N"
    return found


LATEST = len(available())


def current_version(conn) -> int:
    has_meta = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'"
    ).fetchone()[0]
    if not has_meta:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn, upto: int | None = None, job=None) -> int:
    """Apply every migration after the current one (up to ``upto``). Returns the new version.
    ``job`` (fieldnotes.jobs.Job) hears ``begin(STAGE)`` once, if there is any to apply."""
    target = LATEST if upto is None else upto
    version = current_version(conn)
    if version > LATEST:
        raise VaultError(
            _("This vault was made by a newer version of Fieldnotes; please update Fieldnotes.")
        )
    if version >= target:
        return version  # the usual open: no migration files read (they cost ~0.6 ms)
    if job is not None:
        job.begin(STAGE)
    for number, sql in available():
        if number <= version or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(number),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = number
    return version


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (no semicolons inside our SQL literals; a
    trigger's body, BEGIN … END, stays one statement)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    text = "\n".join(ln.split("--", 1)[0] for ln in lines)
    out, pending = [], ""
    for piece in text.split(";"):
        pending += piece + ";"
        if sqlcipher3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip().removesuffix(";"))
            pending = ""
    if pending.strip(" \n;"):
        out.append(pending.strip().removesuffix(";"))
    return out
