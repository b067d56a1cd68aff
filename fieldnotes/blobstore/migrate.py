"""From vault format 1 (attachment chunks inside vault.db) to format 2 (sealed files).

Runs at unlock, one blob per transaction: the blob's file is written and put in place, then
its row gains a name and key and its chunk rows go, in one COMMIT. A kill at any point leaves
every blob either still in vault.db or in its file (a file without its row is swept at the
next open), and the next unlock carries on where this one stopped. Progress is reported in
bytes through the Job; cancelling stops after the current blob's rollback. Once every blob is
out, the pages that held the chunks (zeroed by secure_delete) are dropped from the file by a
VACUUM and the WAL is emptied, so no attachment byte is left in vault.db.
"""

from __future__ import annotations

from crypto.stream import CHUNK
from fieldnotes import audit
from fieldnotes.blobstore.problems import LENGTH, damaged
from fieldnotes.blobstore.reader import BlobFile
from fieldnotes.blobstore.writer import BlobWriter
from fieldnotes.errors import AttachmentCorrupt
from fieldnotes.jobs import Job
from fieldnotes.vault import transaction

_TODO = "FROM blobs WHERE name IS NULL AND sha256 IS NOT NULL"


def pending(conn) -> tuple[int, int]:
    """(blobs, bytes) still inside vault.db."""
    count, total = conn.execute(f"SELECT count(*), coalesce(sum(size), 0) {_TODO}").fetchone()
    return count, total


def run(conn, job: Job | None = None) -> int:
    """Move every format-1 blob out (see module). Returns how many were moved."""
    job = job or Job()
    if conn.execute("SELECT 1 FROM blobs WHERE name IS NULL AND sha256 IS NULL").fetchone():
        with transaction(conn):  # a format-1 intake that never finished
            conn.execute("DELETE FROM chunks WHERE blob_id IN "
                         "(SELECT id FROM blobs WHERE name IS NULL AND sha256 IS NULL)")
            conn.execute("DELETE FROM blobs WHERE name IS NULL AND sha256 IS NULL")
    count, total = pending(conn)
    if not count:
        return 0
    moved = damaged = done = 0
    job.step(0, total)
    for blob_id, sha, size in conn.execute(f"SELECT id, sha256, size {_TODO} ORDER BY id"
                                           ).fetchall():
        try:
            _move(conn, blob_id, sha, job, done, total)
            moved += 1
        except AttachmentCorrupt:
            damaged += 1  # left in vault.db as it was; `check` and any read name it
        done += size
        job.step(done, total)
    with transaction(conn):
        audit.append(conn, "vault.store_migrated", None,
                     {"blobs": moved, "bytes": total, "left_damaged": damaged})
    scrub(conn)
    return moved


def _move(conn, blob_id: int, sha: str, job: Job, done: int, total: int) -> None:
    with transaction(conn):
        writer = BlobWriter(conn)
        try:
            with BlobFile(conn, blob_id=blob_id) as blob:
                for batch in blob.pieces(1):
                    for piece in batch:
                        writer.write(piece)
                    job.step(done + writer.size, total)
                if writer.size != blob.size:
                    raise damaged(conn, sha, LENGTH)
            writer.seal(sha)
        except BaseException:
            writer.discard()
            raise
        conn.execute("UPDATE blobs SET name = ?, file_key = ?, chunk_size = ?, state = 'sealed' "
                     "WHERE id = ?", (writer.name, writer.key, CHUNK, blob_id))
        conn.execute("DELETE FROM chunks WHERE blob_id = ?", (blob_id,))


def scrub(conn) -> None:
    """Empty the WAL, drop the freed pages from vault.db, empty the WAL again."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
