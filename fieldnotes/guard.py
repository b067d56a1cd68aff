"""What every connection of one open vault shares: may it write, and how far its history reaches.

* Each connection the vault hands out is a :class:`GuardedConnection`: a read that meets a
  damaged page (SQLite's "malformed", SQLCipher's failed page HMAC) marks the vault damaged,
  here and in ``vault.anchor`` so the next process knows too, and from then on every write is
  refused with a sentence saying why, instead of building on a broken file.
* After each commit the vault's tail anchor (:mod:`fieldnotes.anchor`) is moved to the last
  audit entry; at open the anchor is compared with the audit log (:meth:`Guard.evaluate`).
* A write that fails because the disk is full says so (:func:`translate`), not "cannot
  rollback" or "disk I/O error".
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from fieldnotes import anchor as anchor_mod
from fieldnotes.audit import GENESIS
from fieldnotes.errors import DiskFull, Refused
from fieldnotes.i18n import _, ngettext

_CORRUPT, _IOERR, _FULL, _NOTADB = 11, 10, 13, 26


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_damage(exc: BaseException) -> bool:
    """A read met a page that fails its check (not a busy lock, not a full disk)."""
    code = _code(exc)
    if code is not None:
        return code in (_CORRUPT, _NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def is_full(exc: BaseException, folder: Path | None = None) -> bool:
    """The disk (or the user's quota) is full: SQLite says so, or an OS write did, or SQLite
    said only "disk I/O error" on a file system with no space left."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    code = _code(exc)
    if code == _FULL:
        return True
    return code == _IOERR and folder is not None and free_bytes(folder) == 0


def free_bytes(folder: Path) -> int:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return -1
    return st.f_bavail * st.f_frsize


def disk_full_sentence() -> str:
    return _("The disk is full, so nothing was saved and the vault is unchanged. Free some "
             "space and try again.")


def translate(exc: BaseException, folder: Path | None) -> BaseException:
    """The error to show for a failed write: DiskFull when the disk is full, else ``exc``."""
    if isinstance(exc, sqlcipher3.Error | OSError) and is_full(exc, folder):
        return DiskFull(disk_full_sentence())
    return exc


@contextlib.contextmanager
def full_disk_said(folder: Path | None):
    """Within it, a write that fails for want of space raises DiskFull with its sentence;
    any other failure goes on as it was."""
    try:
        yield
    except (sqlcipher3.Error, OSError) as exc:
        shown = translate(exc, folder)
        if shown is exc:
            raise
        raise shown from None


@dataclass(frozen=True)
class Problem:
    kind: str       # lost | diverged | anchor | damaged
    sentence: str
    detail: dict


class Guard:
    """Shared by every connection of one open vault."""

    def __init__(self, folder: Path, anchor: anchor_mod.Anchor | None):
        self.folder = Path(folder)
        self.anchor = anchor
        self.problem: Problem | None = None
        self._lock = threading.Lock()
        self._overridden = threading.local()

    # -- writes -----------------------------------------------------------------------------

    def check_writable(self) -> None:
        if self.problem is not None and not getattr(self._overridden, "on", False):
            raise Refused(self.problem.sentence)

    def allowing_writes(self):
        """A context in which this thread may write despite a problem (the acknowledgement)."""
        guard = self

        class _Allow:
            def __enter__(self):
                guard._overridden.on = True

            def __exit__(self, *exc):
                guard._overridden.on = False

        return _Allow()

    def committed(self, conn, sync: bool = False) -> None:
        """A transaction committed (or the WAL was checkpointed, ``sync``): move the anchor to
        the audit log's last entry."""
        if self.anchor is None or self.problem is not None:
            return
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        if row:
            try:
                self.anchor.advance(row[0], row[1], sync)
            except OSError:
                pass  # a full disk: the anchor lags, which only weakens the check, never lies

    # -- damage -----------------------------------------------------------------------------

    def met(self, exc: BaseException) -> None:
        if is_damage(exc):
            self.mark_damaged()

    def mark_damaged(self) -> None:
        with self._lock:
            if self.problem is not None and self.problem.kind == "damaged":
                return
            self.problem = Problem("damaged", damaged_sentence(), {})
        if self.anchor is not None:
            try:
                self.anchor.mark_damaged()
            except OSError:
                pass

    def clear_damage(self, conn) -> None:
        """A full check passed: the damage flag goes, and the anchor is compared afresh."""
        if self.anchor is not None:
            self.anchor.clear_damaged()
        self.evaluate(conn)

    # -- the tail anchor at open ------------------------------------------------------------

    def evaluate(self, conn) -> None:
        """Compare the anchor with the audit log and set :attr:`problem` (None if all is well)."""
        self.problem = self._compare(conn) if self.anchor is not None else None

    def _compare(self, conn) -> Problem | None:
        try:
            state = self.anchor.read()
        except anchor_mod.Unreadable:
            return Problem("anchor", _(
                "vault.anchor, which records how far the history of vault.db reaches, is "
                "damaged, so Fieldnotes cannot tell whether recent changes are missing. The "
                "vault is read-only until you acknowledge this (fieldnotes audit acknowledge)."),
                {"anchor": "unreadable"})
        if state is None:
            anchored = conn.execute("SELECT 1 FROM meta WHERE key = 'anchored'").fetchone()
            if not anchored:
                return None  # a vault from before the anchor: adopted by adopt()
            return Problem("anchor", _(
                "vault.anchor is missing, so Fieldnotes cannot tell whether recent changes are "
                "missing from vault.db. The vault is read-only until you acknowledge this "
                "(fieldnotes audit acknowledge)."), {"anchor": "missing"})
        if state.damaged:
            return Problem("damaged", damaged_sentence(), {})
        seq, digest = tail(conn)
        detail = {"anchored_seq": state.seq, "anchored_hash": state.hash, "last_seq": seq}
        if seq < state.seq:
            n = state.seq - seq
            return Problem("lost", ngettext(
                "The last change is missing from vault.db (its -wal file was lost or damaged). "
                "The vault is read-only until you acknowledge the loss (fieldnotes audit "
                "acknowledge).",
                "The last {n} changes are missing from vault.db (its -wal file was lost or "
                "damaged). The vault is read-only until you acknowledge the loss (fieldnotes "
                "audit acknowledge).", n).format(n=n), dict(detail, missing=n))
        if state.seq:
            row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (state.seq,)).fetchone()
            if row is None or row[0] != state.hash:
                return Problem("diverged", _(
                    "vault.db is not the copy this vault last wrote: its audit entry {seq} "
                    "differs from the one vault.anchor recorded. The vault is read-only until "
                    "you acknowledge this (fieldnotes audit acknowledge).").format(
                        seq=state.seq), detail)
        return None


