"""The export's byte stream: the tar that the age encryption pulls from, built as it is read.

:class:`ChunkReaders` reads the blobs' sealed files (fieldnotes/blobstore) on ``WORKERS``
threads, each with its own database connection, taking batches of chunks in turn (batch n goes
to worker n mod WORKERS) into small bounded queues. Opening a chunk (ChaCha20-Poly1305) and
reading the file release the GIL, so it overlaps with the age encryption that runs on the
calling thread, pulling the tar through :class:`TarSource`. Every chunk is authenticated under
its blob's own key, so the bytes are exactly those hashed at intake: no second SHA-256. A blob
that vanished (a purge meanwhile) or is damaged fails the export, naming the attachment.
Memory: at most ``WORKERS × DEPTH`` batches of 1 MiB in flight.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable, Iterator

from fieldnotes.blobstore import BlobFile
from fieldnotes.blobstore.problems import MISSING, damaged
from fieldnotes.offload import DiskFlusher, Offload

WORKERS = 2
DEPTH = 4
PIECE = 1 << 20  # records.jsonl goes out in pieces of about this size; a batch of chunks too


class _Stopped(Exception):
    pass


class ChunkReaders:
    """Read the blobs ((sha256, size, chunk size) in tar order) on worker threads."""

    def __init__(self, connect: Callable, release: Callable,
                 blobs: list[tuple[str, int, int]], workers: int = WORKERS):
        self._connect, self._release = connect, release
        plan = []  # (sha, first chunk, chunk count) in stream order
        for sha, size, chunk in blobs:
            count = -(-size // chunk)
            step = max(1, PIECE // chunk)
            plan += [(sha, i, min(step, count - i)) for i in range(0, count, step)]
        self._plan = plan
        self._workers = min(workers, len(plan))  # none at all when there is nothing to read
        self._queues = [queue.Queue(DEPTH) for _ in range(self._workers)]
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(k,), daemon=True,
                                          name=f"bundle-read-{k}") for k in range(self._workers)]
        self._next = 0

    def __enter__(self) -> ChunkReaders:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for q, t in zip(self._queues, self._threads, strict=True):
            while t.is_alive():
                try:  # unblock a worker waiting on a full queue
                    q.get(timeout=0.05)
                except queue.Empty:
                    pass
            t.join()

    def _put(self, q: queue.Queue, item) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped()
            try:
                q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _run(self, k: int) -> None:
        q = self._queues[k]
        try:
            conn = self._connect()
        except BaseException as exc:
            q.put(exc)
            return
        blob = None
        try:
            conn.execute("PRAGMA cache_size = -1024")  # streaming: a big cache only costs memory
            for sha, first, count in self._plan[k::self._workers]:
                if blob is None or blob.sha256 != sha:
                    if blob is not None:
                        blob.close()
                    blob = BlobFile(conn, sha)
                    if not blob.sealed:  # left in vault.db: its migration found it damaged
                        raise damaged(conn, sha, MISSING)
                self._put(q, b"".join(blob.units(first, count)))
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the consumer, raised there
            try:
                self._put(q, exc)
            except _Stopped:
                pass
        finally:
            if blob is not None:
                blob.close()
            self._release(conn)

    def blob(self, sha: str, size: int) -> Iterator[bytes]:
        """The next blob's bytes, in pieces of about 1 MiB."""
        total = 0
        while total < size:
            item = self._queues[self._next % self._workers].get()
            self._next += 1
            if isinstance(item, BaseException):
                raise item
            total += len(item)
            yield item


class HashingSink:
    """What the age encryption writes the bundle to: hashed and written on a thread, and
    written out to disk as it grows (:class:`DiskFlusher`), so the final fsync has little
    left to wait for. Use as a context manager around the encryption."""

    def __init__(self, f, path):
        self.sha, self.size = hashlib.sha256(), 0
        self._f = f
        self.offload = Offload(self._consume, 8, "bundle-write")  # batches of ~1 MiB
        self._flusher = DiskFlusher(path)

    def __enter__(self) -> HashingSink:
        self._flusher.__enter__()
        self.offload.__enter__()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            self.offload.__exit__(kind, exc, tb)
        finally:
            self._flusher.__exit__(kind, exc, tb)

    def _consume(self, b) -> None:
        self.sha.update(b)
        self._f.write(b)
        self._flusher.wrote(len(b))

    def write(self, b) -> int:
        self.offload.put(b)  # the encryptor hands over a new bytes object each time
        self.size += len(b)
        return len(b)


class TarSource:
    """A readable over an iterator of byte pieces (what the age encryption reads)."""

    def __init__(self, pieces: Iterator[bytes]):
        self._pieces = pieces

    def read(self, n: int = -1) -> bytes:
        # The envelope's reader keeps what exceeds ``n`` for its next reads, uncopied.
        for piece in self._pieces:
            if piece:
                return piece
        return b""
