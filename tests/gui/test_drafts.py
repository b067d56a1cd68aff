"""Nothing typed is lost: switches ask Save / Discard / Cancel, a lock keeps a draft in the
vault without asking, the next unlock offers it back, and a rebuilt view keeps everything."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldnotes import drafts
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.gui.helpers import add_record, fill

BUTTON = QMessageBox.StandardButton


class Answer:
    """Answers the next question boxes with ``buttons`` in turn; records what they asked."""

    def __init__(self, *buttons):
        self.buttons = list(buttons)
        self.asked: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and self.buttons:
            self.asked.append(box.text())
            box.button(self.buttons.pop(0)).click()

    def stop(self) -> list[str]:
        self.timer.stop()
        return self.asked


def click_row(view, row: int, qtbot) -> None:
    index = view.model().index(row, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())


def notes(case_view):
    tab = case_view.tabs_by_type["note"]
    a = add_record(tab, title="Alpha", text="first")
    b = add_record(tab, title="Beta", text="second")
    return tab, a, b


def test_clicking_another_record_asks_and_cancel_keeps_the_edits(case_view, qtbot):
    tab, a, b = notes(case_view)
    tab.select(a)
    fill(tab.form, text="first, and more typed")
    answer = Answer(BUTTON.Cancel)
    click_row(tab.list, tab.model.row_of(b), qtbot)
    assert answer.stop() and "Alpha" in answer.asked[0]
    assert tab.form.record["id"] == a
    assert tab.form.editors["text"].get() == "first, and more typed"
    assert tab.list.currentIndex().row() == tab.model.row_of(a)

    answer = Answer(BUTTON.Discard)
    click_row(tab.list, tab.model.row_of(b), qtbot)
    answer.stop()
    assert tab.form.record["id"] == b
    assert tab.session.store.get(a)["data"]["text"] == "first"

    tab.select(a)
    fill(tab.form, text="first, saved this time")
    answer = Answer(BUTTON.Save)
    click_row(tab.list, tab.model.row_of(b), qtbot)
    answer.stop()
    assert tab.form.record["id"] == b
    assert tab.list.currentIndex().row() == tab.model.row_of(b)
    assert tab.session.store.get(a)["data"]["text"] == "first, saved this time"


def test_new_then_clicking_the_previous_record_opens_it(case_view, qtbot):
    tab, a, _b = notes(case_view)
    tab.select(a)
    tab.new_button.click()
    assert tab.form.record is None
    click_row(tab.list, tab.model.row_of(a), qtbot)
    assert tab.form.record is not None and tab.form.record["id"] == a
    assert tab.form.editors["title"].get() == "Alpha"


def test_new_with_unsaved_edits_asks(case_view, qtbot):
    tab, a, _b = notes(case_view)
    tab.select(a)
    fill(tab.form, title="Alpha renamed")
    answer = Answer(BUTTON.Cancel)
    tab.new_button.click()
    assert answer.stop()
    assert tab.form.record["id"] == a and tab.form.editors["title"].get() == "Alpha renamed"


def test_another_tab_or_case_asks(window, case_view, qtbot):
    tab, a, _b = notes(case_view)
    tab.select(a)
    case_view.setCurrentWidget(tab)
    fill(tab.form, text="typed in notes")
    answer = Answer(BUTTON.Cancel)
    case_view.setCurrentWidget(case_view.tabs_by_type["person"])
    assert answer.stop()
    assert case_view.currentWidget() is tab

    view = window.main_view
    first_case = case_view.case_id
    answer = Answer(BUTTON.Cancel)
    assert view.create_case("Second case") is not None   # made without switching to it?
    answer.stop()
    assert view.case_view.case_id == first_case
    assert tab.form.editors["text"].get() == "typed in notes"
    answer = Answer(BUTTON.Discard)
    click_row(view.case_list, view.cases.row_of(first_case) ^ 1, qtbot)
    answer.stop()
    assert view.case_view.case_id != first_case


def test_lock_keeps_a_draft_and_unlock_offers_it(window, case_view, qtbot):
    tab = case_view.tabs_by_type["testimony"]
    tab.new_button.click()
    fill(tab.form, title="Interview in Wuhan", text="She said the officers came at night.")
    path = window.session.vault.path
    window.lock()   # asks nothing
    assert QApplication.activeModalWidget() is None
    vault = Vault.open(path, PASS)
    kept = drafts.all_drafts(vault.conn)
    assert [d.data["text"] for d in kept] == ["She said the officers came at night."]
    window._open_session(vault)
    offer = window.main_view.draft_offer
    assert offer.isVisible() and "Interview in Wuhan" in offer.text.text()
    offer.restore_button.click()
    form = window.main_view.case_view.tabs_by_type["testimony"].form
    assert window.main_view.case_view.currentWidget().form is form
    assert form.record is None
    assert form.editors["text"].get() == "She said the officers came at night."
    assert form.dirty and not offer.isVisible()
    rid = form.save()
    assert rid and drafts.all_drafts(window.session.conn) == []


def test_discarding_an_offered_draft_drops_it(window, case_view, qtbot):
    tab, a, _b = notes(case_view)
    tab.select(a)
    fill(tab.form, text="edit to throw away")
    path = window.session.vault.path
    window.lock()
    window._open_session(Vault.open(path, PASS))
    offer = window.main_view.draft_offer
    assert "Alpha" in offer.text.text()
    offer.discard_button.click()
    assert not offer.isVisible()
    assert drafts.all_drafts(window.session.conn) == []
    assert window.session.store.get(a)["data"]["text"] == "first"


def test_drafts_are_kept_every_few_seconds(window, case_view, qtbot):
    tab = case_view.tabs_by_type["note"]
    tab.new_button.click()
    fill(tab.form, title="Typed, not saved", text="a crash must not take this")
    qtbot.waitUntil(lambda: drafts.all_drafts(window.session.conn) != [], timeout=8000)
    assert drafts.all_drafts(window.session.conn)[0].data["text"] == "a crash must not take this"
    fill(tab.form, text="")
    fill(tab.form, title="")
    qtbot.waitUntil(lambda: drafts.all_drafts(window.session.conn) == [], timeout=8000)


def test_closing_with_unsaved_edits_asks(window, case_view, qtbot):
    tab, a, _b = notes(case_view)
    tab.select(a)
    fill(tab.form, text="not yet saved")
    answer = Answer(BUTTON.Cancel)
    window.close()
    assert answer.stop()
    assert window.isVisible() and not window.is_locked
    answer = Answer(BUTTON.Save)
    window.close()
    answer.stop()
    assert not window.isVisible() and window.is_locked


def test_rebuild_keeps_case_tab_record_and_edits(window, case_view, qtbot):
    tab, a, b = notes(case_view)
    tab.select(b)
    case_view.setCurrentWidget(tab)
    fill(tab.form, text="second, edited")
    window.main_view.search_box.setText("Alpha")
    window.rebuild()
    view = window.main_view.case_view
    assert view is not case_view and view.case_id == case_view.case_id
    new_tab = view.tabs_by_type["note"]
    assert view.currentWidget() is new_tab
    assert new_tab.form.record["id"] == b
    assert new_tab.form.editors["text"].get() == "second, edited" and new_tab.form.dirty
    assert window.main_view.search_box.text() == "Alpha"
    assert not window.main_view.draft_offer.isVisible()
