"""Reading a blob: a seekable stream that opens only the chunks it needs.

:class:`BlobFile` is an ``io.RawIOBase`` (readable, seekable, ``size``): ``seek(pos)`` costs
nothing and ``read(n)`` reads and opens just the 64 KiB chunks covering those bytes (the last
one opened is kept for the next small read), so a media player can sit on top of it with no
temp file and no whole-file buffer. :meth:`BlobFile.pieces` streams the whole blob in batches
for copying out. Every chunk is authenticated under the blob's own key as it is opened, so what
is handed out is exactly what was stored: no second hash is needed. A missing, cut, altered or
swapped file raises AttachmentCorrupt naming the attachment and its record.

A blob not yet moved out of ``vault.db`` (a format-1 vault whose migration was interrupted)
is read from its chunk rows, through the same interface.
"""

from __future__ import annotations

import io
import itertools
import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from crypto.stream import CHUNK, TAG, ChunkDamaged, Stream
from fieldnotes.blobstore import layout
from fieldnotes.blobstore.problems import ALTERED, LENGTH, MISSING, damaged
from fieldnotes.errors import NotFound
from fieldnotes.i18n import _

BATCH = 16  # chunks read and opened together when streaming (1 MiB)
WORKERS = 2  # threads that open chunks while a whole blob streams out
COLUMNS = "id, sha256, size, name, file_key, state, durable, tail, chunk_size"


