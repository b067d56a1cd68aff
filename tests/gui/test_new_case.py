"""A new case with a blank title is refused in one sentence, in the dialog, which stays open
with what was typed; a title then makes the case."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit


def _open_dialog() -> QDialog:
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible())


def test_blank_title_is_said_and_the_dialog_keeps_what_was_typed(window, qtbot):
    mv = window.main_view
    seen = {}

    def answer() -> None:
        dialog = _open_dialog()
        line = dialog.findChild(QLineEdit)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        line.setText("   ")
        ok.click()
        seen["open"] = dialog.isVisible()
        seen["said"] = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        seen["kept"] = line.text()
        if dialog.isVisible():
            line.setText("Detention of Ding Jiaxi")
            ok.click()
        else:   # the old way: closed without a word; nothing left to type into
            mv.create_case("placeholder that must not count")

    QTimer.singleShot(0, answer)   # runs once the dialog is up (modal or not)
    mv.new_case_button.click()
    qtbot.waitUntil(lambda: "kept" in seen)
    assert seen["open"], "a blank title closed the dialog"
    assert "A case needs a title: type one, or press Cancel." in seen["said"]
    assert seen["kept"] == "   "
    qtbot.waitUntil(lambda: mv.cases.rowCount() == 1)
    assert mv.case_view is not None
    assert mv.session.store.get(mv.case_view.case_id)["data"]["title"] == "Detention of Ding Jiaxi"


def test_the_buttons_stay_put_as_the_sentence_comes_and_goes(window, qtbot):
    dialog = window.main_view.new_case()
    qtbot.waitUntil(dialog.isVisible)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)

    def where():
        for _ in range(3):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
        return ok.mapTo(dialog, ok.rect().topLeft()), dialog.size()

    at = where()
    ok.click()                                    # blank: the sentence appears
    assert dialog.error.text() and where() == at
    qtbot.keyClicks(dialog.title, "D")            # typing clears it
    assert dialog.error.text() == "" and where() == at
    dialog.reject()


def test_a_refused_title_is_said_in_the_dialog_too(window, qtbot):
    mv = window.main_view
    dialog = mv.new_case()
    qtbot.waitUntil(dialog.isVisible)
    dialog.title.setText("x" * 1000 + "y")      # typed past the limit is cut, so call directly
    dialog.create = lambda title: mv.session.store.create("case", {"title": "x" * 1001})
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "too long" in dialog.error.text()
    dialog.reject()
    assert mv.cases.rowCount() == 0
