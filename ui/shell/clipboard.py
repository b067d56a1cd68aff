"""Copy to the clipboard and take it back after 30 seconds, as KeePassXC does.

Only text we put there is cleared: if the user copied something else meanwhile, it is left
alone. The copy is marked as secret for clipboard managers and history (KDE/Klipper, macOS,
Windows clipboard history and cloud clipboard), so they do not keep it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000


class SecureClipboard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS):
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    def copy(self, text: str) -> None:
        mime = QMimeData()
        mime.setText(text)
        if sys.platform == "darwin":
            mime.setData("application/x-nspasteboard-concealed-type", text.encode("utf-8"))
        elif sys.platform.startswith("win"):
            mime.setData("ExcludeClipboardContentFromMonitorProcessing", b"1")
            mime.setData("CanIncludeInClipboardHistory", b"\x00\x00\x00\x00")
            mime.setData("CanUploadToCloudClipboard", b"\x00\x00\x00\x00")
        else:
            mime.setData("x-kde-passwordManagerHint", b"secret")
        QGuiApplication.clipboard().setMimeData(mime)
        self._ours = text
        self._timer.start()

    @property
    def holds_ours(self) -> bool:
        return self._ours is not None and QGuiApplication.clipboard().text() == self._ours

    def clear(self) -> None:
        """Empty the clipboard if it still holds what we put there."""
        self._timer.stop()
        if self.holds_ours:
            QGuiApplication.clipboard().clear()
        self._ours = None