def row_for(conn, sha256: str | None = None, blob_id: int | None = None):
    if blob_id is not None:
        row = conn.execute(f"SELECT {COLUMNS} FROM blobs WHERE id = ?", (blob_id,)).fetchone()
    else:
        row = conn.execute(f"SELECT {COLUMNS} FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        shown = (sha256 or str(blob_id))[:12]
        raise NotFound(_("The attachment {sha}… is not in this vault.").format(sha=shown))
    return row


class _Sealed:
    """Chunks of a sealed file."""

    def __init__(self, conn, sha, name: str, key: bytes, size: int, last: int | None,
                 complete: bool):
        self.unit = CHUNK
        self._conn, self._sha, self._size, self._last = conn, sha, size, last
        self._complete = complete
        path = layout.path_of(layout.folder_of(conn), name)
        try:
            self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            raise damaged(conn, sha, MISSING) from None
        try:
            length = os.fstat(self._fd).st_size
            want = layout.file_length(size) if complete else layout.sealed_length(size)
            if (length != want) if complete else (length < want):
                raise damaged(conn, sha, LENGTH)
            nonce = layout.parse_header(os.pread(self._fd, layout.HEADER, 0))
            if nonce is None:
                raise damaged(conn, sha, ALTERED)
            self._key, self._nonce = key, nonce
            self._local = threading.local()
        except BaseException:
            self.close()
            raise

    @property
    def _stream(self) -> Stream:
        """One Stream per thread: pieces() opens chunks on several at once."""
        stream = getattr(self._local, "stream", None)
        if stream is None:
            stream = self._local.stream = Stream(self._key, self._nonce)
        return stream

    def units(self, first: int, count: int) -> list[bytes]:
        if not self._complete and self._last is not None and first + count > self._last:
            # A recording still being written: its last durable chunk may since have been
            # completed and sealed again (not flagged last), in the same place.
            head = self.units(first, self._last - first) if first < self._last else []
            return head + [self._live_tail()]
        start = layout.chunk_offset(first)
        end = min(layout.chunk_offset(first + count), layout.sealed_length(self._size))
        data = os.pread(self._fd, end - start, start)
        if len(data) != end - start:
            raise damaged(self._conn, self._sha, LENGTH)
        view = memoryview(data)
        out = []
        try:
            for k in range(count):
                i = first + k
                piece = view[k * layout.SEALED:(k + 1) * layout.SEALED]
                if len(piece) < TAG:
                    break
                out.append(self._stream.open(i, piece, i == self._last))
        except ChunkDamaged:
            raise damaged(self._conn, self._sha, ALTERED) from None
        return out

    def _live_tail(self) -> bytes:
        index, length = self._last, self._size - self._last * CHUNK
        data = os.pread(self._fd, layout.SEALED, layout.chunk_offset(index))
        try:
            return self._stream.open(index, data[:length + TAG], True)
        except ChunkDamaged:
            pass
        try:
            return self._stream.open(index, data, False)[:length]
        except ChunkDamaged:
            raise damaged(self._conn, self._sha, ALTERED) from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _Rows:
    """Chunks of a format-1 blob, kept in vault.db."""

    def __init__(self, conn, sha, blob_id: int, unit: int):
        self.unit, self._conn, self._sha, self._id = unit, conn, sha, blob_id

    def units(self, first: int, count: int) -> list[bytes]:
        rows = self._conn.execute(
            "SELECT idx, data FROM chunks WHERE blob_id = ? AND idx >= ? AND idx < ? ORDER BY idx",
            (self._id, first, first + count)).fetchall()
        if [r[0] for r in rows] != list(range(first, first + len(rows))):
            raise damaged(self._conn, self._sha, LENGTH)
        return [bytes(r[1]) for r in rows]

    def close(self) -> None:
        pass


class BlobFile(io.RawIOBase):
    """A readable, seekable stream over one blob (see module). By ``sha256``, or by
    ``blob_id`` for a recording still being appended (its durable part is readable)."""

    def __init__(self, conn, sha256: str | None = None, *, blob_id: int | None = None):
        super().__init__()
        self._conn, self._source = conn, None
        (self.blob_id, self.sha256, size, name, key, state, durable, tail,
         unit) = row_for(conn, sha256, blob_id)
        self.sealed = name is not None  # False: a format-1 blob still inside vault.db
        if name is None:
            self.size = size
            self._source = _Rows(conn, self.sha256, self.blob_id, unit)
        elif state == "appending":
            self.size = durable * CHUNK + tail
            self._source = _Sealed(conn, None, name, key, self.size,
                                   durable if tail else None, False)
        else:
            self.size = size
            self._source = _Sealed(conn, self.sha256, name, key, size,
                                   layout.chunk_count(size) - 1, True)
        self.unit = self._source.unit
        self._pos = 0
        self._cached: tuple[int, bytes] = (-1, b"")

    # -- io.RawIOBase ---------------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + pos < 0:
            raise ValueError("negative seek position")
        self._pos = base + pos
        return self._pos

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self.size - self._pos)
        if want <= 0:
            return 0
        first, skip = divmod(self._pos, self.unit)
        count = min(-(-(skip + want) // self.unit), BATCH)
        if count == 1:
            if self._cached[0] != first:
                self._cached = (first, self._source.units(first, 1)[0])
            plain = [self._cached[1]]
        else:
            plain = self._source.units(first, count)
        out = memoryview(buffer).cast("B")
        done = 0
        for piece in plain:
            part = memoryview(piece)[skip:skip + want - done]
            out[done:done + len(part)] = part
            done += len(part)
            skip = 0
            if done == want:
                break
        if done == 0:  # fewer chunks than the size says (a format-1 blob lost rows)
            raise damaged(self._conn, self.sha256, LENGTH)
        self._pos += done
        return done

    def close(self) -> None:
        if self._source is not None:
            self._source.close()
        super().close()

    # -- streaming ------------------------------------------------------------------------

    def pieces(self, batch: int = BATCH, workers: int = WORKERS):
        """The whole blob from the start, as lists of plaintext chunks (``batch`` at a time).
        A sealed file is read and opened by ``workers`` threads (reading and ChaCha20-Poly1305
        release the GIL), a few batches ahead of the caller, handed out in order."""
        count = -(-self.size // self.unit) if self.size else 0
        spans = [(first, min(batch, count - first)) for first in range(0, count, batch)]
        if workers < 2 or len(spans) < 3 or not self.sealed:
            for first, n in spans:
                yield self._source.units(first, n)
            return
        ahead = iter(spans)
        with ThreadPoolExecutor(workers, thread_name_prefix="blob-read") as pool:
            pending = deque(pool.submit(self._source.units, *span)
                            for span in itertools.islice(ahead, 2 * workers))
            try:
                while pending:
                    done = pending.popleft().result()
                    span = next(ahead, None)
                    if span is not None:
                        pending.append(pool.submit(self._source.units, *span))
                    yield done
            finally:
                for f in pending:
                    f.cancel()

    def units(self, first: int, count: int) -> list[bytes]:
        """Chunks ``first`` .. ``first + count - 1`` (``unit`` bytes each; the last may be
        shorter), opened and checked."""
        return self._source.units(first, count)
