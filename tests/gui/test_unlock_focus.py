"""After a wrong passphrase the field is enabled, focused and selected, and what is typed next
reaches the passphrase field and no other widget (issue 8: it once landed in "Your name")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from tests.conftest import PASS


class KeyLog(QObject):
    """Every widget a key press is first delivered to, and every button pressed."""

    def __init__(self):
        super().__init__()
        self.receivers = []

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and obj is QApplication.focusWidget():
            self.receivers.append(obj)
        return False


def type_into_focus(qtbot, text: str) -> None:
    """Type as a person does: each key goes to whatever has the focus now."""
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None
        QTest.keyClick(target, ch)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_retyped_passphrase_reaches_only_the_passphrase_field(make_window, vault, qtbot):
    assert " " in PASS
    vault.close()
    w = make_window(vault.path)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    field = w.unlock.passphrase
    assert QApplication.focusWidget() is field

    leaked = []
    for kind, signal in ((QLineEdit, "textChanged"), (QPlainTextEdit, "textChanged"),
                         (QTextEdit, "textChanged")):
        for other in w.findChildren(kind):
            if other is not field:
                getattr(other, signal).connect(lambda *_a, o=other: leaked.append(o))
    pressed = []
    for button in w.findChildren(QAbstractButton):
        button.pressed.connect(lambda b=button: pressed.append(b.text()))
    log = KeyLog()
    QApplication.instance().installEventFilter(log)
    try:
        type_into_focus(qtbot, "wrong horse battery")
        qtbot.waitUntil(w.unlock.error.isVisible, timeout=20000)
        assert field.isEnabled() and not field.isReadOnly()
        assert QApplication.focusWidget() is field
        assert field.selectedText() == "wrong horse battery"   # typing replaces it
        type_into_focus(qtbot, PASS)
        qtbot.waitUntil(lambda: w.session is not None, timeout=20000)
    finally:
        QApplication.instance().removeEventFilter(log)

    assert w.current_screen() is w.main_view
    assert {id(r) for r in log.receivers} == {id(field)}
    assert leaked == [] and pressed == []
