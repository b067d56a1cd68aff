"""Progress and cancel for long operations, without Qt.

Core functions that may take long accept ``job: Job | None``. They call ``job.step(done, total)``
as they go; ``step`` raises :class:`Cancelled` once someone called ``cancel()`` (from any thread),
so the operation unwinds through its transaction and nothing is left half-done. The UI wraps a
Job around a Qt signal; a function given no Job makes its own. Work made of stages says which
one it is in with ``begin(stage)`` (a code such as migrations.STAGE, which the UI words).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from fieldnotes.errors import Cancelled

Progress = Callable[[int, int], None]


class Job:
    def __init__(self, progress: Progress | None = None,
                 stage: Callable[[str], None] | None = None):
        self._progress = progress
        self._stage = stage
        self._cancel = threading.Event()

    def begin(self, stage: str) -> None:
        """Say that the work enters ``stage`` (and stop here if cancelled)."""
        self.check()
        if self._stage is not None:
            self._stage(stage)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int) -> None:
        """Report progress (``total`` may be 0 when unknown) and stop here if cancelled."""
        self.check()
        if self._progress is not None:
            self._progress(done, total)

