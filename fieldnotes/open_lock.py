"""One open Vault per vault folder: an advisory lock held for as long as the Vault is open.

Two processes (two app windows, or the app and the CLI) writing one vault at once would race
each other's checkpoints, key-slot rewrites and tail anchor. So every open :class:`Vault` holds
an exclusive advisory lock on ``vault.lock`` in the folder from its first step until it is
closed (or locked). A second open -- in another process or in this one, since the lock belongs
to one open file, not to the process -- is refused with :class:`VaultInUse` before the
passphrase's key is derived, and changes nothing on disk.

* ``vault.lock`` is always empty: the lock is the open file, never its content, so it says
  nothing about the vault or who opened it. It is left in place when the vault closes (removing
  it would let two openers lock two different files).
* A crash releases the lock with the process (the kernel drops flock locks and Windows byte
  locks when the file's last handle closes), so no stale lock ever has to be cleared by hand.
* The worker connections an open Vault hands out (``Vault.connect``) are connections of that
  one open: they do not take the lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from fieldnotes.errors import VaultInUse
from fieldnotes.i18n import _

try:
    import fcntl
except ImportError:  # Windows: a one-byte lock through msvcrt instead (a region past EOF)
    fcntl = None
    import msvcrt

NAME = "vault.lock"


def in_use_sentence() -> str:
    return _("This vault is already open in another Fieldnotes window or command; close it "
             "there first.")


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:  # BlockingIOError on POSIX, PermissionError on Windows
        return False
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


class OpenLock:
    """The lock one open Vault holds; :meth:`release` may be called any number of times."""

    def __init__(self, fd: int):
        self._fd: int | None = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def acquire(folder: Path) -> OpenLock:
    """Take the folder's lock, or raise :class:`VaultInUse` (nothing written then)."""
    fd = os.open(Path(folder) / NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    if not _try_lock(fd):
        os.close(fd)
        raise VaultInUse(in_use_sentence())
    return OpenLock(fd)


def check_free(folder: Path) -> None:
    """Raise :class:`VaultInUse` if another open holds the folder's lock. Creates nothing: a
    folder without ``vault.lock`` has never been opened since this lock existed, so it is free.
    Asked before the passphrase's key is derived (and, in the CLI, before it is asked for)."""
    try:
        fd = os.open(Path(folder) / NAME, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return
    try:
        if not _try_lock(fd):
            raise VaultInUse(in_use_sentence())
        _unlock(fd)
    finally:
        os.close(fd)
