"""Work handed to a thread of its own: GIL-free steps (hashing, writing a file) leave the thread
that decrypts, encrypts or writes SQLCipher, so on two cores they run side by side."""

from __future__ import annotations

import hashlib
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

    def put(self, item) -> None:
        if self.error is not None:
            raise self.error
        self._q.put(item)


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
