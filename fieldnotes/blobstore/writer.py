"""Writing a whole blob inside the caller's transaction (intake, import, migration).

:class:`BlobWriter` seals the bytes into ``blobs/xx/<name>.part`` as they come, and at
:meth:`~BlobWriter.finish`: pads, fsyncs, renames into place, fsyncs the folder, and only then
adds the row — which the caller's COMMIT makes real. A crash before that COMMIT leaves a file
without a row, removed at the next open (:func:`fieldnotes.blobstore.upkeep.sweep`).

The caller holds the write lock (BEGIN IMMEDIATE) for as long as a writer is open: that is
what lets a sweep tell an abandoned file from one being written.
"""

from __future__ import annotations

import hashlib
import os
import queue
import secrets
import threading

from crypto.stream import CHUNK, NONCE
from fieldnotes.blobstore import layout
from fieldnotes.blobstore.direct import open_out
from fieldnotes.blobstore.sealing import Sealer, pad
from fieldnotes.errors import AttachmentCorrupt
from fieldnotes.i18n import _
from fieldnotes.offload import DiskFlusher, Offload

FLUSH_FROM = 64 << 20  # a blob this big is written out to disk while it grows
# pour(): read this much at a time (16 chunks), into BUFFERS buffers used again. A buffer and
# its sealed copy stay within a core's L2 cache (2 MiB here): with 2 or 4 MiB buffers the
# copies into and out of the page cache ran from memory and the sealing thread cost 2.5x
# the CPU time (bench/store_profile.py).
BUFFER = 1 << 20
BUFFERS = 4


