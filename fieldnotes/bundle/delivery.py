"""How a finished bundle reaches its final name, crash-consistently.

An export writes its bundle under a temporary name beside the destination. The order is:

1. ``begin``: the vault notes the temporary and the final name (committed) before the
   temporary file is created;
2. the bundle is written to the temporary file and fsynced;
3. the sending is recorded (``bundles_sent``, ``bundle_revisions``, audit) and committed;
4. ``deliver``: only then is the file renamed to its final name, the folder fsynced, and the
   note dropped.

So a bundle exists at its final name only once its sending is committed. A process killed at
any point leaves at most a temporary file and the note, and ``reconcile`` — run at the start of
every export, and callable on its own — settles it: a bundle whose sending was committed is
moved to its final name (it is complete: it was fsynced before the commit); any other
temporary file is removed, since nothing in the vault says it was sent. A temporary file on a
drive that is not there now keeps its note until the drive is back.

The notes live in the ``meta`` table (``export.pending.<bundle id>``): no schema change.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from fieldnotes.vault import transaction

_PREFIX = "export.pending."


def begin(conn, bundle_id: str, tmp: Path, out: Path) -> None:
    """Note (committed) that ``tmp`` is about to hold bundle ``bundle_id`` for ``out``."""
    with transaction(conn):
        conn.execute("INSERT INTO meta(key, value) VALUES(?, ?)",
                     (_PREFIX + bundle_id, json.dumps({"tmp": str(tmp), "out": str(out)})))


def _forget(conn, bundle_id: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM meta WHERE key = ?", (_PREFIX + bundle_id,))


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems (vfat over FUSE) cannot
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _move(tmp: Path, out: Path) -> None:
    """Rename without replacing: a file already at ``out`` is never overwritten."""
    if out.exists():
        raise FileExistsError(out)
    os.rename(tmp, out)
    _fsync_folder(out.parent)


def deliver(conn, bundle_id: str, tmp: Path, out: Path) -> None:
    """After the sending is committed: move the bundle to its final name, drop the note."""
    _move(tmp, out)
    _forget(conn, bundle_id)


def abandon(conn, bundle_id: str, tmp: Path) -> None:
    """Before the sending was committed (a failure, a cancel): remove the file and the note."""
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    _forget(conn, bundle_id)


def _sent(conn, bundle_id: str) -> bool:
    return conn.execute("SELECT 1 FROM bundles_sent WHERE bundle_id = ? LIMIT 1",
                        (bundle_id,)).fetchone() is not None


def reconcile(conn) -> list[Path]:
    """Settle the exports a crash interrupted (see module); returns the final names of the
    bundles that were moved into place now."""
    rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE ?",
                        (_PREFIX + "%",)).fetchall()
    finished = []
    for key, value in rows:
        bundle_id = key[len(_PREFIX):]
        note = json.loads(value)
        tmp, out = Path(note["tmp"]), Path(note["out"])
        if not tmp.parent.is_dir():
            continue  # the drive is not there now: settle it when it is
        try:
            if not _sent(conn, bundle_id):
                abandon(conn, bundle_id, tmp)
            elif tmp.exists():
                deliver(conn, bundle_id, tmp, out)
                finished.append(out)
            else:  # moved already; killed before the note was dropped
                _forget(conn, bundle_id)
        except OSError:
            continue  # a name taken meanwhile, a read-only drive: keep the note, try again
    return finished
