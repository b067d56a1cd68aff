"""The export's byte stream: the tar that the age encryption pulls from, built as it is read.

Reading attachments from SQLCipher (decrypting and authenticating every 4 KiB page) is the
most expensive part of an export, so :class:`ChunkReaders` prefetches the blobs' chunks on
``WORKERS`` threads, each with its own database connection, taking the chunks in turn (chunk n
goes to worker n mod WORKERS) into small bounded queues. SQLite and hashlib release the GIL,
so reading overlaps with the age encryption that runs on the calling thread, pulling the tar
through :class:`TarSource`. Blobs are immutable once named, so the workers' own connections
see the same bytes as the export's snapshot; one that vanished (a purge meanwhile) fails the
export. Each blob's chunk order, size and SHA-256 are checked as they pass. Memory: at most
``WORKERS × DEPTH`` chunks of 1 MiB in flight.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable, Iterator

from fieldnotes.errors import AttachmentCorrupt
from fieldnotes.i18n import _
from fieldnotes.offload import DiskFlusher, Offload

WORKERS = 2
DEPTH = 4
PIECE = 1 << 20  # records.jsonl goes out in pieces of about this size


class _Stopped(Exception):
    pass


def corrupt(sha: str) -> AttachmentCorrupt:
    return AttachmentCorrupt(_("The attachment {sha}… is corrupt: its bytes no longer match their hash; "
                               "nothing was exported.").format(sha=sha[:12]))


class ChunkReaders:
    """Prefetch the chunks of ``blobs`` ((sha256, size, chunk size) in tar order) on worker
    threads."""

    def __init__(self, connect: Callable, release: Callable,
                 blobs: list[tuple[str, int, int]], workers: int = WORKERS):
        self._connect, self._release = connect, release
        plan = []  # (sha, chunk index, expected length) in stream order
        for sha, size, chunk in blobs:
            count = -(-size // chunk)
            plan += [(sha, i, min(chunk, size - i * chunk)) for i in range(count)]
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
        try:
            conn.execute("PRAGMA cache_size = -1024")  # streaming: a big cache only costs memory
            ids: dict[str, int] = {}
            for sha, idx, length in self._plan[k::self._workers]:
                if sha not in ids:
                    row = conn.execute("SELECT id FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
                    if row is None:
                        raise corrupt(sha)
                    ids = {sha: row[0]}
                row = conn.execute("SELECT data FROM chunks WHERE blob_id = ? AND idx = ?",
                                   (ids[sha], idx)).fetchone()
                if row is None or len(row[0]) != length:
                    raise corrupt(sha)
                self._put(q, row[0])
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the consumer, raised there
            try:
                self._put(q, exc)
            except _Stopped:
                pass
        finally:
            self._release(conn)

    def blob(self, sha: str, size: int, check: Offload) -> Iterator[bytes]:
        """The next blob's bytes, in chunks; ``check`` (see :func:`checker`) hashes them and
        fails the export if they do not match the blob's name."""
        total = 0
        while total < size:
            item = self._queues[self._next % self._workers].get()
            self._next += 1
            if isinstance(item, BaseException):
                raise item
            check.put(item)
            total += len(item)
            yield item
        check.put(sha)


def checker() -> Offload:
    """An Offload that hashes chunks and, given a blob's name (a str), compares."""
    state = {"sha": hashlib.sha256()}

    def consume(item) -> None:
        if isinstance(item, str):
            if state["sha"].hexdigest() != item:
                raise corrupt(item)
            state["sha"] = hashlib.sha256()
        else:
            state["sha"].update(item)

    return Offload(consume, DEPTH, "bundle-check")


class HashingSink:
    """What the age encryption writes the bundle to: hashed and written on a thread, and
    written out to disk as it grows (:class:`DiskFlusher`), so the final fsync has little
    left to wait for. Use as a context manager around the encryption."""

    def __init__(self, f, path):
        self.sha, self.size = hashlib.sha256(), 0
        self._f = f
        self.offload = Offload(self._consume, 32, "bundle-write")
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
