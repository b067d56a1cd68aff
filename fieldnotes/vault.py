"""The vault: a folder holding ``vault.db`` (SQLCipher 4, raw 256-bit key) and ``keyslots.json``.

``keyslots.json`` holds the random vault key wrapped under the passphrase (Argon2id) and under
the recovery key; changing the passphrase rewrites that file atomically and never the database.
Opening never creates anything: a missing or damaged file is reported by name and left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import uuid
from pathlib import Path

import sqlcipher3

from crypto import errors as cerr
from crypto import kdf, keyslots, recovery
from crypto.identity import Identity
from fieldnotes import (
    anchor,
    audit,
    canonical,
    migrations,
    open_lock,
    slots_change,
    tail,
    vault_files,
    wipe,
)
from fieldnotes import guard as vault_guard
from fieldnotes.db import (  # noqa: F401  (re-exported: other modules import them from here)
    BIG_WAL,
    CIPHER_SETTINGS,
    DB_NAME,
    PAGE_SIZE,
    _connect,
    checkpoint_later,
    damage_sentence,
    scrub,
    transaction,
)
from fieldnotes.errors import (
    FieldnotesError,
    VaultDamaged,
    VaultError,
    VaultMissing,
    WrongPassphrase,
    WrongRecoveryKey,
    from_crypto,
)
from fieldnotes.i18n import _
from fieldnotes.timeutil import utc_now

SLOTS_NAME = vault_files.SLOTS_NAME


def default_path() -> Path:
    """``FIELDNOTES_VAULT`` or the platform's user data folder."""
    env = os.environ.get("FIELDNOTES_VAULT")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("Fieldnotes", appauthor=False)) / "vault"


SETUP_SETTINGS_KEY = "setup.settings"  # meta row: an organisation's settings (setup_file.py)


def creation_params(floor_mib: int = 0) -> kdf.Argon2Params:
    """Argon2id parameters for a new vault: calibrated to about one second on this machine.

    ``FIELDNOTES_KDF_PROFILE=minimum`` uses the floor (64 MiB, one pass) instead; tests and
    scripts that make many throw-away vaults use it. It is never below 64 MiB, nor below
    ``floor_mib`` (an organisation's setup file may ask for more).
    """
    if os.environ.get("FIELDNOTES_KDF_PROFILE") == "minimum":
        params = kdf.minimum_params()
    else:
        params = kdf.calibrate(min_memory_kib=max(kdf.MIN_MEMORY_KIB, floor_mib * 1024))
    if params.memory_kib < floor_mib * 1024:
        params = kdf.new_params(floor_mib * 1024, params.iterations, params.lanes)
    return params