class BlobWriter:
    """Stream a new blob into the store (see module). ``hasher`` (default
    ``hashlib.sha256()``) may be :class:`fieldnotes.offload.Sha256`, which hashes on a thread
    of its own; ``threaded`` seals and writes on a thread of its own too (for big blobs: the
    caller's thread is then free to decrypt or read what comes next)."""

    def __init__(self, conn, hasher=None, threaded: bool = False):
        if not conn.in_transaction:
            raise RuntimeError("a BlobWriter needs the caller's write transaction")
        self.conn = conn
        self.name = layout.new_name()
        self.key = secrets.token_bytes(layout.KEY_BYTES)
        self.path = layout.make_folder(layout.folder_of(conn), self.name)
        self.part = self.path.with_name(self.name + layout.PART)
        nonce = secrets.token_bytes(NONCE)
        self.fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                          | getattr(os, "O_CLOEXEC", 0), 0o600)
        self._hash = hasher or hashlib.sha256()
        self._flusher: DiskFlusher | None = None
        self._offload: Offload | None = None
        self._out = None
        try:
            self._out = open_out(self.fd)  # around the page cache where it can (direct.py)
            self._out.pwrite([layout.header(nonce)], 0)
            self._sealer = Sealer(self._out, self.key, nonce)
            self._offload = Offload(self._seal, 8, "blob-seal").__enter__() \
                if threaded else None
            self._size = 0
        except BaseException:
            self.discard()
            raise

    @property
    def size(self) -> int:
        return self._size

    def write(self, data) -> int:
        if self._offload is not None and not isinstance(data, bytes):
            data = bytes(data)  # queued: must not change under us
        self._hash.update(data)
        if self._offload is not None:
            self._offload.put(data)
        else:
            self._sealer.append(data)
        self._count(len(data))
        return len(data)

    def pour(self, stream, step=None) -> int:
        """Write everything ``stream`` holds, to its end; returns the blob's size so far.
        ``step(size)`` is called after each piece (a Job's step: it may raise Cancelled).

        With ``threaded``, the work is spread over the cores: this thread reads
        (``readinto`` into a few reused buffers, no copy), a hashing thread hashes each buffer
        and the sealing thread seals and writes it; the buffer is read into again once both
        are done with it. The buffers are the only memory it takes: ``BUFFERS × BUFFER``."""
        readinto = getattr(stream, "readinto", None)
        if self._offload is None or readinto is None:
            while piece := stream.read(BUFFER):
                self.write(piece)
                if step is not None:
                    step(self._size)
            return self._size
        free: queue.SimpleQueue = queue.SimpleQueue()
        for _buffer in range(BUFFERS):
            free.put(bytearray(BUFFER))
        hashing = Offload(self._hash_lease, BUFFERS, "blob-hash").__enter__()
        try:
            while True:
                buf = self._free_buffer(free, hashing)
                n = _fill(readinto, buf)
                if not n:
                    break
                lease = _Lease(buf, n, free)
                hashing.put(lease)
                self._offload.put(lease)
                self._count(n)
                if step is not None:
                    step(self._size)
        except BaseException:
            hashing.__exit__(RuntimeError, None, None)
            raise
        hashing.__exit__(None, None, None)  # every byte hashed: the digest is ready
        return self._size

    def _free_buffer(self, free: queue.SimpleQueue, hashing: Offload) -> bytearray:
        """A buffer the hashing and sealing threads are done with (the error of either, if
        one failed)."""
        while True:
            try:
                return free.get(timeout=0.1)
            except queue.Empty:
                for worker in (self._offload, hashing):
                    if worker.error is not None:
                        raise worker.error from None

    def _hash_lease(self, lease: _Lease) -> None:
        try:
            self._hash.update(lease.view)
        finally:
            lease.done()

    def _seal(self, item) -> None:
        """On the sealing thread: bytes from write(), or a buffer from pour()."""
        if not isinstance(item, _Lease):
            self._sealer.append(item)
            return
        try:
            self._sealer.append(item.view)
        finally:
            item.done()

    def _count(self, n: int) -> None:
        self._size += n
        if self._flusher is None and self._size >= FLUSH_FROM \
                and not getattr(self._out, "direct", False):
            self._flusher = DiskFlusher(self.part).__enter__()
        if self._flusher is not None:
            self._flusher.wrote(n)

    def _drain(self, failed: bool = False) -> None:
        """Wait for the sealing thread (raising its error, unless already failing)."""
        offload, self._offload = self._offload, None
        if offload is not None:
            offload.__exit__(RuntimeError if failed else None, None, None)

    def _check(self, expected_sha256: str | None) -> str:
        digest = self._hash.hexdigest()
        if expected_sha256 is not None and digest != expected_sha256:
            self.discard()
            raise AttachmentCorrupt(
                _("An attachment does not match its hash (expected {sha}…).").format(
                    sha=expected_sha256[:12]))
        return digest

    def seal(self, expected_sha256: str | None = None) -> str:
        """Finish the file and put it in place, durable; returns the SHA-256. A mismatch with
        ``expected_sha256`` raises AttachmentCorrupt and leaves nothing behind."""
        digest = self._check(expected_sha256)
        try:
            self._drain()
            end = self._sealer.write_tail()
            pad(self._out, end, self.size)
            self._stop_flusher()
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None
            os.rename(self.part, self.path)
            layout.fsync_dir(self.path.parent)
        except BaseException:
            self.discard()
            raise
        return digest

    def finish(self, expected_sha256: str | None = None) -> str:
        """Seal, then add the row (or, if these bytes are already stored, drop the file and
        keep the blob that exists). Returns the SHA-256."""
        digest = self._check(expected_sha256)
        if self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone():
            self.discard()
            return digest
        self.seal()
        self.conn.execute(
            "INSERT INTO blobs(sha256, size, chunk_size, name, file_key, state) "
            "VALUES(?, ?, ?, ?, ?, 'sealed')", (digest, self.size, CHUNK, self.name, self.key))
        return digest

    def _stop_flusher(self) -> None:
        if self._flusher is not None:
            self._flusher.__exit__(None, None, None)
            self._flusher = None

    def discard(self) -> None:
        """Drop what was written (the caller's transaction failed or the bytes were not
        wanted)."""
        self._drain(failed=True)
        self._stop_flusher()
        if self._out is not None:
            self._out.close()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        layout.unlink(self.part)
        layout.unlink(self.path)


class _Lease:
    """A buffer read once, hashed on one thread and sealed on another; back to ``free`` when
    both are done with it."""

    def __init__(self, buf: bytearray, n: int, free: queue.SimpleQueue):
        self.buf, self.view, self._free = buf, memoryview(buf)[:n], free
        self._left = 2
        self._lock = threading.Lock()

    def done(self) -> None:
        with self._lock:
            self._left -= 1
            last = not self._left
        if last:
            self._free.put(self.buf)


def _fill(readinto, buf: bytearray) -> int:
    """Read into ``buf`` until it is full or the stream ends; the bytes read."""
    view, done = memoryview(buf), 0
    while done < len(buf):
        n = readinto(view[done:])
        if not n:
            break
        done += n
    return done
