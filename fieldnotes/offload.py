"""Work handed to a thread of its own: GIL-free steps (hashing, writing a file) leave the thread
that decrypts, encrypts or writes SQLCipher, so on two cores they run side by side."""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable


class Offload:
    """Run ``fn(item)`` for each item, in order, on a thread of its own, through a bounded
    queue. An error of ``fn`` is raised by the next ``put`` or by leaving the ``with`` block;
    after one, items are dropped. Items must not change after ``put`` (bytes, not a buffer
    that is reused)."""

    _END = object()

    def __init__(self, fn: Callable, depth: int, name: str):
        self._fn = fn
        self._q: queue.Queue = queue.Queue(depth)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> Offload:
        self._thread.start()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self._q.put(self._END)
        self._thread.join()
        if kind is None and self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (item := self._q.get()) is not self._END:
            if self.error is None:
                try:
                    self._fn(item)
                except BaseException as exc:
                    self.error = exc

    def put(self, item, wait: bool = True) -> bool:
        """Queue ``item``; with ``wait=False`` drop it (and return False) if the queue is full."""
        if self.error is not None:
            raise self.error
        try:
            self._q.put(item, block=wait)
        except queue.Full:
            return False
        return True


class Sha256:
    """SHA-256 computed on a thread of its own: ``update`` queues, ``hexdigest`` waits.
    Same interface as ``hashlib.sha256()`` for what BlobWriter uses."""

    def __init__(self, depth: int = 8):
        self._sha = hashlib.sha256()
        self._offload = Offload(self._sha.update, depth, "sha256").__enter__()
        self._digest: str | None = None

    def update(self, data) -> None:
        self._offload.put(bytes(data) if not isinstance(data, bytes) else data)

    def hexdigest(self) -> str:
        if self._digest is None:
            self._offload.__exit__(None, None, None)
            self._digest = self._sha.hexdigest()
        return self._digest

    def close(self) -> None:
        """Stop the thread without a digest (the write failed)."""
        if self._digest is None:
            self._offload.__exit__(RuntimeError, None, None)
            self._digest = ""


class DiskFlusher:
    """Asks the kernel, on a thread of its own, to write a growing file to disk while it is
    still being written (fdatasync through a descriptor of our own), so the fsync that makes
    the work durable at its end (SQLite's commit, an export's last fsync) finds little left to
    wait for. Only an optimisation: durability still comes from that final fsync, and a file
    that cannot be opened or synced this way is left alone."""

    def __init__(self, path, every: int = 64 << 20):
        self._path, self._every, self._since = path, every, 0
        self._fd: int | None = None
        self._offload = Offload(self._sync, 1, "disk-flush")

    def __enter__(self) -> DiskFlusher:
        self._offload.__enter__()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self._offload.__exit__(None, None, None)
        if self._fd is not None:
            os.close(self._fd)

    def wrote(self, n: int) -> None:
        """``n`` more bytes went to the file; every ``every`` bytes, a flush is queued (unless
        one is already waiting: the writer is never held up)."""
        self._since += n
        if self._since >= self._every:
            self._since = 0
            self._offload.put(None, wait=False)

    def _sync(self, _item) -> None:
        try:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDONLY)
            getattr(os, "fdatasync", os.fsync)(self._fd)
        except OSError:
            pass
