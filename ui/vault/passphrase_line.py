"""A passphrase field: hidden by default with a show/hide toggle (the eye at its end, or
Alt+V), and a warning when Caps Lock seems to be on.

Qt cannot ask the keyboard whether Caps Lock is on, so it is inferred as browsers do: a
capital letter typed without Shift (or a small one with Shift) means it is on; pressing Caps
Lock flips what we believe.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from fieldnotes.i18n import _
from ui.widgets.basic import HintLine


def _eye(open_: bool) -> QIcon:
    pix = QPixmap(32, 32)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#2f6f73"), 2.5))
    p.drawEllipse(QPointF(16, 16), 13, 7.5)
    p.setBrush(QColor("#2f6f73"))
    p.drawEllipse(QPointF(16, 16), 3.5, 3.5)
    if not open_:
        p.drawLine(5, 27, 27, 5)
    p.end()
    return QIcon(pix)


class PassphraseLine(QLineEdit):
    caps_lock_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, name: str = ""):
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(name or _("Passphrase"))
        self.caps_lock = False
        # No text, only a tooltip: the button is an icon inside the field.
        self.toggle = QAction(_eye(True), "", self)
        self.toggle.setToolTip(_("Show the passphrase (Alt+V)"))
        self.toggle.setCheckable(True)
        self.toggle.setShortcut(QKeySequence("Alt+V"))
        self.toggle.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.toggle.toggled.connect(self.set_shown)
        self.addAction(self.toggle, QLineEdit.ActionPosition.TrailingPosition)

    def set_shown(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setIcon(_eye(not shown))
        self.toggle.setToolTip(_("Hide the passphrase (Alt+V)") if shown
                               else _("Show the passphrase (Alt+V)"))
        if self.toggle.isChecked() != shown:
            self.toggle.setChecked(shown)

    def clear(self) -> None:
        super().clear()
        self.set_shown(False)   # the next person to type does not find it shown

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.set_shown(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        text = event.text()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        caps = self.caps_lock
        if event.key() == Qt.Key.Key_CapsLock:
            caps = not caps
        elif len(text) == 1 and text.lower() != text.upper():
            caps = text.isupper() != shift
        if caps != self.caps_lock:
            self.caps_lock = caps
            self.caps_lock_changed.emit(caps)
        super().keyPressEvent(event)


def caps_lock_warning(*lines: PassphraseLine) -> QLabel:
    """A line that says Caps Lock is on while any of ``lines`` believes so."""
    warning = HintLine(_("Caps Lock is on."), role="error")   # keeps its line while hidden
    warning.hide()
    for line in lines:
        line.caps_lock_changed.connect(
            lambda _on: warning.setVisible(any(x.caps_lock for x in lines)))
    return warning
