"""Argon2id: turning a passphrase into a 256-bit key.

The passphrase slot of ``keyslots.json`` stores its Argon2id parameters (see
:class:`Argon2Params`), so every vault can be opened with the parameters it
was made with, and parameters can be raised later by rewriting that one slot.

Parameters never go below :data:`MIN_MEMORY_KIB` (64 MiB): below that, GPU
cracking of a seized laptop gets cheap. :func:`calibrate` measures this
machine to pick a default that costs about one second.

Passphrases are NFC-normalised before UTF-8 encoding, so the same passphrase
typed through different keyboards or input methods (precomposed "é" versus
"e" + combining accent) derives the same key.
"""

from __future__ import annotations

import base64
import binascii
import math
import os
import threading
import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from .errors import N_, KdfTooCostly, KeySlotsDamaged

MIN_MEMORY_KIB = 65536  # 64 MiB: the floor, whatever the machine
# What a slot may ask for, well above anything calibrate() picks (at most 1 GiB, and passes
# beyond 3 only on a machine ~8x faster than a 2-core laptop): a doctored keyslots.json must
# not make every unlock allocate gigabytes or run for minutes before it is refused.
MAX_MEMORY_KIB = 2 * 1024 * 1024  # 2 GiB
MAX_ITERATIONS = 64
MAX_WORK_KIB = 8 * 1024 * 1024  # memory x passes: 8 GiB-passes, ~10 s on a 2-core laptop
MAX_LANES = 16
KEY_LENGTH = 32
SALT_LENGTH = 16
_ALGORITHM = "argon2id"
_DAMAGED = N_("The passphrase settings in keyslots.json are damaged.")
_TOO_COSTLY = N_("keyslots.json asks for more memory or time to unlock than Fieldnotes ever sets "
               "({mib} MiB, {passes} passes); it was altered, so it was not used.")


