"""Idle lock: after N minutes without keyboard or mouse input, or at Ctrl+L, lock the vault.

:class:`IdleWatcher` is an application-wide event filter that restarts a single-shot timer on
input; when it fires it emits ``idle``. The window's ``lock()`` (see app_window.py) does the
locking itself: cancel vault tasks, clear and drop every widget holding content, clear the
clipboard if it holds our text, ``vault.lock()``, show the unlock screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

# Ctrl+L, and Ctrl+Shift+L (what other apps use to lock): both lock at once, on every screen.
LOCK_SHORTCUTS = (QKeySequence("Ctrl+L"), QKeySequence("Ctrl+Shift+L"))

_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        self._last_restart = 0.0

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, int(ms)))
        if self._timer.isActive():
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._last_restart = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            now = time.monotonic()
            # Restart at most every 250 ms: mouse moves come by the hundred.
            if now - self._last_restart > 0.25:
                self._last_restart = now
                self._timer.start()
        return False


class LockKeysInDialogs(QObject):
    """Ctrl+L (and Ctrl+Shift+L) in one of the window's own modal dialogs asks for the lock.

    Qt keeps application shortcuts from a window that a modal dialog shadows, so with
    Settings, an export or a question open the lock keys did nothing. Installed on the
    application; the window's own shortcuts still serve when no dialog is open."""

    lock_requested = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window

    def _owned(self, widget) -> bool:
        while widget is not None:
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.KeyPress:
            return False
        modal = QApplication.activeModalWidget()
        if modal is None or not self._owned(modal):
            return False
        if QKeySequence(event.keyCombination()) in LOCK_SHORTCUTS:
            self.lock_requested.emit()
            return True
        return False
