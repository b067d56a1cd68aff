"""The keyboard reaches everything: Tab walks the toolbar, shortcuts and mnemonics open the
main dialogs, Ctrl+Shift+L locks, Return presses the focused button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

MOD = Qt.KeyboardModifier


def focused_window(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def tab_chain(start, steps: int = 40) -> list:
    start.setFocus()
    seen = []
    for _ in range(steps):
        w = QApplication.focusWidget()
        seen.append(w)
        from PySide6.QtTest import QTest
        QTest.keyClick(w, Qt.Key.Key_Tab)
    return seen


def test_tab_reaches_every_toolbar_action(window, qtbot):
    focused_window(window, qtbot)
    view = window.main_view
    buttons = [view.toolbar.widgetForAction(a) for a in
               (view.import_action, view.export_action, view.identity_action, view.lock_action)]
    chain = tab_chain(view.search_box)
    for b in [*buttons, view.more_button]:
        assert b in chain, b.text()


def modal_opened_by(qtbot, press) -> str:
    found = []

    def close() -> None:
        m = QApplication.activeModalWidget()
        if m is not None:
            found.append(type(m).__name__)
            m.reject()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(close)
    timer.start()
    press()
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    timer.stop()
    return found[0]


@pytest.mark.parametrize(("key", "mods", "dialog"), [
    (Qt.Key.Key_I, MOD.ControlModifier, "ImportDialog"),
    (Qt.Key.Key_I, MOD.AltModifier, "ImportDialog"),
    (Qt.Key.Key_E, MOD.ControlModifier, "ExportDialog"),
    (Qt.Key.Key_E, MOD.AltModifier, "ExportDialog"),
    (Qt.Key.Key_I, MOD.ControlModifier | MOD.ShiftModifier, "IdentityDialog"),
    (Qt.Key.Key_D, MOD.AltModifier, "IdentityDialog"),
])
def test_shortcuts_and_mnemonics_open_dialogs(window, qtbot, key, mods, dialog):
    focused_window(window, qtbot)
    box = window.main_view.search_box
    box.setFocus()
    assert modal_opened_by(qtbot, lambda: qtbot.keyClick(box, key, mods)) == dialog
    assert box.text() == ""   # the key went to the shortcut, not into the search box


@pytest.mark.parametrize("mods", [MOD.ControlModifier, MOD.ControlModifier | MOD.ShiftModifier,
                                  MOD.AltModifier])
def test_lock_keys(window, qtbot, mods):
    focused_window(window, qtbot)
    qtbot.keyClick(window.main_view.search_box, Qt.Key.Key_L, mods)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)


def test_return_presses_the_focused_button(window, qtbot):
    focused_window(window, qtbot)
    button = window.main_view.new_case_button
    button.setFocus()
    assert modal_opened_by(qtbot, lambda: qtbot.keyClick(button, Qt.Key.Key_Return)) \
        == "NewCaseDialog"


def test_return_on_unlock_screen_link_buttons(make_window, vault, qtbot):
    vault.close()
    w = make_window(vault.path)
    focused_window(w, qtbot)
    w.unlock.recover_button.setFocus()
    qtbot.keyClick(w.unlock.recover_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.current_screen() is w.recover, timeout=5000)


def test_tab_leaves_the_recovery_key_field(make_window, vault, qtbot):
    vault.close()
    w = make_window(vault.path)
    focused_window(w, qtbot)
    w.unlock.recover_button.click()
    key = w.recover.key
    key.setFocus()
    qtbot.keyClicks(key, "ABCDE")
    qtbot.keyClick(key, Qt.Key.Key_Tab)
    assert key.toPlainText() == "ABCDE"
    assert QApplication.focusWidget() is not key


def test_down_from_the_search_box_moves_into_the_results(window, qtbot):
    from tests.gui.helpers import add_record

    focused_window(window, qtbot)
    view = window.main_view
    view.create_case("Case")
    add_record(view.case_view.tabs_by_type["note"], title="Lantern", text="lantern words")
    box = view.search_box
    box.setFocus()
    qtbot.keyClicks(box, "lantern")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    results = view.search_view.list
    assert QApplication.focusWidget() is results
    assert results.currentIndex().row() == 0


def test_recover_screen_works_from_the_keyboard(make_window, vault, qtbot):
    vault.close()
    w = make_window(vault.path)
    focused_window(w, qtbot)
    w.unlock.recover_button.click()
    assert QApplication.focusWidget() is w.recover.key
    qtbot.keyClick(w.recover.passphrase.first, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is w.recover.passphrase.second