@dataclass(frozen=True)
class Argon2Params:
    """Everything needed, besides the passphrase, to re-derive a key."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def to_json(self) -> dict:
        return {
            "algorithm": _ALGORITHM,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }

    @classmethod
    def from_json(cls, d: object) -> Argon2Params:
        """Validate and load parameters read from a file; KeySlotsDamaged if out of range.

        The bounds also stop a doctored file from making the app allocate
        absurd memory or loop for hours before refusing the passphrase.
        """
        if not isinstance(d, dict) or d.get("algorithm") != _ALGORITHM:
            raise KeySlotsDamaged(_DAMAGED)
        memory = _int_in(d.get("memory_kib"), MIN_MEMORY_KIB, 1 << 62)
        iterations = _int_in(d.get("iterations"), 1, 1 << 62)
        if memory > MAX_MEMORY_KIB or iterations > MAX_ITERATIONS or \
                memory * iterations > MAX_WORK_KIB:
            raise KdfTooCostly(_TOO_COSTLY, mib=memory // 1024, passes=iterations)
        lanes = _int_in(d.get("lanes"), 1, MAX_LANES)
        salt_text = d.get("salt")
        if not isinstance(salt_text, str):
            raise KeySlotsDamaged(_DAMAGED)
        try:
            salt = base64.b64decode(salt_text.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise KeySlotsDamaged(_DAMAGED) from None
        if not 16 <= len(salt) <= 64:
            raise KeySlotsDamaged(_DAMAGED)
        return cls(memory_kib=memory, iterations=iterations, lanes=lanes, salt=salt)


def _int_in(value: object, low: int, high: int) -> int:
    # bool is a subclass of int in Python; "true" is not a number of KiB.
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise KeySlotsDamaged(_DAMAGED)
    return value


def new_params(
    memory_kib: int = MIN_MEMORY_KIB, iterations: int = 1, lanes: int = 4
) -> Argon2Params:
    """Parameters with a fresh random 16-byte salt. Refuses memory below the floor."""
    if memory_kib < MIN_MEMORY_KIB:
        raise ValueError(f"Argon2id memory must be at least {MIN_MEMORY_KIB} KiB")
    if memory_kib > MAX_MEMORY_KIB:
        raise ValueError(f"Argon2id memory must be at most {MAX_MEMORY_KIB} KiB")
    if not 1 <= iterations <= MAX_ITERATIONS or memory_kib * iterations > MAX_WORK_KIB:
        raise ValueError("Argon2id iterations out of range")
    if not 1 <= lanes <= MAX_LANES:
        raise ValueError("Argon2id lanes out of range")
    return Argon2Params(memory_kib, iterations, lanes, os.urandom(SALT_LENGTH))


def minimum_params() -> Argon2Params:
    """The floor (64 MiB, one pass): for tests and FIELDNOTES_KDF_PROFILE=minimum."""
    return new_params(MIN_MEMORY_KIB, 1)


# Two Argon2id derivations with lanes > 1 running at once in one process never finish
# (cryptography 50 / OpenSSL's shared thread pool; seen when Settings timed the key strength
# while a vault was being opened). One at a time also bounds the memory they take together.
_ONE_AT_A_TIME = threading.Lock()


def derive_key(passphrase: str, params: Argon2Params) -> bytes:
    """Argon2id(NFC(passphrase) as UTF-8) -> 32 bytes. Releases the GIL while working."""
    if not isinstance(passphrase, str):
        raise TypeError("passphrase must be a str")
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    with _ONE_AT_A_TIME:
        return kdf.derive(secret)


def _time_one(memory_kib: int, iterations: int, lanes: int) -> float:
    params = new_params(memory_kib, iterations, lanes)
    start = time.perf_counter()
    derive_key("calibration", params)
    return time.perf_counter() - start


def calibrate(
    target_seconds: float = 1.0,
    min_memory_kib: int = MIN_MEMORY_KIB,
    max_memory_kib: int = 1048576,
    lanes: int = 4,
) -> Argon2Params:
    """Pick parameters that cost about ``target_seconds`` on this machine.

    Argon2id's cost is close to proportional to memory x iterations, so we
    measure once at the floor (64 MiB, t=1), extrapolate, and check the guess
    with one more measurement, correcting it once. Iterations grow first, up
    to 3 (RFC 9106's second recommended option uses t=3), then memory grows
    up to ``max_memory_kib``; if memory is capped, iterations grow again.
    Calibration costs about 2-3 x target_seconds in total.
    """
    if min_memory_kib < MIN_MEMORY_KIB:
        raise ValueError(f"Argon2id memory must be at least {MIN_MEMORY_KIB} KiB")
    max_memory_kib = max(min(max_memory_kib, MAX_MEMORY_KIB), min_memory_kib)

    base = _time_one(min_memory_kib, 1, lanes)
    per_unit = base / min_memory_kib  # seconds per KiB-iteration
    memory, iterations = _choose(target_seconds, per_unit, min_memory_kib, max_memory_kib)
    if (memory, iterations) != (min_memory_kib, 1):
        # Large memory is slower per KiB than small (caches), so check once.
        measured = _time_one(memory, iterations, lanes)
        per_unit = measured / (memory * iterations)
        memory, iterations = _choose(target_seconds, per_unit, min_memory_kib, max_memory_kib)
    return new_params(memory, iterations, lanes)


def _choose(target: float, per_unit: float, low: int, high: int) -> tuple[int, int]:
    """Memory and iterations whose predicted cost is closest to ``target``."""
    units = target / max(per_unit, 1e-12)  # KiB-iterations that fit the budget
    iterations = max(1, min(3, math.floor(units / low)))
    memory = int(units / iterations)
    if memory > high:
        memory = high
        iterations = max(1, min(MAX_ITERATIONS, MAX_WORK_KIB // high, round(units / high)))
    memory = max(low, memory // 1024 * 1024)  # whole MiB are easier to read
    return memory, iterations
