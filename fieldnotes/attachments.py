"""Attachments: bytes stored inside the vault in fixed-size chunks, streamed in and out.

Blobs are content-addressed by SHA-256, computed while the bytes stream in; identical files are
stored once. Reading streams chunk by chunk and checks the hash at the end, so corruption is
reported (AttachmentCorrupt) instead of handed over. Memory stays at about one chunk whatever
the file's size. An ``attachment`` record carries the file name, size, hash and what it belongs to.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
from pathlib import Path

from fieldnotes import audit
from fieldnotes.errors import AttachmentCorrupt, FieldnotesError, NotFound
from fieldnotes.i18n import _
from fieldnotes.jobs import Job
from fieldnotes.media import metadata
from fieldnotes.vault import transaction

CHUNK_SIZE = 1 << 20  # 1 MiB


class BlobWriter:
    """Write a blob in chunks inside the caller's transaction; ``finish`` names it by hash.

    ``hasher`` (default ``hashlib.sha256()``) may be :class:`fieldnotes.offload.Sha256`, so
    the hashing runs beside the SQLCipher writes instead of before them; ``written(n)`` is
    told of each chunk stored (a :class:`fieldnotes.offload.DiskFlusher` on the WAL)."""

    def __init__(self, conn, chunk_size: int = CHUNK_SIZE, hasher=None, written=None):
        self.conn = conn
        self._written = written
        self.chunk_size = chunk_size
        self._hash = hasher or hashlib.sha256()
        self._parts: list = []  # bytes (or views of bytes) making up the next chunk
        self._have = 0
        self._idx = 0
        self.size = 0
        self.blob_id = conn.execute(
            "INSERT INTO blobs(sha256, size, chunk_size) VALUES(NULL, 0, ?)", (chunk_size,)
        ).lastrowid

    def write(self, data) -> int:
        if not isinstance(data, bytes):
            data = bytes(data)  # a buffer the caller may reuse: keep a copy of our own
        self._hash.update(data)
        self.size += len(data)
        view = memoryview(data)
        while view:
            if not self._parts and len(view) >= self.chunk_size:  # whole chunk: no copy
                self._flush(view[: self.chunk_size])
                view = view[self.chunk_size:]
                continue
            take = view[: self.chunk_size - self._have]
            self._parts.append(take)
            self._have += len(take)
            view = view[len(take):]
            if self._have == self.chunk_size:
                self._flush_parts()
        return len(data)

    def _flush_parts(self) -> None:
        self._flush(b"".join(self._parts))
        self._parts, self._have = [], 0

    def _flush(self, piece) -> None:
        self.conn.execute(
            "INSERT INTO chunks(blob_id, idx, data) VALUES(?, ?, ?)", (self.blob_id, self._idx, piece)
        )
        self._idx += 1
        if self._written is not None:
            self._written(len(piece))

    def finish(self, expected_sha256: str | None = None) -> str:
        """Store the tail, name the blob by its hash (dropping it if that blob already exists).
        With ``expected_sha256``, a mismatch raises AttachmentCorrupt."""
        if self._parts:
            self._flush_parts()
        digest = self._hash.hexdigest()
        if expected_sha256 is not None and digest != expected_sha256:
            raise AttachmentCorrupt(
                _("An attachment does not match its hash (expected {sha}…).").format(
                    sha=expected_sha256[:12])
            )
        if self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone():
            self.conn.execute("DELETE FROM chunks WHERE blob_id = ?", (self.blob_id,))
            self.conn.execute("DELETE FROM blobs WHERE id = ?", (self.blob_id,))
        else:
            self.conn.execute(
                "UPDATE blobs SET sha256 = ?, size = ? WHERE id = ?", (digest, self.size, self.blob_id)
            )
        return digest


def intake(conn, stream, job: Job | None = None, total: int = 0) -> tuple[str, int]:
    """Stream bytes from ``stream`` into a new blob (inside the caller's transaction)."""
    job = job or Job()
    writer = BlobWriter(conn)
    while True:
        piece = stream.read(CHUNK_SIZE)
        if not piece:
            break
        writer.write(piece)
        job.step(writer.size, total)
    return writer.finish(), writer.size


def attach_file(store, case_id: str, path: str | os.PathLike, record_id: str | None = None,
                description: str = "", job: Job | None = None) -> tuple[str, str]:
    """Add a file as an attachment of a case (and optionally of one record in it).

    One transaction: the bytes, the attachment record and the audit entries, or nothing.
    Returns (attachment record id, sha256).
    """
    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise FieldnotesError(_("Cannot read {name}: {strerror}.").format(
            name=path.name, strerror=exc.strerror)) from None
    with fh:
        return attach_stream(store, case_id, fh, path.name, os.fstat(fh.fileno()).st_size,
                             record_id, description, job)


def attach_stream(store, case_id: str, stream, filename: str, total: int = 0,
                  record_id: str | None = None, description: str = "",
                  job: Job | None = None) -> tuple[str, str]:
    """``attach_file`` for bytes that are not in a file (nothing touches the disk)."""
    with transaction(store.conn):
        store.require_case(case_id)  # before reading what may be gigabytes
        mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        meta = {}
        if getattr(stream, "seekable", lambda: False)():
            meta = metadata.read(stream, mime)  # reads only what it needs, from the source
            stream.seek(0)
        digest, size = intake(store.conn, stream, job, total)
        data = {"sha256": digest, "size": size, "filename": filename, "mime": mime}
        if meta:
            data["metadata"] = meta
        if record_id:
            data["record_id"] = record_id
        if description:
            data["description"] = description
        audit.append(store.conn, "attachment.added", None, {"sha256": digest, "size": size})
        rid = store.create("attachment", data, case_id)
    return rid, digest


class BlobReader(io.RawIOBase):
    """A readable stream over a stored blob. Raises AttachmentCorrupt at the end if the bytes
    read do not hash to the blob's name, or if a chunk is missing."""

    def __init__(self, conn, sha256: str):
        row = conn.execute("SELECT id, size FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFound(_("The attachment {sha}… is not in this vault.").format(sha=sha256[:12]))
        self.conn, self.sha256 = conn, sha256
        self.blob_id, self.size = row
        self._idx = 0
        self._pending = b""
        self._hash = hashlib.sha256()
        self._read_total = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> bytes:
        row = self.conn.execute(
            "SELECT data FROM chunks WHERE blob_id = ? AND idx = ?", (self.blob_id, self._idx)
        ).fetchone()
        if row is None:
            return b""
        self._idx += 1
        piece = bytes(row[0])
        self._hash.update(piece)
        self._read_total += len(piece)
        return piece

    def readinto(self, buffer) -> int:
        if not self._pending and not self._done:
            self._pending = self._next_chunk()
            if not self._pending:
                self._done = True
                if self._read_total != self.size or self._hash.hexdigest() != self.sha256:
                    raise AttachmentCorrupt(
                        _("The attachment {sha}… is corrupt: its bytes no longer match their hash.").format(
                            sha=self.sha256[:12])
                    )
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def copy_out(conn, sha256: str, writer, job: Job | None = None) -> int:
    """Stream a blob into ``writer``, verifying it. Returns the byte count."""
    job = job or Job()
    reader = BlobReader(conn, sha256)
    done = 0
    while True:
        piece = reader.read(CHUNK_SIZE)
        if not piece:
            break
        writer.write(piece)
        done += len(piece)
        job.step(done, reader.size)
    return done


def read_all(conn, sha256: str, limit: int = 64 << 20) -> bytes:
    """The whole blob in memory, for viewing small files in the app (never written to disk)."""
    reader = BlobReader(conn, sha256)
    if reader.size > limit:
        raise FieldnotesError(_("This attachment is too large to show here."))
    return reader.read()


def drop_if_unused(conn, sha256: str) -> None:
    """Remove a blob no revision refers to any more (after a purge)."""
    if conn.execute("SELECT 1 FROM revisions WHERE instr(line, ?) LIMIT 1", (sha256,)).fetchone():
        return
    row = conn.execute("SELECT id FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    if row:
        conn.execute("DELETE FROM chunks WHERE blob_id = ?", (row[0],))
        conn.execute("DELETE FROM blobs WHERE id = ?", (row[0],))


def cleanup_incomplete(conn) -> None:
    """Blobs left unnamed by an interrupted intake (none should survive a rollback)."""
    with transaction(conn):
        conn.execute("DELETE FROM chunks WHERE blob_id IN (SELECT id FROM blobs WHERE sha256 IS NULL)")
        conn.execute("DELETE FROM blobs WHERE sha256 IS NULL")
