"""Opt-in wipe: destroy a vault's key slots (crypto-erase), on request or after N failed unlocks.

Off by default. When on, every failed unlock is counted in keyslots.json — a wrong passphrase,
a wrong recovery key, or a set of recovery shares that is not this vault's (a typo or too few
shares is refused by the shares' checksums before anything is tried, and is not counted); the
Nth (N at least 5) in a row destroys the vault. Any successful unlock resets the count.

What a wipe does: keyslots.json — the only place the vault key exists, wrapped — is
overwritten with random bytes, flushed to the disk, and removed; then vault.db, its journal
files and every attachment file are removed, and the folder with them, so the app starts as
on a fresh install. Without the key slots, vault.db and the attachment files are noise even
where their bytes are still on the disk: nothing the passphrase, the recovery key or the
shares can open.

What it does NOT do (said in the README and the app, too):
- it does not stop anyone who copied the disk before guessing: a copy has its own counter,
  and can be guessed at forever; the counter helps against a casual search or a border check,
  not against a forensic lab;
- on flash storage (SSD, USB stick, phone) an older copy of keyslots.json may survive in
  blocks the drive has not erased yet (every passphrase change wrote a new one); with such a
  copy, the old passphrase or the recovery key would still open the vault;
- it does not hide that Fieldnotes is installed, and there are no decoy vaults.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from crypto import keyslots
from fieldnotes.errors import FieldnotesError, VaultMissing
from fieldnotes.i18n import _
from fieldnotes.vault_files import SLOTS_NAME

MIN_FAILURES = keyslots.WIPE_MIN_FAILURES


def policy(slots: keyslots.KeySlots) -> int | None:
    """N, the failed unlocks that wipe the vault, or None when the wipe is off."""
    return slots.wipe["after"] if slots.wipe else None


def set_policy(vault, after: int | None) -> None:
    """Turn the wipe after ``after`` failed unlocks on (N >= 5), or off (None)."""
    if after is not None and (isinstance(after, bool) or not isinstance(after, int)
                              or not MIN_FAILURES <= after <= 1000):
        raise FieldnotesError(_("The number of failed unlocks before a wipe must be between "
                                "{low} and 1000.").format(low=MIN_FAILURES))
    wipe = None if after is None else {"after": after, "failures": 0}
    vault.rewrite_slots(lambda slots, key: slots.with_wipe(wipe), "vault.wipe_policy",
                        {"after": after})


def _overwrite_and_remove(path: Path) -> None:
    """Random bytes over the file's whole length, flushed, then the file removed."""
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as fh:
            fh.write(os.urandom(max(size, 1)))
            os.fsync(fh.fileno())
        path.unlink()


def destroy(folder: str | os.PathLike) -> None:
    """Crypto-erase the vault in ``folder`` (see module): key slots first, then the rest."""
    folder = Path(folder)
    for leftover in [folder / SLOTS_NAME, *folder.glob(f".{SLOTS_NAME}.*")]:
        _overwrite_and_remove(leftover)
    keyslots._fsync_folder(str(folder))
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def wipe_now(vault, confirm_name: str) -> None:
    """Wipe an unlocked vault after its name was typed; the vault is closed and gone."""
    name = vault.identity.name
    if " ".join(str(confirm_name).split()) != name:
        raise FieldnotesError(_("The name typed is not this vault's name; nothing was wiped."))
    folder = vault.path
    vault.close()
    destroy(folder)


def count_failure(folder: Path, slots: keyslots.KeySlots) -> None:
    """After a failed unlock (see module): count it, and wipe on the Nth (raising the
    sentence)."""
    if not slots.wipe:
        return
    failures = slots.wipe["failures"] + 1
    if failures >= slots.wipe["after"]:
        destroy(folder)
        raise VaultMissing(_("Too many failed unlocks (wrong passphrases, recovery keys or "
                             "recovery shares): as its settings asked, this vault was wiped "
                             "and cannot be opened any more."))
    counted = slots.with_wipe({**slots.wipe, "failures": failures})
    keyslots.write_atomic(Path(folder) / SLOTS_NAME, counted.to_bytes())


def count_success(folder: Path, slots: keyslots.KeySlots) -> keyslots.KeySlots:
    """After a successful unlock: the count starts again from zero."""
    if not slots.wipe or not slots.wipe["failures"]:
        return slots
    reset = slots.with_wipe({**slots.wipe, "failures": 0})
    keyslots.write_atomic(Path(folder) / SLOTS_NAME, reset.to_bytes())
    return reset
