"""Keyboard rules that hold on every screen, installed once on the application.

- Return (or Enter) presses the focused push button or tool button, as Space does; outside a
  dialog Qt leaves Return to the button's parent, so a keyboard user pressed it in vain.
- Tab leaves multi-line text fields (a recovery key, a narrative) instead of inserting a tab.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QTextEdit, QToolButton

_RETURN = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class KeyboardRules(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, (QPlainTextEdit, QTextEdit)):
            obj.setTabChangesFocus(True)
        elif (kind == QEvent.Type.KeyPress and event.key() in _RETURN
              and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
              and isinstance(obj, (QPushButton, QToolButton)) and obj.hasFocus()
              and obj.isEnabled()):
            if isinstance(obj, QToolButton) and obj.menu() is not None:
                obj.showMenu()
            else:
                obj.animateClick()
            return True
        return False


_rules: KeyboardRules | None = None


def install(app) -> None:
    """Install the rules on ``app`` once (the window calls this; tests' windows too)."""
    global _rules
    if _rules is None:
        _rules = KeyboardRules()
        app.installEventFilter(_rules)
