"""vault.db's connections: the SQLCipher page format, opening a connection with the raw key,
transactions (savepoints when nested, refused on a read-only vault), scrubbing freed pages and
the WAL, and the sentence a damaged database gets. :mod:`fieldnotes.vault` builds on these."""

from __future__ import annotations

import contextlib
from pathlib import Path

import sqlcipher3

from fieldnotes import guard as vault_guard
from fieldnotes import vault_files
from fieldnotes.errors import VaultDamaged, VaultMissing
from fieldnotes.i18n import _

DB_NAME = "vault.db"

# The vault's page format, fixed when it is created and applied on every connection. 64 KiB
# pages with HMAC-SHA256 (AES-256-CBC as always) read attachments ~3x and write them ~2.4x
# faster than SQLCipher 4's defaults (4 KiB, HMAC-SHA512), while a small save stays ~1.5 ms
# (measured: see docs/BENCHMARKS.md). Changing these makes existing vaults unreadable: it needs
# a format version and a conversion (sqlcipher_export), never a silent edit.
PAGE_SIZE = 65536
BIG_WAL = 64 << 20  # past this, a worker's connection checkpoints before it closes
CIPHER_SETTINGS = (f"cipher_page_size = {PAGE_SIZE}", "cipher_hmac_algorithm = HMAC_SHA256")



def _connect(db_path: Path, key: bytes, *, create: bool = False,
             guard: vault_guard.Guard | None = None, exclusive: bool = False):
    """Open one SQLCipher connection with the raw key and our pragmas; verify it decrypts.

    On a full disk SQLite cannot make the WAL's shared-memory index (``-shm``), and every read
    fails with "disk I/O error"; the connection is then made again in exclusive locking mode,
    which keeps that index in memory, so reading still works."""
    mode = "rwc" if create else "rw"
    if not create:
        vault_files.check_db_file(db_path, PAGE_SIZE)
    try:
        conn = sqlcipher3.connect(
            f"file:{db_path.as_posix()}?mode={mode}",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=30,
            factory=vault_guard.GuardedConnection,
        )
    except sqlcipher3.Error:
        raise VaultMissing(_("{file} cannot be opened in {folder}.").format(
            file=DB_NAME, folder=db_path.parent)) from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for pragma in CIPHER_SETTINGS:
            conn.execute(f"PRAGMA {pragma}")
        if exclusive:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        # Touching the schema forces SQLCipher to decrypt and authenticate page 1.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL")
        for pragma in (
            "synchronous = FULL",
            "secure_delete = ON",
            "temp_store = MEMORY",
            "foreign_keys = ON",
            "cache_size = -16000",
            f"journal_size_limit = {BIG_WAL}",  # a WAL grown by an import shrinks once reused
        ):
            conn.execute(f"PRAGMA {pragma}")
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if not create and not exclusive and vault_guard.is_full(exc, db_path.parent):
            return _connect(db_path, key, guard=guard, exclusive=True)
        raise VaultDamaged(damage_sentence(exc)) from None
    conn.guard = guard
    return conn


def damage_sentence(exc: Exception) -> str:
    if vault_guard.is_full(exc):
        return vault_guard.disk_full_sentence()
    text = str(exc).lower()
    if "not a database" in text:
        return _("{file} is damaged or has been altered: it no longer matches this vault's "
                 "key. Restore it from a backup.").format(file=DB_NAME)
    if "malformed" in text or "corrupt" in text:
        return _("{file} is damaged (truncated or altered); restore it from a backup."
                 ).format(file=DB_NAME)
    return _("{file} could not be read ({problem}).").format(file=DB_NAME, problem=exc)


@contextlib.contextmanager
def transaction(conn):
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (including Cancelled).

    Nested use becomes a savepoint, so a step (adding an attachment record) can run inside a
    larger unit of work (an import) and still roll back alone or with it.
    """
    guard = getattr(conn, "guard", None)
    if guard is not None:
        guard.check_writable()
    if conn.in_transaction:
        name = f"sp{id(conn) & 0xffff}_{_next_savepoint()}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        # A failed COMMIT (a full disk) may already have rolled back: never let "cannot
        # rollback" hide the real error.
        if conn.in_transaction:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")
        shown = vault_guard.translate(exc, guard.folder if guard else None)
        if shown is exc:
            raise
        raise shown from None
    if guard is not None:
        guard.committed(conn)


def scrub(conn) -> None:
    """Move the WAL's page images into the database and truncate the WAL. After destroying
    data, so no old copy of a purged page survives on disk; after a bulk write, so the WAL does
    not stay large. Outside transactions only (a checkpoint cannot run inside one)."""
    if not conn.in_transaction:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextlib.contextmanager
def checkpoint_later(conn):
    """A bulk write (an import) commits without the automatic checkpoint: the commit is durable
    once the WAL is synced, and copying a gigabyte of pages into vault.db is left for after the
    work is reported done (:meth:`Vault.release` does it, and SQLite itself when the last
    connection closes)."""
    before = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield conn
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")


_savepoints = iter(range(1, 1 << 62))


def _next_savepoint() -> int:
    return next(_savepoints)