class Vault:
    """An unlocked vault. Holds the vault key until :meth:`lock`; hands out connections."""

    def __init__(self, path: Path, vault_key: bytes, slots: keyslots.KeySlots, job=None):
        self.path = Path(path)
        self._opener = open_lock.acquire(self.path)  # one open Vault per folder, until close
        try:
            self._start(vault_key, slots, job)
        except BaseException:
            self._opener.release()
            raise

    def _start(self, vault_key: bytes, slots: keyslots.KeySlots, job) -> None:
        self._key: bytes | None = vault_key
        self._slots = slots
        self._lock = threading.Lock()
        self._conns: list = []
        self._recognised = False  # until then, close() writes nothing (no checkpoint)
        self.guard = vault_guard.Guard(self.path, anchor.Anchor(self.path, vault_key,
                                                                slots.vault_id))
        self.conn = self.connect()
        self._check_size()
        self._check_matches_slots()
        migrations.migrate(self.conn, job=job)
        self._identity: Identity | None = None
        self._recognised = True
        self.guard.evaluate(self.conn)
        tail.adopt(self)
        self.recovered: list[dict] = []  # recordings a crash left open, finalised at this open
        if self.guard.problem is None:  # read-only: the store's upkeep waits for a later open
            self._open_store(job)
        # A sentence to show once after unlocking (an interrupted passphrase change completed).
        self.notice: str | None = slots_change.reconcile(self)

    # -- creating and opening -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | os.PathLike,
        passphrase: str,
        name: str = "",
        params: kdf.Argon2Params | None = None,
    ) -> tuple[Vault, str]:
        """Make a new vault folder. Returns the open vault and the recovery key, to show once."""
        path = Path(path)
        if not passphrase:
            raise VaultError(_("The passphrase must not be empty."))
        cls.check_can_create(path)
        # vault.db may fit and keyslots.json not: a full disk is said as such, and the folder
        # stays marked unfinished, so creating it again starts over.
        with vault_guard.full_disk_said(path if path.is_dir() else path.parent):
            return cls._create_files(path, passphrase, name, params)

    @classmethod
    def _create_files(cls, path: Path, passphrase: str, name: str,
                      params: kdf.Argon2Params | None) -> tuple[Vault, str]:
        vault_files.clear_unfinished_init(path)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
        vault_files.begin_init(path)
        vault_id = str(uuid.uuid4())
        vault_key = secrets.token_bytes(32)
        recovery_key = recovery.generate()
        slots = keyslots.KeySlots.create(
            vault_id, vault_key, passphrase, recovery_key, params or creation_params()
        )
        db_path = path / DB_NAME
        conn = _connect(db_path, vault_key, create=True)
        os.chmod(db_path, 0o600)
        try:
            migrations.migrate(conn)
            identity = Identity.generate(name or "Fieldnotes user")
            card = identity.card()
            with transaction(conn):
                conn.execute("INSERT INTO meta(key, value) VALUES('vault_id', ?)", (vault_id,))
                conn.execute("INSERT INTO meta(key, value) VALUES('created', ?)", (utc_now(),))
                conn.execute(
                    "INSERT INTO identity(id, secret, card, fingerprint) VALUES(1, ?, ?, ?)",
                    (canonical.dumps(identity.to_secret_dict()), card.to_text(), card.fingerprint_compact),
                )
                audit.append(conn, "vault.created", detail={"vault_id": vault_id})
        finally:
            conn.close()
        keyslots.write_atomic(path / SLOTS_NAME, slots.to_bytes())
        vault_files.end_init(path)
        return cls(path, vault_key, slots), recovery.format(recovery_key)

    # The folder's checks before any key (fieldnotes/vault_files.py), where callers look for them.
    check_can_create = staticmethod(vault_files.check_can_create)
    folder_problem = staticmethod(vault_files.folder_problem)

    @classmethod
    def _check_files(cls, path: Path) -> keyslots.KeySlots:
        problem = cls.folder_problem(path)
        if problem:
            raise VaultMissing(problem)
        open_lock.check_free(path)  # before any key is derived
        try:
            return keyslots.load(path / SLOTS_NAME)
        except cerr.CryptoError as exc:
            raise from_crypto(exc) from None

    @classmethod
    def open(cls, path: str | os.PathLike, passphrase: str, job=None) -> Vault:
        path = Path(path)
        slots = cls._check_files(path)
        try:
            vault_key, opened = slots_change.unlock(
                path, slots, lambda s: s.unlock_with_passphrase(passphrase))
        except WrongPassphrase:
            wipe.count_failure(path, slots)  # the opt-in wipe (fieldnotes/wipe.py)
            raise
        if opened is not slots:  # an interrupted passphrase change: settled once open
            return cls(path, vault_key, opened, job)
        return cls(path, vault_key, wipe.count_success(path, slots), job)

    @classmethod
    def recover(cls, path: str | os.PathLike, recovery_text: str, new_passphrase: str,
                job=None) -> Vault:
        """Unlock with the recovery key and set a new passphrase."""
        path = Path(path)
        slots = cls._check_files(path)
        try:
            key = recovery.parse(recovery_text)
        except cerr.CryptoError as exc:
            raise from_crypto(exc) from None
        try:
            vault_key, opened = slots_change.unlock(
                path, slots, lambda s: s.unlock_with_recovery(key))
        except WrongRecoveryKey:
            wipe.count_failure(path, slots)  # a wrong key counts as a wrong passphrase does
            raise
        if opened is slots:
            opened = wipe.count_success(path, slots)
        vault = cls(path, vault_key, opened, job)
        vault.change_passphrase(new_passphrase, action="vault.recovered")
        return vault

    def _open_store(self, job) -> None:
        """The attachment store's work at unlock: format-1 migration (with progress through
        ``job``), recordings a crash left open, files without rows (fieldnotes/blobstore)."""
        from fieldnotes.blobstore import upkeep

        try:
            self.recovered = upkeep.at_open(self, job)
        except BaseException:
            self.close()
            raise

    def _check_size(self) -> None:
        """A cut-short vault.db is caught at open, not at the first read of a missing page."""
        size = (self.path / DB_NAME).stat().st_size
        wal = self.wal_path
        wal_empty = not wal.exists() or wal.stat().st_size == 0
        # With committed pages still in the WAL, the database may legitimately be shorter
        # than page_count says until the next checkpoint.
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0] if wal_empty else 0
        if size % PAGE_SIZE or size < pages * PAGE_SIZE:
            self.close()
            raise VaultDamaged(_("{file} is truncated; restore it from a backup.").format(file=DB_NAME))

    def check_integrity(self) -> None:
        """Full check of every page's HMAC and of the database structure (slow on big vaults).
        Raises VaultDamaged naming the file."""
        try:
            cipher = self.conn.execute("PRAGMA cipher_integrity_check").fetchall()
            result = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        except sqlcipher3.DatabaseError as exc:
            raise VaultDamaged(damage_sentence(exc)) from None
        if cipher or result != ["ok"]:
            self.guard.mark_damaged()
            raise VaultDamaged(_("{file} failed its integrity check; restore it from a backup.").format(
                file=DB_NAME))
        if self.guard.problem is not None and self.guard.problem.kind == "damaged":
            self.guard.clear_damage(self.conn)

    def _check_matches_slots(self) -> None:
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key='vault_id'"
        ).fetchone() if migrations.current_version(self.conn) else None
        if row is None or row[0] != self._slots.vault_id:
            self.close()
            raise VaultDamaged(_("{slots} and {file} do not belong to the same vault.").format(
                slots=SLOTS_NAME, file=DB_NAME))

    # -- connections ----------------------------------------------------------------------

    def connect(self):
        """A new connection for the calling thread (worker threads each open their own)."""
        if self._key is None:
            raise VaultError(_("The vault is locked."))
        conn = _connect(self.path / DB_NAME, self._key, guard=self.guard)
        with self._lock:
            self._conns.append(conn)
        return conn

    def release(self, conn) -> None:
        """Close a worker's connection, checkpointing first if its work left the WAL large
        (otherwise the next small save on another connection would pay for it). A PASSIVE
        checkpoint: it never holds up a save the window makes meanwhile; the WAL file shrinks
        (journal_size_limit) when it is next reused."""
        with self._lock:
            if conn in self._conns:
                self._conns.remove(conn)
        try:
            if os.path.getsize(self.wal_path) > BIG_WAL:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except (OSError, sqlcipher3.Error):
            pass  # nothing to do, or another connection is busy: a later checkpoint will
        conn.close()

    @property
    def wal_path(self) -> Path:
        """SQLite's write-ahead log beside vault.db."""
        return self.path / (DB_NAME + "-wal")

    @property
    def locked(self) -> bool:
        return self._key is None

    def close(self) -> None:
        """Checkpoint the WAL into vault.db and truncate it (so a vault at rest is whole in its
        files), close every connection and drop the key. The vault must be opened again."""
        with self._lock:
            conns, self._conns = self._conns, []
        if conns and self._key is not None and self._recognised:
            tail.settle(self, conns)
        for conn in conns:
            with contextlib.suppress(Exception):
                conn.close()
        self._key = None
        self._identity = None
        self._opener.release()

    lock = close

    @property
    def problem(self) -> str | None:
        """Why this vault is read-only (history lost or vault.db damaged), or None."""
        return self.guard.problem.sentence if self.guard.problem else None

    @property
    def loss_to_acknowledge(self) -> bool:
        """Read-only because history is missing or different (not damage): the user may
        accept it with :meth:`acknowledge_loss`."""
        return self.guard.problem is not None and self.guard.problem.kind != "damaged"

    def acknowledge_loss(self) -> dict:
        """Accept the loss :attr:`problem` names; the vault can be written again."""
        return tail.acknowledge(self)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- identity and keys ----------------------------------------------------------------

    @property
    def identity(self) -> Identity:
        if self._identity is None:
            row = self.conn.execute("SELECT secret FROM identity WHERE id=1").fetchone()
            if row is None:
                raise VaultDamaged(_("{file} has no identity; the vault is damaged.").format(file=DB_NAME))
            self._identity = Identity.from_secret_dict(json.loads(row[0]))
        return self._identity

    @property
    def fingerprint(self) -> str:
        """This vault's identity fingerprint, 40 digits: the author of every local revision."""
        return self.conn.execute("SELECT fingerprint FROM identity WHERE id=1").fetchone()[0]

    @property
    def vault_id(self) -> str:
        return self._slots.vault_id

    def change_passphrase(self, new_passphrase: str, action: str = "vault.passphrase_changed",
                          params: kdf.Argon2Params | None = None) -> None:
        """Rewrite the passphrase slot of keyslots.json with its audit entry, as one
        crash-consistent step (:mod:`fieldnotes.slots_change`): it changed and says so, or
        nothing changed. The database is untouched except for the audit entry."""
        if not new_passphrase:
            raise VaultError(_("The new passphrase must not be empty."))
        if self._key is None:
            raise VaultError(_("The vault is locked."))
        self.guard.check_writable()
        floor = self.conn.execute("SELECT value FROM meta WHERE key = ?", (SETUP_SETTINGS_KEY,)
                                  ).fetchone()  # an organisation's floor (setup_file.py)
        floor_mib = json.loads(floor[0]).get("kdf_floor_mib", 0) if floor else 0
        new_slots = self._slots.with_new_passphrase(
            self._key, new_passphrase, params or creation_params(floor_mib)
        )
        slots_change.replace(self, new_slots, action)

    # -- key slots other than the passphrase (fieldnotes/recovery_shares.py, wipe.py) --------

    @property
    def slots(self) -> keyslots.KeySlots:
        return self._slots

    def rewrite_slots(self, change, action: str, detail: dict | None = None) -> None:
        """Replace keyslots.json with ``change(slots, vault_key)`` and record ``action``, as
        one crash-consistent step (:mod:`fieldnotes.slots_change`): the audit entry exists if
        and only if the change is (or, after a crash, is made) in force."""
        if self._key is None:
            raise VaultError(_("The vault is locked."))
        self.guard.check_writable()
        slots_change.replace(self, change(self._slots, self._key), action, detail)


__all__ = ["Vault", "transaction", "default_path", "FieldnotesError"]
