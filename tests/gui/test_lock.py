"""Idle lock and Ctrl+L: the vault closes, content leaves the widgets, the clipboard clears."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.gui.helpers import add_record, fill


def test_idle_lock_locks_and_clears_forms(window, case_view, qtbot):
    tab = case_view.tabs_by_type["testimony"]
    add_record(tab, title="Secret interview", consent={"scope": "internal"},
               text="Names and places that must not stay on screen.")
    tab.new_button.click()
    fill(tab.form, title="Unsaved draft", text="Half-typed testimony")
    window.main_view.search_box.setText("interview")
    window.clipboard.copy("a fingerprint we copied")
    vault = window.session.vault

    seen = {}

    def on_locked():
        seen["draft"] = tab.form.editors["text"].get()
        seen["title"] = tab.form.editors["title"].get()
        seen["search"] = window.main_view.search_box.text() if window.main_view else ""
        seen["rows"] = tab.model.rowCount()

    window.locked.connect(on_locked)
    window.idle.set_timeout_ms(150)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)

    assert seen == {"draft": "", "title": "", "search": "", "rows": 0}
    assert vault.locked
    assert window.main_view is None
    assert window.current_screen() is window.unlock
    assert QGuiApplication.clipboard().text() != "a fingerprint we copied"


def test_input_postpones_idle_lock(window, qtbot):
    window.idle.set_timeout_ms(400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.mouseMove(window.main_view.search_box)
        qtbot.keyClick(window.main_view.search_box, Qt.Key.Key_A)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)


def test_ctrl_l_locks_now(window, qtbot):
    window.activateWindow()
    window.main_view.search_box.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    qtbot.keyClick(window.main_view.search_box, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert window.current_screen() is window.unlock


def test_clipboard_is_cleared_after_timeout_only_if_ours(qtbot):
    from ui.shell.clipboard import SecureClipboard

    cb = SecureClipboard(clear_after_ms=100)
    cb.copy("12345 67890")
    board = QGuiApplication.clipboard()
    assert board.text() == "12345 67890"
    assert bytes(board.mimeData().data("x-kde-passwordManagerHint")) == b"secret"
    qtbot.waitUntil(lambda: board.text() == "", timeout=3000)

    cb.copy("ours")
    board.setText("the user's own text")
    cb.clear()
    assert board.text() == "the user's own text"
