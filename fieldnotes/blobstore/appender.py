"""Recording straight into the store: a blob that grows while an interview is recorded.

:class:`Appender` keeps its file open (and locked, so no other process finalises it) under its
final name; its row in ``vault.db`` says ``appending`` and what attachment it will become.
``append`` seals each full 64 KiB chunk as it completes; ``sync`` writes the chunk still
filling, flagged last, makes the file durable (fdatasync) and records in ``vault.db`` how many
chunks are durable. What ``sync`` promises is the whole chunks: the chunk still filling is
rewritten in place when it fills, and a crash during that write can tear it, so it usually
survives but is not counted (at most one chunk, well under a second of audio, beyond the last
sync can be lost). If the process dies, :func:`recover` (run at the next unlock) keeps every
chunk that authenticates — at least the durable ones — closes the stream, and adds the
attachment with an ``attachment.recovered`` audit entry saying how much was kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
from dataclasses import dataclass

import sqlcipher3

from crypto.stream import CHUNK, NONCE, TAG, ChunkDamaged, Stream
from fieldnotes import audit
from fieldnotes.blobstore import layout
from fieldnotes.blobstore.sealing import Sealer, pad, write_all
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.vault import transaction


@dataclass(frozen=True)
class Attachment:
    id: str          # the attachment record's id
    sha256: str
    size: int


def attachment_record(store, case_id: str, sha256: str, size: int, filename: str, mime: str,
                      record_id: str | None = None, description: str = "",
                      extra: dict | None = None) -> str:
    """Add the attachment record for stored bytes, with its audit entry (caller's transaction).
    ``extra``: more fields of the record (metadata, duration, markers…)."""
    data = {"sha256": sha256, "size": size, "filename": filename,
            "mime": mime or "application/octet-stream", **(extra or {})}
    if record_id:
        data["record_id"] = record_id
    if description:
        data["description"] = description
    audit.append(store.conn, "attachment.added", None, {"sha256": sha256, "size": size})
    return store.create("attachment", data, case_id)


class Appender:
    """An attachment written while it is being captured (see module). ``store`` is a
    :class:`fieldnotes.records.store.Store` on the calling thread's own connection."""

    def __init__(self, store, case_id: str, filename: str, mime: str = "audio/wav", *,
                 record_id: str | None = None, description: str = ""):
        self.store, self.conn = store, store.conn
        self.name = layout.new_name()
        self.key = secrets.token_bytes(layout.KEY_BYTES)
        nonce = secrets.token_bytes(NONCE)
        pending = {"case_id": case_id, "filename": filename, "mime": mime,
                   "record_id": record_id, "description": description}
        self.fd: int | None = None
        self._hash = hashlib.sha256()
        self._done = False
        with transaction(self.conn):
            store.require_case(case_id)
            path = layout.make_folder(layout.folder_of(self.conn), self.name)
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL
                              | getattr(os, "O_CLOEXEC", 0), 0o600)
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX)
                os.write(self.fd, layout.header(nonce))
                os.fsync(self.fd)
                layout.fsync_dir(path.parent)
                self.blob_id = self.conn.execute(
                    "INSERT INTO blobs(sha256, size, chunk_size, name, file_key, state, pending) "
                    "VALUES(NULL, 0, ?, ?, ?, 'appending', ?)",
                    (CHUNK, self.name, self.key, json.dumps(pending))).lastrowid
            except BaseException:
                self._close()
                layout.unlink(path)
                raise
        self._path = path
        self._pending = pending
        self._sealer = Sealer(self.fd, self.key, nonce)
        self.durable = 0

    @property
    def size(self) -> int:
        """Bytes appended so far."""
        return self._sealer.size

    def append(self, data) -> None:
        """Add bytes as they arrive (any size); every full 64 KiB chunk is sealed and written."""
        self._open_check()
        self._hash.update(data)
        self._sealer.append(data)

    def sync(self, extra: dict | None = None) -> int:
        """Make what was appended durable and record it in vault.db; returns the number of
        bytes promised to survive a crash: the whole chunks (the chunk still filling is
        written too and usually kept, but see the module docstring). Call every few seconds (cheap: one fdatasync, one small row
        update; if another writer holds vault.db just then, the row waits for the next call
        — the bytes on disk are durable regardless). ``extra``: fields for the attachment
        record so far (markers, duration…), kept for a recovery after a crash."""
        self._open_check()
        if extra is not None:
            self._pending["extra"] = extra
        if self._sealer.tail:
            self._sealer.write_tail()
        getattr(os, "fdatasync", os.fsync)(self.fd)
        sealed, tail = self._sealer.sealed, len(self._sealer.tail)
        try:
            self.conn.execute("PRAGMA busy_timeout = 200")
            with transaction(self.conn):
                self.conn.execute("UPDATE blobs SET durable = ?, tail = ?, pending = ? "
                                  "WHERE id = ?", (sealed, tail, json.dumps(self._pending),
                                                   self.blob_id))
        except sqlcipher3.OperationalError:
            pass
        finally:
            self.conn.execute("PRAGMA busy_timeout = 30000")
        self.durable = sealed * CHUNK  # the tail is rewritten when it fills: not promised
        return self.durable

    def finish(self, extra: dict | None = None) -> Attachment:
        """Close the stream, pad, make it durable and add the attachment record (with the
        fields in ``extra``: markers, duration…)."""
        self._open_check()
        if extra is not None:
            self._pending["extra"] = extra
        end = self._sealer.write_tail()
        size = self.size
        pad(self.fd, end, size)
        os.fsync(self.fd)
        digest = self._hash.hexdigest()
        with transaction(self.conn):
            rid = _finalize(self.store, self.blob_id, digest, size, self._pending)
        self._close()
        self._done = True
        return Attachment(rid, digest, size)

    def abort(self) -> None:
        """Throw the recording away: its row, then its file."""
        if self._done:
            return
        with transaction(self.conn):
            self.conn.execute("DELETE FROM blobs WHERE id = ?", (self.blob_id,))
        self._close()
        layout.unlink(self._path)
        self._done = True

    def close(self) -> None:
        """Let go of the file without finishing: the next unlock recovers what is durable."""
        self._close()
        self._done = True

    def __enter__(self) -> Appender:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None and not self._done:
            self.finish()
        else:
            self.close()

    def _open_check(self) -> None:
        if self._done or self.fd is None:
            raise FieldnotesError(_("This recording is already closed."))

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # also releases the lock
            self.fd = None


