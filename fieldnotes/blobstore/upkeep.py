"""Keeping the store consistent with ``vault.db``: at every open, after a purge, and on demand.

- :func:`at_open` (from :class:`fieldnotes.vault.Vault`): moves a format-1 vault's attachments
  out (:mod:`.migrate`), finalises recordings a crash left open (:func:`.appender.recover`),
  and removes files that have no row (:func:`sweep`).
- :func:`sweep` removes every file under ``blobs/`` that no row names: a write that never
  committed, or a blob that was purged (its key is already gone: the file is noise). It runs
  only while it holds vault.db's write lock, which every writer of a blob holds from before its
  file exists until its row is committed, so it never takes a file being written; if another
  writer holds the lock it does nothing and the next sweep will.
- :func:`check` names every damaged blob; ``quick`` looks at metadata only (each file is there,
  has its exact length and a valid header), the full check opens every chunk.
"""

from __future__ import annotations

import os

import sqlcipher3

from fieldnotes.blobstore import appender, layout, migrate
from fieldnotes.blobstore.problems import ALTERED, LENGTH, MISSING, owner, sentence
from fieldnotes.blobstore.reader import BlobFile
from fieldnotes.errors import AttachmentCorrupt
from fieldnotes.i18n import _
from fieldnotes.jobs import Job


def at_open(vault, job: Job | None = None) -> list[dict]:
    """The store's upkeep at unlock; returns the recordings a crash left open that it
    finalised or dropped (see :func:`.appender.recover`), for the person to be told."""
    from fieldnotes.records.store import Store

    conn = vault.conn
    if "name" not in {r[1] for r in conn.execute("PRAGMA table_info(blobs)")}:
        return []  # schema older than the store's (only while a test holds migrations back)
    unmoved, appending = conn.execute(  # one look for the usual open: neither
        "SELECT EXISTS(SELECT 1 FROM blobs WHERE name IS NULL), "
        "EXISTS(SELECT 1 FROM blobs WHERE state = 'appending')").fetchone()
    if unmoved:
        migrate.run(conn, job)
    recovered = appender.recover(Store(conn, vault.fingerprint)) if appending else []
    sweep(conn)
    return recovered


def sweep(conn) -> int:
    """Remove files no row names (see module). Returns how many were removed."""
    folder = layout.folder_of(conn)
    if conn.in_transaction or not folder.is_dir():
        return 0
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher3.OperationalError:
        return 0  # another writer is busy: its files may not have their rows yet
    finally:
        conn.execute("PRAGMA busy_timeout = 30000")
    removed, touched = 0, set()
    try:
        known = {n for (n,) in conn.execute("SELECT name FROM blobs WHERE name IS NOT NULL")}
        for name, path in list(layout.files(folder)):
            if name not in known:
                layout.unlink(path)
                removed += 1
                touched.add(path.parent)
    finally:
        conn.execute("COMMIT")
    for sub in touched:
        layout.fsync_dir(sub)
    return removed


def discard(conn, writers) -> None:
    """After a failed write transaction (an import rolled back): remove the files of these
    :class:`~fieldnotes.blobstore.writer.BlobWriter` s whose rows are not there."""
    for w in writers:
        if not conn.execute("SELECT 1 FROM blobs WHERE name = ?", (w.name,)).fetchone():
            w.discard()


def check(conn, quick: bool = False, job: Job | None = None) -> list[str]:
    """One sentence per damaged or missing blob (empty: all is well)."""
    job = job or Job()
    problems: list[str] = []
    folder = layout.folder_of(conn)
    rows = conn.execute("SELECT id, sha256, size, name FROM blobs "
                        "WHERE name IS NOT NULL AND state = 'sealed' ORDER BY id").fetchall()
    total = sum(r[2] for r in rows) if not quick else len(rows)
    done = 0
    for blob_id, sha, size, name in rows:
        kind = _quick(layout.path_of(folder, name), size)
        if kind:
            problems.append(sentence(conn, sha, kind))
        elif not quick and (problem := _full(conn, blob_id, job, done, total)):
            problems.append(problem)
        done += 1 if quick else size
        job.step(done, total)
    for (sha,) in conn.execute(
            "SELECT DISTINCT json_extract(data, '$.sha256') FROM records r WHERE type = "
            "'attachment' AND deleted = 0 AND NOT EXISTS (SELECT 1 FROM blobs b WHERE "
            "b.sha256 = json_extract(r.data, '$.sha256'))").fetchall():
        name, record = owner(conn, sha)
        problems.append(_("The attachment “{name}” (record {record}) has no stored bytes in "
                          "this vault.").format(name=name, record=record))
    return problems


def _quick(path, size: int) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return MISSING
    try:
        if os.fstat(fd).st_size != layout.file_length(size):
            return LENGTH
        if layout.parse_header(os.pread(fd, layout.HEADER, 0)) is None:
            return ALTERED
    finally:
        os.close(fd)
    return None


def _full(conn, blob_id: int, job: Job, done: int, total: int) -> str | None:
    """The sentence naming what is wrong with a blob whose every chunk was opened, or None."""
    try:
        with BlobFile(conn, blob_id=blob_id) as blob:
            for batch in blob.pieces():
                done += sum(len(p) for p in batch)
                job.step(done, total)
    except AttachmentCorrupt as exc:
        return str(exc)
    return None
