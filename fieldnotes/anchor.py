"""The audit log's tail anchor: ``vault.anchor``, beside ``vault.db`` and outside SQLite.

A commit is durable once SQLite has synced it to ``vault.db-wal``; it reaches ``vault.db`` only
at the next checkpoint. A crash before that, followed by a lost, garbled or cut ``-wal`` file
(a copy of the folder without it, a broken disk), silently takes the last changes away, and
the hash chain of the audit log cannot tell: a chain that ends early is still a valid chain.

So after each commit that added audit entries, and at each checkpoint, the vault records its
last audit sequence number and entry hash here, authenticated with a key derived from the vault
key. At open, a chain that ends before the anchor means changes were lost; an entry at the
anchored sequence that differs means ``vault.db`` is not the copy this vault last wrote. Either
way the vault opens read-only until the user acknowledges the loss (an audit entry records it).
The anchor also carries a flag set when a read met a damaged page of ``vault.db``.

A vault made before the anchor existed gets one at its first open under an anchoring version
(:func:`fieldnotes.tail.adopt`), and ``vault.db`` records that it has one (meta 'anchored',
checkpointed into the file at once), so a ``vault.anchor`` deleted at any later time is said.
What cannot be told: changes that such an older version left only in its WAL (it was killed
before closing), lost with that WAL before the first open here. The older version wrote nothing
outside ``vault.db`` and its WAL that says how far its history reached — no anchor, and
keyslots.json changes only with the passphrase — and the audit log's chain is valid however
early it ends. An older vault whose WAL was lost is then indistinguishable from an intact,
shorter one. (Nor can a whole folder restored from a backup made before the upgrade be told
from the vault it was: it is that vault.) Once anchored, a vault is covered.

Layout: two slots in separate 4 KiB blocks, written alternately with a counter and each with
its own MAC; a torn write of one leaves the other intact, and the newer slot whose MAC verifies
is the anchor. The write after a commit is not synced: it costs ~0.13 ms where a save costs
~13 ms on a 2-core VM (saves measured 1.06-1.13x; with an fdatasync of its own 1.24-1.5x), and a killed
process cannot lose it (the kernel holds it). Only a power cut can, and then the anchor lags
behind vault.db, which weakens the check and never raises a false alarm. Closing the vault
(after its checkpoint) and every change of the damage flag or an acknowledgement are synced.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldnotes.vault_files import fsync_dir

try:
    import fcntl
except ImportError:  # Windows: one process at a time holds the vault there
    fcntl = None

NAME = "vault.anchor"
_MAGIC = b"FNANCHR1"
_BODY = struct.Struct(">8sQQ32sI")  # magic, counter, seq, hash, flags
_SLOT = 128
_BLOCK = 4096  # each slot in its own block
_MAC_LEN = 32
_DAMAGED = 1


@dataclass(frozen=True)
class State:
    counter: int
    seq: int
    hash: str
    damaged: bool


class Unreadable(Exception):
    """Neither slot of vault.anchor verifies (damaged, or from another vault)."""


class Anchor:
    def __init__(self, folder: Path, vault_key: bytes, vault_id: str):
        self.path = Path(folder) / NAME
        self._key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                         info=b"fieldnotes audit anchor v1:" + vault_id.encode()).derive(vault_key)
        self._lock = threading.Lock()

    # -- reading ----------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> State | None:
        """The newest slot that verifies; None if there is no anchor file; Unreadable if there
        is one but no slot verifies."""
        try:
            with open(self.path, "rb") as fh:
                data = fh.read(_BLOCK + _SLOT)
        except FileNotFoundError:
            return None
        return self._newest(data)

    def _newest(self, data: bytes) -> State:
        states = [s for s in (self._parse(data[i * _BLOCK:i * _BLOCK + _SLOT]) for i in (0, 1))
                  if s]
        if not states:
            raise Unreadable()
        return max(states, key=lambda s: s.counter)

    def _parse(self, slot: bytes) -> State | None:
        size = _BODY.size
        if len(slot) < size + _MAC_LEN:
            return None
        body, mac = slot[:size], slot[size:size + _MAC_LEN]
        if not hmac.compare_digest(self._mac(body), mac):
            return None
        magic, counter, seq, digest, flags = _BODY.unpack(body)
        if magic != _MAGIC:
            return None
        return State(counter, seq, digest.hex(), bool(flags & _DAMAGED))

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()

    # -- writing ----------------------------------------------------------------------------

    def advance(self, seq: int, digest: str, sync: bool = False) -> None:
        """Record a newer tail; an older one (another connection got there first) is ignored.
        ``sync``: wait until it is on disk (at close); otherwise the kernel writes it soon."""
        self._write(lambda cur: None if cur and cur.seq >= seq else (seq, digest,
                                                                    bool(cur and cur.damaged)),
                    sync)

    def reset(self, seq: int, digest: str) -> None:
        """Record this tail whatever the anchor said (the user acknowledged a loss)."""
        self._write(lambda cur: (seq, digest, False))

    def mark_damaged(self) -> None:
        self._write(lambda cur: None if cur is None or cur.damaged else (cur.seq, cur.hash, True))

    def clear_damaged(self) -> None:
        self._write(lambda cur: None if cur is None or not cur.damaged else
                    (cur.seq, cur.hash, False))

    def _write(self, decide, sync: bool = True) -> None:
        """Under a lock (threads and processes), read the anchor, let ``decide`` return the new
        (seq, hash, damaged) or None, and write it into the older slot, synced."""
        with self._lock:
            created = not self.path.exists()
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                data = os.pread(fd, _BLOCK + _SLOT, 0)
                try:
                    current = self._newest(data)
                except Unreadable:
                    current = None
                new = decide(current)
                if new is None:
                    return
                seq, digest, damaged = new
                counter = (current.counter + 1) if current else 1
                body = _BODY.pack(_MAGIC, counter, seq, bytes.fromhex(digest),
                                  _DAMAGED if damaged else 0)
                slot = (body + self._mac(body)).ljust(_SLOT, b"\0")
                os.pwrite(fd, slot, (counter % 2) * _BLOCK)
                if sync:
                    getattr(os, "fdatasync", os.fsync)(fd)
            finally:
                os.close(fd)
            if created:
                fsync_dir(self.path.parent)
