"""Which files make a vault, and what may be done to them before the vault is recognised.

A vault folder holds ``vault.db`` and ``keyslots.json`` (and ``vault.anchor``, see
:mod:`fieldnotes.anchor`); while it is open SQLite adds ``vault.db-wal`` and ``vault.db-shm``.

Two rules live here:

* Opening never writes to a file it has not recognised as this vault's. SQLite treats a file
  shorter than a page as a new, empty database and would write a fresh one into it, so a
  ``vault.db`` that cannot be a whole number of our pages is refused before SQLite sees it.
* ``init`` marks the folder (``init-unfinished``) before it writes anything and removes the mark
  only once ``keyslots.json`` is safely on disk. A folder that still has the mark is a creation
  that was interrupted: it is said so, and ``init`` may start it over. Without the mark a
  ``vault.db`` with no ``keyslots.json`` is a vault that lost its key file, which a backup can
  still put back, so nothing is ever removed then.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from fieldnotes.errors import VaultDamaged, VaultError
from fieldnotes.i18n import _

INIT_MARK = "init-unfinished"
DB_NAME = "vault.db"
SLOTS_NAME = "keyslots.json"
# What an interrupted init may have left; anything else in the folder stops a redo.
_INIT_LEFTOVERS = (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal",
                   SLOTS_NAME, "vault.anchor", INIT_MARK)


def check_db_file(db_path: Path, page_size: int) -> None:
    """Refuse a ``vault.db`` that cannot be ours before SQLite opens (and writes to) it."""
    try:
        size = db_path.stat().st_size
    except OSError:
        return  # missing: the caller names it
    if size == 0:
        raise VaultDamaged(_("vault.db is empty; the vault's data is gone from this folder."))
    if size < page_size or size % page_size:
        raise VaultDamaged(_("vault.db is truncated ({size} bytes); it was left untouched. "
                             "Restore it from a backup.").format(size=size))


def unfinished_init(path: Path) -> bool:
    return (Path(path) / INIT_MARK).exists()


def unfinished_sentence() -> str:
    return _("Creating this vault was interrupted before it finished, so it holds nothing that "
             "can be opened. Create it again (fieldnotes init) to start over.")


def begin_init(path: Path) -> None:
    """Mark the folder before the first byte of a new vault is written (durably)."""
    path = Path(path)
    fd = os.open(path / INIT_MARK, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path)


def end_init(path: Path) -> None:
    """The vault is complete on disk: drop the mark (durably)."""
    os.unlink(Path(path) / INIT_MARK)
    fsync_dir(path)


def redoable(path: Path) -> bool:
    """The folder holds the mark of an interrupted init and only what init itself writes."""
    path = Path(path)
    return unfinished_init(path) and all(
        p.name in _INIT_LEFTOVERS or _is_init_temp(p.name) for p in path.iterdir())


def clear_unfinished_init(path: Path) -> None:
    """Remove what an interrupted init left, so init can start over (only if redoable)."""
    path = Path(path)
    if not redoable(path):
        return
    for p in path.iterdir():
        if p.name != INIT_MARK:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(p)
    os.unlink(path / INIT_MARK)
    fsync_dir(path)


def _is_init_temp(name: str) -> bool:
    return name.startswith("." + SLOTS_NAME + ".") and name.endswith(".tmp")


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_can_create(path: Path) -> None:
    """Refuse to create a vault over anything that is already there."""
    path = Path(path)
    if redoable(path):
        return  # an interrupted init: create() starts it over
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise VaultError(_("{path} already exists and is not empty; no vault was created "
                           "there.").format(path=path))


def folder_problem(path: Path) -> str | None:
    """Why ``path`` cannot be opened whatever the passphrase, in one sentence; else None.

    The app asks this before the passphrase, so nobody types it (and waits for the key
    derivation) only to learn that the folder is not a vault or has lost a file."""
    path = Path(path)
    if not path.is_dir():
        return _("There is no vault at {path}.").format(path=path)
    if unfinished_init(path):
        return unfinished_sentence()
    has_db, has_slots = (path / DB_NAME).is_file(), (path / SLOTS_NAME).is_file()
    if not has_db and not has_slots:
        return _("This folder is not a Fieldnotes vault: it has no {file} or {slots}.").format(
            file=DB_NAME, slots=SLOTS_NAME)
    if not has_slots:
        return _("This vault has lost {slots}, which holds its key: neither the passphrase "
                 "nor the recovery key can open it. Put back the file from a backup."
                 ).format(slots=SLOTS_NAME)
    if not has_db:
        return _("This vault has lost {file}, which holds its records. Put back the file "
                 "from a backup.").format(file=DB_NAME)
    return None
