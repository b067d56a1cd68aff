"""The pieces that make a large import fast: blob chunking whatever the write sizes, SHA-256 on
a thread of its own, and a commit that leaves the checkpoint for later (then does it)."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import kdf
from crypto.stream import CHUNK
from fieldnotes import attachments
from fieldnotes import vault as vault_mod
from fieldnotes.blobstore import BlobFile, layout
from fieldnotes.offload import Sha256
from fieldnotes.vault import checkpoint_later, transaction


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(0, 150_000), max_size=8))
def test_blob_writer_cuts_exact_chunks_whatever_the_write_sizes(tmp_path_factory, sizes):
    path = tmp_path_factory.mktemp("v") / "vault"
    v = vault_mod.Vault.create(path, "a passphrase for tests", name="T", params=kdf.minimum_params())[0]
    try:
        data = os.urandom(sum(sizes))
        with transaction(v.conn):
            w = attachments.BlobWriter(v.conn)
            at = 0
            for n in sizes:
                buf = bytearray(data[at:at + n])
                w.write(buf)
                buf[:] = b"\xff" * len(buf)  # the caller reuses its buffer: must not matter
                at += n
            digest = w.finish()
        with BlobFile(v.conn, digest) as blob:
            count = layout.chunk_count(len(data))
            pieces = blob.units(0, count)  # each opened in its place, the last one flagged
        assert b"".join(pieces) == data and len(pieces) == count
        assert all(len(p) == CHUNK for p in pieces[:-1])
        assert 0 < len(pieces[-1]) <= CHUNK or not data
        assert digest == hashlib.sha256(data).hexdigest()
    finally:
        v.close()


def test_threaded_sha256_matches_hashlib_and_stops_its_thread():
    before = set(threading.enumerate())  # another test's thread may end meanwhile: count only new ones
    data = [os.urandom(n) for n in (0, 1, 65536, 1 << 20, 3)]
    h = Sha256()
    for d in data:
        h.update(memoryview(d))
    assert h.hexdigest() == hashlib.sha256(b"".join(data)).hexdigest()
    assert h.hexdigest() == hashlib.sha256(b"".join(data)).hexdigest()  # asked twice
    abandoned = Sha256()
    abandoned.update(b"half of a blob")
    abandoned.close()  # a failed write: the thread must end without a digest
    assert set(threading.enumerate()) <= before


def test_checkpoint_later_commits_into_the_wal_and_restores_autocheckpoint(vault):
    conn = vault.connect()
    wal, db = vault.path / "vault.db-wal", vault.path / "vault.db"
    try:
        vault_mod.scrub(conn)
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        db_before = db.stat().st_size
        with checkpoint_later(conn), transaction(conn):
            conn.execute("INSERT INTO meta(key, value) VALUES('bulk', ?)", (os.urandom(3 << 20).hex()[:3 << 20],))
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        assert wal.stat().st_size > 3 << 20  # committed into the WAL...
        assert db.stat().st_size < db_before + (3 << 20)  # ...not yet copied into vault.db
        with pytest.raises(RuntimeError):
            with checkpoint_later(conn):
                raise RuntimeError("a failed import")
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    finally:
        vault_mod.BIG_WAL, saved = 1 << 20, vault_mod.BIG_WAL
        try:
            vault.release(conn)
        finally:
            vault_mod.BIG_WAL = saved
    # The worker's connection copied the pages into vault.db before closing; nothing is left.
    assert db.stat().st_size >= db_before + (3 << 20)
    busy, log, done = vault.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and log == done
    assert len(vault.conn.execute("SELECT value FROM meta WHERE key = 'bulk'").fetchone()[0]) == 3 << 20


def test_release_leaves_a_small_wal_to_sqlite(vault):
    """Only a large WAL is worth a checkpoint when a worker's connection closes."""
    conn = vault.connect()
    vault_mod.scrub(conn)
    with transaction(conn):
        w = attachments.BlobWriter(conn)
        w.write(b"a small attachment")
        w.finish()
    wal = vault.path / "vault.db-wal"
    size = wal.stat().st_size
    assert 0 < size < vault_mod.BIG_WAL
    vault.release(conn)
    assert wal.stat().st_size == size


def test_disk_flusher_syncs_every_so_many_bytes_and_never_fails(tmp_path, monkeypatch):
    from fieldnotes import offload

    synced = []
    monkeypatch.setattr(offload.os, "fdatasync", lambda fd: synced.append(fd), raising=False)
    monkeypatch.setattr(offload.os, "fsync", lambda fd: synced.append(fd))
    target = tmp_path / "growing"
    target.write_bytes(b"x")
    with offload.DiskFlusher(target, every=100) as flusher:
        flusher.wrote(99)
        flusher.wrote(0)
    assert synced == []
    with offload.DiskFlusher(target, every=100) as flusher:
        flusher.wrote(99)
        flusher.wrote(1)
        flusher.wrote(250)  # a second request, dropped if the first is still waiting
    assert 1 <= len(synced) <= 2
    count = len(synced)
    with offload.DiskFlusher(tmp_path / "not there", every=1) as flusher:
        flusher.wrote(5)  # cannot be opened: left alone, no error
    assert len(synced) == count
