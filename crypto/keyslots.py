"""keyslots.json: the vault key, wrapped once per way in.

The vault key is 32 random bytes; SQLCipher opens ``vault.db`` with it
directly. It never touches the disk in the clear. Instead ``keyslots.json``
holds it wrapped (AES-256-GCM) under one key per way in:

* ``passphrase`` - wrapping key = Argon2id(passphrase, stored parameters);
* ``recovery``   - wrapping key = HKDF-SHA256(recovery key,
  info=b"fieldnotes recovery slot v1"). The recovery key is already 256
  random bits, so no slow KDF is needed;
* ``shares``     - optional: wrapping key = the 256-bit secret that K of N SLIP-39
  recovery shares give back (crypto/shares.py), used as the AES key as it is, so
  ``shamir recover`` yields exactly the key this slot is wrapped under.

An optional top-level ``wipe`` holds the opt-in wipe policy: ``{"after": N, "failures": k}``
(N >= 5 failed passphrase unlocks destroy the key slots; k counts them). It is not secret and
not authenticated: it only counts what happens on this copy of the file.

Each wrap uses a fresh 12-byte nonce and the associated data
``fieldnotes-keyslot:v1:{vault_id}:{slot_name}``: a slot copied from another
vault, or moved to the other slot's place, fails to open.

Files written before this version also held a ``key_check`` (an HMAC of the
vault id under the vault key). Nothing could verify it that AES-GCM and
SQLCipher do not already verify (a key that unwrapped and decrypted vault.db
is the vault's key), yet a flipped bit in it broke ``passwd`` and ``recover``:
it is no longer written, and ignored when read.

File layout (UTF-8 JSON, keys sorted)::

    {"format": "fieldnotes-keyslots", "version": 1, "vault_id": "...",
     "slots": {"passphrase": {"kdf": {Argon2Params.to_json()},
                              "nonce": "<b64>", "ciphertext": "<b64>"},
               "recovery":   {"kdf": {"algorithm": "hkdf-sha256"},
                              "nonce": "<b64>", "ciphertext": "<b64>"}}}

A damaged or tampered file cannot be told apart from a wrong passphrase
(AES-GCM fails either way), so unlocking reports WrongPassphrase /
WrongRecoveryKey; only a file that does not parse is KeySlotsDamaged.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import kdf
from .errors import (
    N_,
    KdfTooCostly,
    KeySlotsDamaged,
    WrongPassphrase,
    WrongRecoveryKey,
    WrongShares,
)

FORMAT = "fieldnotes-keyslots"
VERSION = 1
RECOVERY_INFO = b"fieldnotes recovery slot v1"
KEY_LENGTH = 32
NONCE_LENGTH = 12
WIPE_MIN_FAILURES = 5
_MAX_FILE_BYTES = 64 * 1024
_DAMAGED = N_("The key slots file is damaged.")
_NEWER = N_("keyslots.json was made by a newer or unknown version of Fieldnotes.")


def _ad(vault_id: str, slot_name: str) -> bytes:
    return f"fieldnotes-keyslot:v1:{vault_id}:{slot_name}".encode()


def _recovery_wrapping_key(recovery_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_LENGTH, salt=None, info=RECOVERY_INFO).derive(
        recovery_key
    )


def _require_key(name: str, value: bytes) -> None:
    if not isinstance(value, bytes) or len(value) != KEY_LENGTH:
        raise ValueError(f"{name} must be {KEY_LENGTH} bytes")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, length: int) -> bytes:
    """Strict base64 of exactly ``length`` bytes, else KeySlotsDamaged."""
    if not isinstance(value, str):
        raise KeySlotsDamaged(_DAMAGED)
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise KeySlotsDamaged(_DAMAGED) from None
    if len(raw) != length:
        raise KeySlotsDamaged(_DAMAGED)
    return raw


class _Slot:
    """One wrapped copy of the vault key: nonce + AES-GCM ciphertext (48 bytes)."""

    def __init__(self, kdf_json: dict, nonce: bytes, ciphertext: bytes) -> None:
        self.kdf_json = kdf_json
        self.nonce = nonce
        self.ciphertext = ciphertext

    @classmethod
    def wrap(cls, kdf_json: dict, wrapping_key: bytes, vault_key: bytes, ad: bytes) -> _Slot:
        nonce = os.urandom(NONCE_LENGTH)
        return cls(kdf_json, nonce, AESGCM(wrapping_key).encrypt(nonce, vault_key, ad))

    def unwrap(self, wrapping_key: bytes, ad: bytes) -> bytes | None:
        try:
            return AESGCM(wrapping_key).decrypt(self.nonce, self.ciphertext, ad)
        except InvalidTag:
            return None

    def to_json(self) -> dict:
        return {
            "kdf": self.kdf_json,
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, d: object) -> _Slot:
        if not isinstance(d, dict) or not isinstance(d.get("kdf"), dict):
            raise KeySlotsDamaged(_DAMAGED)
        nonce = _unb64(d.get("nonce"), NONCE_LENGTH)
        ciphertext = _unb64(d.get("ciphertext"), KEY_LENGTH + 16)
        return cls(d["kdf"], nonce, ciphertext)


class KeySlots:
    """The parsed content of keyslots.json. Immutable in use: changes return a new object."""

    def __init__(self, vault_id: str, passphrase: _Slot, recovery: _Slot,
                 shares: _Slot | None = None, wipe: dict | None = None):
        self.vault_id = vault_id
        self._passphrase = passphrase
        self._recovery = recovery
        # Optional, and carried over by every change: the SLIP-39 shares slot
        # (crypto/shares.py) and the opt-in wipe policy with its failure count.
        self._shares = shares
        self.wipe = _check_wipe(wipe)
        # Validates the stored Argon2 parameters (KeySlotsDamaged if absurd).
        self._params = kdf.Argon2Params.from_json(passphrase.kdf_json)

    @staticmethod
    def create(
        vault_id: str,
        vault_key: bytes,
        passphrase: str,
        recovery_key: bytes,
        params: kdf.Argon2Params,
    ) -> KeySlots:
        if not isinstance(vault_id, str) or not vault_id:
            raise ValueError("vault_id must be a non-empty str")
        _require_key("vault_key", vault_key)
        _require_key("recovery_key", recovery_key)
        recovery = _Slot.wrap(
            {"algorithm": "hkdf-sha256"},
            _recovery_wrapping_key(recovery_key),
            vault_key,
            _ad(vault_id, "recovery"),
        )
        passphrase_slot = _passphrase_slot(vault_id, vault_key, passphrase, params)
        return KeySlots(vault_id, passphrase_slot, recovery)

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        wrapping_key = kdf.derive_key(passphrase, self._params)
        vault_key = self._passphrase.unwrap(wrapping_key, _ad(self.vault_id, "passphrase"))
        if vault_key is None:
            raise WrongPassphrase()
        return vault_key

    def unlock_with_recovery(self, recovery_key: bytes) -> bytes:
        _require_key("recovery_key", recovery_key)
        wrapping_key = _recovery_wrapping_key(recovery_key)
        vault_key = self._recovery.unwrap(wrapping_key, _ad(self.vault_id, "recovery"))
        if vault_key is None:
            raise WrongRecoveryKey()
        return vault_key

    def with_new_passphrase(
        self, vault_key: bytes, new_passphrase: str, params: kdf.Argon2Params
    ) -> KeySlots:
        """A new KeySlots whose passphrase slot wraps ``vault_key`` under the new passphrase.

        The recovery slot is carried over byte for byte. ``vault_key`` must be the key that
        unlocked this vault (the caller has proved it by decrypting vault.db with it).
        """
        _require_key("vault_key", vault_key)
        slot = _passphrase_slot(self.vault_id, vault_key, new_passphrase, params)
        return self._replace(passphrase=slot)

    def _replace(self, **changes) -> KeySlots:
        parts = {"passphrase": self._passphrase, "recovery": self._recovery,
                 "shares": self._shares, "wipe": self.wipe, **changes}
        return KeySlots(self.vault_id, **parts)

    # -- recovery key, shares and wipe policy (issue 13) ----------------------------------

    def with_new_recovery(self, vault_key: bytes, recovery_key: bytes) -> KeySlots:
        """The recovery slot re-made for a new recovery key: the old key stops working."""
        _require_key("vault_key", vault_key)
        _require_key("recovery_key", recovery_key)
        slot = _Slot.wrap({"algorithm": "hkdf-sha256"}, _recovery_wrapping_key(recovery_key),
                          vault_key, _ad(self.vault_id, "recovery"))
        return self._replace(recovery=slot)

    def with_shares(self, vault_key: bytes, secret: bytes, identifier: int, threshold: int,
                    count: int) -> KeySlots:
        """A shares slot: the vault key wrapped under exactly the SLIP-39 secret (a new one
        replaces the old, so older shares stop working)."""
        _require_key("vault_key", vault_key)
        _require_key("secret", secret)
        kdf_json = {"algorithm": "slip39", "identifier": identifier, "threshold": threshold,
                    "count": count}
        return self._replace(shares=_Slot.wrap(kdf_json, secret, vault_key,
                                               _ad(self.vault_id, "shares")))

    def without_shares(self) -> KeySlots:
        return self._replace(shares=None)

    def shares_info(self) -> dict | None:
        """identifier, threshold and count of the current shares, or None."""
        if self._shares is None:
            return None
        return {k: self._shares.kdf_json[k] for k in ("identifier", "threshold", "count")}

    def unlock_with_shares(self, secret: bytes) -> bytes:
        if self._shares is None:
            raise WrongShares(N_("This vault has no recovery shares."))
        vault_key = self._shares.unwrap(secret, _ad(self.vault_id, "shares"))
        if vault_key is None:
            raise WrongShares()
        return vault_key

    def with_wipe(self, wipe: dict | None) -> KeySlots:
        """The wipe policy ({"after": N, "failures": k}) or None for off."""
        return self._replace(wipe=wipe)

    def params(self) -> kdf.Argon2Params:
        """The Argon2id parameters of the passphrase slot."""
        return self._params

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "slots": {
                "passphrase": self._passphrase.to_json(),
                "recovery": self._recovery.to_json(),
            },
        }
        if self._shares is not None:
            doc["slots"]["shares"] = self._shares.to_json()
        if self.wipe is not None:
            doc["wipe"] = self.wipe
        return (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=True) + "\n").encode("utf-8")

    @staticmethod
    def from_bytes(data: bytes) -> KeySlots:
        """Parse keyslots.json; KeySlotsDamaged for anything malformed."""
        if not isinstance(data, bytes) or len(data) > _MAX_FILE_BYTES:
            raise KeySlotsDamaged(_DAMAGED)
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise KeySlotsDamaged(_DAMAGED) from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise KeySlotsDamaged(_DAMAGED)
        if doc.get("version") != VERSION or isinstance(doc.get("version"), bool):
            raise KeySlotsDamaged(_NEWER)
        vault_id = doc.get("vault_id")
        slots = doc.get("slots")
        if not isinstance(vault_id, str) or not vault_id or not isinstance(slots, dict):
            raise KeySlotsDamaged(_DAMAGED)
        recovery = _Slot.from_json(slots.get("recovery"))
        if recovery.kdf_json != {"algorithm": "hkdf-sha256"}:
            raise KeySlotsDamaged(_DAMAGED)
        shares = slots.get("shares")
        if shares is not None:
            shares = _Slot.from_json(shares)
            _check_shares_kdf(shares.kdf_json)
        return KeySlots(vault_id, _Slot.from_json(slots.get("passphrase")), recovery,
                        shares, doc.get("wipe"))


def _check_shares_kdf(d: dict) -> None:
    ints = [d.get(k) for k in ("identifier", "threshold", "count")]
    if (d.get("algorithm") != "slip39" or set(d) != {"algorithm", "identifier", "threshold",
                                                      "count"}
            or not all(type(v) is int and 0 <= v < 1 << 15 for v in ints)):
        raise KeySlotsDamaged(_DAMAGED)


def _check_wipe(wipe: object) -> dict | None:
    """None (off) or {"after": N >= 5, "failures": k >= 0}; KeySlotsDamaged otherwise."""
    if wipe is None:
        return None
    if (not isinstance(wipe, dict) or set(wipe) != {"after", "failures"}
            or not all(type(v) is int for v in wipe.values())
            or not WIPE_MIN_FAILURES <= wipe["after"] <= 1000 or wipe["failures"] < 0):
        raise KeySlotsDamaged(_DAMAGED)
    return dict(wipe)


def _passphrase_slot(
    vault_id: str, vault_key: bytes, passphrase: str, params: kdf.Argon2Params
) -> _Slot:
    if params.memory_kib < kdf.MIN_MEMORY_KIB:
        raise ValueError("Argon2id parameters below the 64 MiB floor")
    wrapping_key = kdf.derive_key(passphrase, params)
    return _Slot.wrap(params.to_json(), wrapping_key, vault_key, _ad(vault_id, "passphrase"))


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    A temp file is created in the same folder (mode 0600 by mkstemp), written,
    fsynced, renamed over the target, and then the folder is fsynced so the
    rename itself survives a power cut. On failure the temp file is removed.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open folders; its rename is already durable enough
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def load(path: str | os.PathLike) -> KeySlots:
    """Read and parse a keyslots file; KeySlotsDamaged names the file if missing or damaged."""
    name = os.path.basename(os.fspath(path))
    try:
        with open(path, "rb") as f:
            data = f.read(_MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KeySlotsDamaged(N_("{name} is missing."), name=name) from None
    except OSError:
        raise KeySlotsDamaged(N_("{name} could not be read."), name=name) from None
    try:
        return KeySlots.from_bytes(data)
    except KeySlotsDamaged as e:
        if str(e) == _NEWER or isinstance(e, KdfTooCostly):
            raise
        raise KeySlotsDamaged(N_("{name} is damaged."), name=name) from None