def _finalize(store, blob_id: int, digest: str, size: int, pending: dict) -> str:
    """Name the blob by its hash and add its attachment record (caller's transaction). If the
    same bytes are already stored, that blob serves and this row goes (its file is then an
    orphan, removed by the next sweep)."""
    conn = store.conn
    if conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone():
        conn.execute("DELETE FROM blobs WHERE id = ?", (blob_id,))
    else:
        conn.execute("UPDATE blobs SET sha256 = ?, size = ?, state = 'sealed', pending = NULL, "
                     "durable = 0, tail = 0 WHERE id = ?", (digest, size, blob_id))
    return attachment_record(store, pending["case_id"], digest, size, pending["filename"],
                             pending["mime"], pending.get("record_id"),
                             pending.get("description", ""), pending.get("extra"))


def _scan(fd: int, stream: Stream, durable: int, tail: int):
    """Walk the chunks that authenticate. Returns (sha256, size, end offset, complete):
    ``complete`` if a chunk flagged last was found; otherwise the last good chunk is re-sealed
    as the last one here."""
    sha, index, previous = hashlib.sha256(), 0, None
    while True:
        data = os.pread(fd, layout.SEALED, layout.chunk_offset(index))
        if len(data) == layout.SEALED:
            try:
                previous = stream.open(index, data, False)
                sha.update(previous)
                index += 1
                continue
            except ChunkDamaged:
                pass
        lengths = {len(data)} | ({tail + TAG} if index == durable and tail else set())
        for n in sorted(lengths, reverse=True):
            if TAG <= n <= len(data):
                with contextlib.suppress(ChunkDamaged):
                    plain = stream.open(index, data[:n], True)
                    sha.update(plain)
                    return sha, index * CHUNK + len(plain), layout.chunk_offset(index) + n
        if previous is None:
            return sha, 0, layout.HEADER
        end = write_all(fd, [stream.seal(index - 1, previous, True)],
                        layout.chunk_offset(index - 1))
        return sha, index * CHUNK, end


def recover(store) -> list[dict]:
    """Finalise every recording left appending by a process that died (one still held by a
    live process is left alone). Returns what became of each one finalised or dropped: its
    audit detail (``durable_bytes``, ``kept_bytes``…) with ``attachment`` (the new record's
    id, None if nothing could be kept) and the ``pending`` fields (case, testimony, extra)."""
    conn, handled = store.conn, []
    rows = conn.execute("SELECT id, name, file_key, durable, tail, pending FROM blobs "
                        "WHERE state = 'appending'").fetchall()
    folder = layout.folder_of(conn)
    for blob_id, name, key, durable, tail, pending_text in rows:
        path = layout.path_of(folder, name)
        pending = json.loads(pending_text)
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            fd = None
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # still being recorded by another process
            try:
                if (outcome := _recover_one(store, fd, blob_id, key, durable, tail, pending)):
                    handled.append(outcome)
            except OSError:
                continue  # a read-only or full disk: left for a later unlock, never in the way
        finally:
            if fd is not None:
                os.close(fd)
    return handled


def _recover_one(store, fd, blob_id, key, durable, tail, pending) -> dict | None:
    conn = store.conn
    nonce = layout.parse_header(os.pread(fd, layout.HEADER, 0)) if fd is not None else None
    size = 0
    if nonce is not None:
        sha, size, end = _scan(fd, Stream(key, nonce), durable, tail)
    # What sync promised is the whole chunks; the tail written after them usually survives a
    # crash too (then kept_bytes says so) but was never promised: a kill while the chunk that
    # was the tail is rewritten full loses it.
    detail = {"durable_bytes": durable * CHUNK, "kept_bytes": size,
              "filename_recorded": bool(pending.get("filename"))}
    if size == 0:
        with transaction(conn):
            conn.execute("DELETE FROM blobs WHERE id = ?", (blob_id,))
            audit.append(conn, "attachment.recording_lost", pending.get("record_id"), detail)
        return dict(detail, attachment=None, pending=pending)
    pad(fd, end, size)
    os.fsync(fd)
    digest = sha.hexdigest()
    for fields in (pending, {k: v for k, v in pending.items() if k != "extra"}):
        try:  # the fields kept at the last sync, or, if they no longer fit, the bare attachment
            with transaction(conn):
                rid = _finalize(store, blob_id, digest, size, fields)
                audit.append(conn, "attachment.recovered", rid, dict(detail, sha256=digest))
            return dict(detail, attachment=rid, pending=fields)
        except FieldnotesError:
            continue  # (its case gone or read-only: left as it is, never in the way of unlock)
    return None