def damaged_sentence() -> str:
    return _("A read met a damaged page of vault.db, so nothing more is saved into it. Run "
             "fieldnotes check, and restore the vault from a backup.")


def tail(conn) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


class GuardedCursor(sqlcipher3.Cursor):
    """A cursor that tells the vault's guard when a read meets a damaged page."""

    def _watch(self, fn, *args):
        try:
            return fn(*args)
        except sqlcipher3.DatabaseError as exc:
            guard = getattr(self.connection, "guard", None)
            if guard is not None:
                guard.met(exc)
            raise

    def execute(self, *args):
        return self._watch(super().execute, *args)

    def executemany(self, *args):
        return self._watch(super().executemany, *args)

    def fetchone(self):
        return self._watch(super().fetchone)

    def fetchmany(self, *args):
        return self._watch(super().fetchmany, *args)

    def fetchall(self):
        return self._watch(super().fetchall)

    def __next__(self):
        return self._watch(super().__next__)


class GuardedConnection(sqlcipher3.Connection):
    """A connection whose cursors are :class:`GuardedCursor`; ``guard`` is set by the vault."""

    guard: Guard | None = None

    def cursor(self, factory=GuardedCursor):
        return super().cursor(factory)

    def execute(self, *args):
        return self.cursor().execute(*args)

    def executemany(self, *args):
        return self.cursor().executemany(*args)
