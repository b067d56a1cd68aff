"""Keyboard rules that hold on every screen, installed once on the application.

- Return (or Enter) presses the focused push button or tool button, as Space does; outside a
  dialog Qt leaves Return to the button's parent, so a keyboard user pressed it in vain.
- Tab leaves multi-line text fields (a recovery key, a narrative) instead of inserting a tab.
- A shortcut of the window's own actions (Ctrl+E, Export bundle) wins over a text field's
  secondary binding for the same keys: on X11 a line edit takes Ctrl+E for "end of line", so
  Export did nothing while the cursor was in the search box. The standard editing keys (copy,
  paste, undo, select all…) stay the field's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QTextEdit, QToolButton

_RETURN = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TEXT = (QLineEdit, QPlainTextEdit, QTextEdit)
_EDITING = tuple(getattr(QKeySequence.StandardKey, name) for name in (
    "Copy", "Cut", "Paste", "Undo", "Redo", "SelectAll", "Delete", "Back", "Find"))


def _window_action_for(widget, event) -> bool:
    """Does an enabled action of ``widget``'s window have the pressed keys as its shortcut?"""
    if any(event.matches(key) for key in _EDITING):
        return False
    pressed = QKeySequence(event.keyCombination())
    return any(a.isEnabled() and pressed in a.shortcuts()
               for a in widget.window().findChildren(QAction))


class KeyboardRules(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, (QPlainTextEdit, QTextEdit)):
            obj.setTabChangesFocus(True)
        elif (kind == QEvent.Type.ShortcutOverride and isinstance(obj, _TEXT)
              and event.modifiers() & Qt.KeyboardModifier.ControlModifier
              and _window_action_for(obj, event)):
            event.ignore()   # not the field's: the shortcut map goes on to the action
            return True
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
