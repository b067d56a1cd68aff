"""Changing the passphrase and the key strength (Argon2id cost) of an unlocked vault.

Both rewrite only the passphrase slot of keyslots.json (the vault key is re-wrapped; the
database is untouched but for an audit entry), and both ask for the current passphrase first:
an unlocked laptop left alone for a minute must not be enough to lock its owner out.
The unlock time a cost means on this machine is estimated from one measurement at the floor
(Argon2id's time grows with memory x passes), as crypto.kdf.calibrate does.
"""

from __future__ import annotations

import time

from crypto import errors as cerr
from crypto import kdf
from fieldnotes.errors import Refused, from_crypto
from fieldnotes.i18n import N_, _

# (memory in KiB, passes, name): the choices offered; the vault's own cost is offered too.
COSTS = (
    (64 * 1024, 3, N_("Standard")),
    (256 * 1024, 3, N_("Strong")),
    (1024 * 1024, 3, N_("Very strong")),
)


def seconds_per_unit() -> float:
    """Seconds one KiB x pass of Argon2id takes here (measured once at the floor, ~0.1 s)."""
    params = kdf.new_params(kdf.MIN_MEMORY_KIB, 1)
    start = time.perf_counter()
    kdf.derive_key("measure", params)
    return (time.perf_counter() - start) / kdf.MIN_MEMORY_KIB


def estimate_seconds(memory_kib: int, iterations: int, per_unit: float) -> float:
    return memory_kib * iterations * per_unit


def new_slots(slots, current: str, new: str | None = None, memory_kib: int | None = None,
              iterations: int | None = None, floor_mib: int = 64):
    """The key slots with the passphrase slot wrapped again: under ``new`` (or the same
    passphrase) at the given cost (or the present one). Checks ``current`` first
    (WrongPassphrase). Only Argon2id work, no database: it runs on a worker thread.
    ``floor_mib``: an organisation's minimum memory cost."""
    present = slots.params()
    memory = memory_kib or present.memory_kib
    passes = iterations or present.iterations
    if memory < max(floor_mib * 1024, kdf.MIN_MEMORY_KIB):
        raise Refused(_("Your organisation asks for a key strength of at least {mib} MiB; "
                        "choose a stronger one.").format(mib=floor_mib))
    try:
        vault_key = slots.unlock_with_passphrase(current)
    except cerr.CryptoError as exc:
        raise from_crypto(exc) from None
    return slots.with_new_passphrase(vault_key, new or current,
                                     kdf.new_params(memory, passes, present.lanes))


def action_for(new: str | None) -> str:
    return "vault.passphrase_changed" if new else "vault.key_strength_changed"


def rewrap(vault, current: str, new: str | None = None, memory_kib: int | None = None,
           iterations: int | None = None, floor_mib: int = 64) -> None:
    """:func:`new_slots`, written to keyslots.json with its audit entry."""
    made = new_slots(vault.slots, current, new, memory_kib, iterations, floor_mib)
    vault.rewrite_slots(lambda _slots, _key: made, action_for(new))
