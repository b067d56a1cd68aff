"""Replacing ``keyslots.json`` (a new passphrase, a recovery) as one crash-consistent step whose
outcome is reported truthfully.

The order, each step durable before the next:

1. the new file is written beside the old one as ``keyslots.json.pending`` (temp file, fsync,
   rename) — a full disk fails here, and nothing has changed;
2. one audit entry naming the SHA-256 of the pending file is committed — a full disk fails
   here too; the pending file is removed and nothing has changed;
3. the pending file is renamed over ``keyslots.json`` and the folder synced.

A process killed between the steps leaves a pending file, which the next unlock settles
(:func:`unlock` and :func:`reconcile`): a change whose audit entry was committed is completed,
whichever passphrase was typed (the log says it happened, so it is made true); one whose entry
was not committed is dropped — unless it was the new passphrase that unlocked, in which case the
user knows it, and the change is completed and recorded then.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from crypto import errors as cerr
from crypto import keyslots
from fieldnotes import audit, vault_files
from fieldnotes.errors import DiskFull, VaultError, from_crypto
from fieldnotes.guard import disk_full_sentence, is_full
from fieldnotes.i18n import _

PENDING_NAME = "keyslots.json.pending"
_PASSPHRASE = ("vault.passphrase_changed", "vault.recovered", "vault.recovered_with_shares")


def replace(vault, new_slots: keyslots.KeySlots, action: str, detail: dict | None = None
            ) -> None:
    """Make ``new_slots`` the vault's keyslots.json, with its audit entry (``detail`` plus the
    new file's SHA-256), or change nothing."""
    from fieldnotes.vault import SLOTS_NAME, transaction

    data = new_slots.to_bytes()
    pending = vault.path / PENDING_NAME
    try:
        keyslots.write_atomic(pending, data)
        with transaction(vault.conn):
            audit.append(vault.conn, action, detail=dict(detail or {}, keyslots=_digest(data)))
    except (OSError, sqlcipher3.Error, DiskFull) as exc:
        with contextlib.suppress(OSError):
            os.unlink(pending)
        passphrase = action in _PASSPHRASE
        if isinstance(exc, DiskFull) or is_full(exc, vault.path):
            raise DiskFull(_("The disk is full, so the passphrase was not changed: the old one "
                             "still opens the vault. Free some space and try again.")
                           if passphrase else disk_full_sentence()) from None
        if isinstance(exc, OSError):
            raise VaultError(_("Nothing was changed: {file} could not be written ({reason})."
                               ).format(file=PENDING_NAME, reason=exc.strerror)) from None
        raise
    try:
        _install(pending, vault.path / SLOTS_NAME)
    except OSError as exc:
        raise VaultError(_("The new passphrase is recorded, but keyslots.json could not be "
                           "replaced ({reason}); the next unlock completes the change with "
                           "either passphrase.").format(reason=exc.strerror)) from None
    vault._slots = new_slots


def _install(pending: Path, target: Path) -> None:
    os.replace(pending, target)
    vault_files.fsync_dir(target.parent)


def unlock(path: Path, slots: keyslots.KeySlots,
           attempt: Callable[[keyslots.KeySlots], bytes]) -> tuple[bytes, keyslots.KeySlots]:
    """``attempt(slots)`` with keyslots.json, then (if it is refused and an interrupted change
    left a pending file) with the pending one. Returns the vault key and the slots it opened."""
    try:
        return attempt(slots), slots
    except cerr.CryptoError as exc:
        pending = _pending_slots(path)
        if pending is not None:
            with contextlib.suppress(cerr.CryptoError):
                return attempt(pending), pending
        raise from_crypto(exc) from None


def reconcile(vault) -> str | None:
    """Settle a pending keyslots.json left by an interrupted change. Returns a sentence to show
    when the change was completed now, else None."""
    from fieldnotes.vault import SLOTS_NAME, transaction

    pending_path = vault.path / PENDING_NAME
    try:
        data = pending_path.read_bytes()
    except FileNotFoundError:
        return None
    committed = _digest(data) in _recorded_digests(vault.conn)
    opened_with_pending = vault._slots.to_bytes() == data
    if not committed and not opened_with_pending:
        os.unlink(pending_path)  # never recorded, never used: the old passphrase stays
        vault_files.fsync_dir(vault.path)
        return None
    if not committed:
        if vault.guard.problem is not None:
            return None  # read-only: settled at an unlock after the problem is resolved
        with transaction(vault.conn):
            audit.append(vault.conn, "vault.passphrase_changed",
                         detail={"keyslots": _digest(data), "completed_at_unlock": True})
    _install(pending_path, vault.path / SLOTS_NAME)
    vault._slots = keyslots.KeySlots.from_bytes(data)
    return _("An interrupted passphrase change was completed: from now on the new passphrase "
             "opens this vault.")


def _pending_slots(path: Path) -> keyslots.KeySlots | None:
    try:
        return keyslots.load(Path(path) / PENDING_NAME)
    except cerr.CryptoError:
        return None


def _recorded_digests(conn) -> set[str]:
    """The keyslots.json digests named by the last audit entries (any change of the slots)."""
    rows = conn.execute("SELECT detail FROM audit ORDER BY seq DESC LIMIT 20").fetchall()
    out = set()
    for (detail,) in rows:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            out.add(json.loads(detail).get("keyslots"))
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
