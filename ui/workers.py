"""The one background-task helper: long core work runs here, never on the UI thread.

    task = Worker(self)                       # parented: dies with the widget that asked
    task.progress.connect(bar.set_progress)   # (done, total); total 0 = unknown
    task.succeeded.connect(self.on_result)    # the function's return value
    task.failed.connect(self.on_error)        # one sentence for the user
    task.start(fn, vault=vault)               # fn(conn=..., job=...) on a pool thread

With ``vault`` the function gets its own connection from ``vault.connect()``, released after the
result is sent (releasing may checkpoint a large WAL; the window shows the result meanwhile),
as every thread must; without it the function is called as ``fn(job=job)`` (creating or
opening a vault). ``cancel()`` calls ``job.cancel()``; the core then raises Cancelled at its next
step and rolls back. A :class:`FieldnotesError` becomes its sentence; anything else is a bug:
logged by type only and shown as "An internal error occurred".

Results travel as queued signals to a QObject living on the UI thread, so slots always run
there. If the widget that started a task is gone, the result is dropped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.jobs import Job
from ui.shell.privacy import INTERNAL_ERROR, report_bug

_pool = QThreadPool()
_pool.setMaxThreadCount(4)
_active: set[_Task] = set()
_active_lock = threading.Lock()


class _Bridge(QObject):
    """Emitted from the pool thread; received by the Worker on the UI thread (queued)."""

    progress = Signal("qint64", "qint64")  # bytes: a file over 2 GiB overflows a C int
    stage = Signal(str)     # Job.begin(stage)
    done = Signal(object)   # (ok, value): one Python object, no C++ bool conversion


class _Task(QRunnable):
    def __init__(self, fn: Callable, vault, job: Job, bridge: _Bridge):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.vault, self.job, self.bridge = fn, vault, job, bridge
        self.uses_vault = vault is not None
        self.finished = threading.Event()

    def run(self) -> None:
        ok, value = False, _(INTERNAL_ERROR)
        conn = None
        try:
            if self.vault is not None:
                conn = self.vault.connect()
                value = self.fn(conn=conn, job=self.job)
            else:
                value = self.fn(job=self.job)
            ok = True
        except FieldnotesError as exc:
            value = exc.message
        except BaseException as exc:  # a bug: no content leaves this block
            report_bug(type(exc))
            value = _(INTERNAL_ERROR)
        try:
            self.bridge.done.emit((ok, value))  # before release, which may checkpoint a while
        except RuntimeError:  # the receiver is gone (window closed or locked)
            pass
        finally:
            if conn is not None:
                try:
                    self.vault.release(conn)
                except Exception:  # already closed by a lock: nothing left to release
                    pass
            with _active_lock:
                _active.discard(self)
            self.finished.set()


class Worker(QObject):
    progress = Signal("qint64", "qint64")
    stage = Signal(str)  # the work entered a stage (Job.begin: e.g. migrations.STAGE)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._job: Job | None = None
        self._task: _Task | None = None
        self._last_emit = 0.0

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.finished.is_set()

    def start(self, fn: Callable, vault=None) -> None:
        if self.running:
            raise RuntimeError("this worker is already running")
        bridge = _Bridge()
        bridge.progress.connect(self._on_progress)
        bridge.stage.connect(self._on_stage)
        bridge.done.connect(self._on_done)
        self._bridge = bridge
        self._job = Job(progress=self._report, stage=self._report_stage)
        self._task = _Task(fn, vault, self._job, bridge)
        with _active_lock:
            _active.add(self._task)
        _pool.start(self._task)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _report(self, done: int, total: int) -> None:
        # Pool thread. Throttle so a fast loop does not flood the UI thread's event queue.
        now = time.monotonic()
        final = total > 0 and done >= total
        if now - self._last_emit < 0.05 and not final:
            return
        self._last_emit = now
        try:
            self._bridge.progress.emit(done, total)
        except RuntimeError:
            pass

    def _report_stage(self, stage: str) -> None:
        # Pool thread; never throttled (a stage is said once).
        try:
            self._bridge.stage.emit(stage)
        except RuntimeError:
            pass

    @Slot("qint64", "qint64")
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        self.stage.emit(stage)

    @Slot(object)
    def _on_done(self, outcome) -> None:
        ok, value = outcome
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(str(value))
        self.finished.emit()


def cancel_all(wait_ms: int = 3000, vault_only: bool = True) -> bool:
    """Cancel running tasks (those using a vault, by default) and wait for them to stop.

    Called before locking, so no task holds a connection when the vault closes. Returns
    False if some task did not stop in time (the lock then closes its connection under it)."""
    with _active_lock:
        tasks = [t for t in _active if t.uses_vault or not vault_only]
    for t in tasks:
        t.job.cancel()
    deadline = time.monotonic() + wait_ms / 1000
    for t in tasks:
        if not t.finished.wait(max(0.0, deadline - time.monotonic())):
            return False
    return True


def active_count() -> int:
    with _active_lock:
        return len(_active)


def shutdown(wait_ms: int = 5000) -> bool:
    """At exit: cancel every task and wait for the pool's threads to finish, so that no pool
    thread still runs Python (or emits into a destroyed QObject) while the interpreter and Qt
    tear down — a thread alive at that moment once aborted the app with "Fatal Python error:
    bool_dealloc"."""
    stopped = cancel_all(wait_ms, vault_only=False)
    _pool.clear()
    return _pool.waitForDone(wait_ms) and stopped
