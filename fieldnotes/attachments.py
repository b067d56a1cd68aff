"""Attachments: bytes kept in the attachment store (:mod:`fieldnotes.blobstore`), streamed in
and out.

Blobs are found by the SHA-256 computed while the bytes stream in; identical files are stored
once. Reading streams chunk by chunk, each authenticated under the blob's own key, so damage is
reported (AttachmentCorrupt, naming the attachment) instead of handed over. Memory stays at
about one batch of chunks whatever the file's size. An ``attachment`` record carries the file
name, size, hash and what it belongs to.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path

from fieldnotes import audit, userfiles
from fieldnotes.blobstore import BlobFile, BlobWriter, attachment_record
from fieldnotes.blobstore.writer import BUFFER
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.jobs import Job
from fieldnotes.media import metadata
from fieldnotes.vault import transaction

CHUNK_SIZE = BUFFER  # what intake reads at a time (1 MiB)
_SEAL_ASIDE = 8 << 20  # from this size, sealing and writing run on a thread of their own

BlobReader = BlobFile


def intake(conn, stream, job: Job | None = None, total: int = 0) -> tuple[str, int]:
    """Stream bytes from ``stream`` into a new blob (inside the caller's transaction)."""
    job = job or Job()
    writer = BlobWriter(conn, threaded=total >= _SEAL_ASIDE)
    try:
        writer.pour(stream, lambda done: job.step(done, total))
        return writer.finish(), writer.size
    except BaseException:
        writer.discard()
        raise


def attach_file(store, case_id: str, path: str | os.PathLike, record_id: str | None = None,
                description: str = "", job: Job | None = None) -> tuple[str, str]:
    """Add a file as an attachment of a case (and optionally of one record in it).

    One transaction: the bytes, the attachment record and the audit entries, or nothing.
    Returns (attachment record id, sha256).
    """
    path = Path(path)
    with userfiles.open_read(path) as fh:
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
        try:
            rid = attachment_record(store, case_id, digest, size, filename, mime, record_id,
                                    description, {"metadata": meta} if meta else None)
        except BaseException:
            _forget(store.conn, digest)
            raise
    return rid, digest


def _forget(conn, digest: str) -> None:
    """The transaction that stored a blob is failing: remove its file now if it was new (its
    row goes with the rollback; a sweep would catch it too, later)."""
    from fieldnotes.blobstore import layout

    row = conn.execute("SELECT name FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
    if row and row[0] and not conn.execute(
            "SELECT 1 FROM records WHERE type = 'attachment' AND "
            "json_extract(data, '$.sha256') = ?", (digest,)).fetchone():
        layout.unlink(layout.path_of(layout.folder_of(conn), row[0]))


def copy_out(conn, sha256: str, writer, job: Job | None = None) -> int:
    """Stream a blob into ``writer``, each chunk authenticated. Returns the byte count."""
    job = job or Job()
    done = 0
    with BlobFile(conn, sha256) as blob:
        for batch in blob.pieces():
            for piece in batch:
                writer.write(piece)
                done += len(piece)
            job.step(done, blob.size)
    return done


def save_copy(conn, record_id: str, sha256: str, target, job: Job | None = None) -> int:
    """A decrypted copy of an attachment in a new file ``target`` the person chose (never over
    an existing one), synced, and ``attachment.saved_copy`` in the audit log. If anything goes
    wrong or the job is cancelled, the partial copy is removed: no half-written plaintext is
    left behind. Returns the byte count."""
    fd = userfiles.create_new(target)
    try:
        with os.fdopen(fd, "wb") as out:
            n = copy_out(conn, sha256, out, job)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as exc:
        Path(target).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise userfiles.write_error(target, exc) from None
        raise
    with transaction(conn):
        audit.append(conn, "attachment.saved_copy", record_id, {"sha256": sha256, "size": n})
    return n


def read_all(conn, sha256: str, limit: int = 64 << 20) -> bytes:
    """The whole blob in memory, for viewing small files in the app (never written to disk)."""
    with BlobFile(conn, sha256) as blob:
        if blob.size > limit:
            raise FieldnotesError(_("This attachment is too large to show here."))
        return b"".join(p for batch in blob.pieces() for p in batch)


def drop_if_unused(conn, sha256: str) -> None:
    """Forget a blob no revision refers to any more (inside a purge's transaction): its row,
    which holds its key, goes now; the file, noise without the key, is removed by the sweep
    that follows the purge (:func:`fieldnotes.blobstore.upkeep.sweep`)."""
    if conn.execute("SELECT 1 FROM revisions WHERE instr(line, ?) LIMIT 1", (sha256,)).fetchone():
        return
    row = conn.execute("SELECT id FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    if row:
        conn.execute("DELETE FROM chunks WHERE blob_id = ?", (row[0],))
        conn.execute("DELETE FROM blobs WHERE id = ?", (row[0],))
