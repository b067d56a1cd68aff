"""Fill forms the way a user does: through the widgets."""

from __future__ import annotations


def fill(form, **values) -> None:
    """Set editor values by field name; consent is a dict of its own fields."""
    for name, value in values.items():
        ed = form.editors[name]
        if name == "consent":
            for k, v in value.items():
                ed.editors[k].set(v)
        else:
            ed.set(value)


def add_record(tab, **values) -> str:
    tab.new_button.click()
    fill(tab.form, **values)
    rid = tab.form.save()
    assert rid, tab.form.error.text()
    return rid


def review_first_case(window, qtbot):
    """Open the export dialog, choose the vault's first case and wait for the review page."""
    from PySide6.QtCore import Qt

    from ui.bundles.export_dialog import ExportDialog

    dlg = ExportDialog(window.session, window.main_view)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.some_cases.setChecked(True)
    dlg.cases.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dlg.review().succeeded, timeout=20000):
        pass
    return dlg


def click_through_modals(qtbot, button, answer, done) -> None:
    """Click ``button`` and let ``answer()`` deal with each modal dialog it opens (polled
    every 20 ms) until ``done()``; any exception raised meanwhile fails the test."""
    from PySide6.QtCore import QPoint, Qt, QTimer

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    with qtbot.captureExceptions() as exceptions:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        qtbot.waitUntil(done, timeout=10000)
    timer.stop()
    assert exceptions == []
