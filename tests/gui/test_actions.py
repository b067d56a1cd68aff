"""Every toolbar action and menu item, triggered: none raises or shows the internal error
(More → Settings… once always did, through ``addAction(text, signal)`` on PySide6 6.12)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui.shell.privacy import INTERNAL_ERROR


def all_actions(view) -> list:
    """The toolbar's own actions (not the search box, spacer or More button) and More's items."""
    acts = [a for a in view.toolbar.actions()
            if type(view.toolbar.widgetForAction(a)).__name__ == "QToolButton" and a.text()]
    return acts + [a for a in view.more_menu.actions() if not a.isSeparator()]


def trigger_closing_dialogs(qtbot, action) -> list[str]:
    """Trigger ``action``; close every dialog it opens; return the titles and texts shown."""
    shown: list[str] = []

    def close_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        text = modal.text() if isinstance(modal, QMessageBox) else ""
        shown.append(f"{type(modal).__name__}: {modal.windowTitle()} {text}")
        modal.reject() if hasattr(modal, "reject") else modal.close()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(close_modal)
    timer.start()
    with qtbot.captureExceptions() as exceptions:
        action.trigger()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    timer.stop()
    assert exceptions == [], (action.text(), exceptions)
    return shown


def test_every_toolbar_action_and_menu_item_works(window, qtbot):
    window.main_view.create_case("A case")
    view = window.main_view
    actions = all_actions(view)
    texts = [a.text().replace("&", "") for a in actions]
    for expected in ("Import bundle…", "Export bundle…", "Identity  contacts", "Settings…",
                     "Import a receipt…", "Purge delivered records…", "Lock  (Ctrl+L)"):
        assert expected in texts, texts
    lock = view.lock_action
    opened = {}
    for action in actions:
        if action is lock:
            continue
        shown = trigger_closing_dialogs(qtbot, action)
        assert not any(INTERNAL_ERROR in s for s in shown), (action.text(), shown)
        assert shown, f"{action.text()} opened nothing"
        opened[action.text().replace("&", "")] = shown[0]
        assert window.main_view is view and not window.is_locked
    assert opened["Settings…"].startswith("SettingsDialog")
    assert opened["Import bundle…"].startswith("ImportDialog")
    assert opened["Export bundle…"].startswith("ExportDialog")
    trigger_closing_dialogs(qtbot, lock)
    assert window.is_locked


def test_no_stray_top_level_windows_after_actions(window, qtbot):
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    for action in all_actions(window.main_view):
        if action is not window.main_view.lock_action:
            trigger_closing_dialogs(qtbot, action)
    after = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and id(w) not in before and isinstance(w, QWidget)]
    assert after == []
