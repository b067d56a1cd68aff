"""Lists sort and filter; the case list and overview count in words; attachments say what,
how big and when; events show whole ranges; the timeline follows; people-in-event edits."""

from __future__ import annotations

import io

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QInputDialog, QMessageBox

from fieldnotes import attachments
from fieldnotes.records.store import Store
from tests.gui.helpers import add_record


def _visible(tab) -> list[str]:
    return [tab.model.records()[r]["title"] for r in range(tab.model.rowCount())
            if not tab.list.isRowHidden(r)]


def test_lists_sort_and_filter(case_view):
    tab = case_view.tabs_by_type["note"]
    for title in ("Beta", "alpha", "Gamma"):
        add_record(tab, title=title, text=title)
    assert _visible(tab) == ["Beta", "alpha", "Gamma"]          # by date: as written
    tab.controls.sort.setCurrentIndex(1)                          # by title
    assert _visible(tab) == ["alpha", "Beta", "Gamma"]
    tab.controls.filter.setText("GAM")
    assert _visible(tab) == ["Gamma"]
    tab.controls.filter.clear()
    assert len(_visible(tab)) == 3


def test_case_list_and_overview_count_in_words(window, case_view):
    tab = case_view.tabs_by_type["person"]
    add_record(tab, name="王全璋")
    add_record(tab, name="李文足")
    add_record(case_view.tabs_by_type["note"], text="one note")
    mv = window.main_view
    shown = mv.cases.data(mv.cases.index(0))
    assert shown.endswith("2\u00a0people\u00a0· 1\u00a0note")  # each count one unbreakable piece
    assert case_view.overview.count_labels["note"].text() == "1 note"
    assert case_view.overview.count_labels["testimony"].text() == "0 testimonies"


def test_attachments_show_kind_size_and_date(case_view):
    s = case_view.session.store
    attachments.attach_stream(s, case_view.case_id, io.BytesIO(b"x" * 2048), "map.png")
    tab = case_view.tabs_by_type["attachment"]
    tab.reload()
    text = tab.model.data(tab.model.index(0))
    assert text.startswith("map.png\nPNG image · 2.0 KB · added 20")
    from PySide6.QtCore import Qt
    assert tab.model.data(tab.model.index(0), Qt.ItemDataRole.ToolTipRole).endswith(" UTC")


def test_events_show_whole_ranges_and_the_timeline_follows(case_view):
    s = case_view.session.store
    case = case_view.case_id
    s.create("event", {"type": "rsdl", "title": "Held", "date": "2019-03-06/2019-09-02"}, case)
    s.create("event", {"type": "trial", "title": "Trial", "date": "2019-12-01",
                       "end_date": "2019-12-31"}, case)
    last = s.create("event", {"type": "release", "title": "Out", "date": "2020-12-31"}, case)
    tab = case_view.tabs_by_type["event"]
    case_view.setCurrentWidget(tab)
    tab.reload()
    texts = [tab.model.data(tab.model.index(r)) for r in range(tab.model.rowCount())]
    assert texts[0].startswith("2019-03-06 – 2019-09-02")
    assert texts[1].startswith("2019-12-01 – 2019-12-31")
    # Choosing in the list (as a click does) moves the timeline's highlight.
    idx = tab.model.index(tab.model.row_of(last))
    tab.list.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert tab.timeline.selected == last
    # The last day's mark is drawn whole, inside the widget.
    tab.timeline.resize(700, 200)
    lo, hi = tab.timeline._range()
    from ui.records.timeline import PAD
    assert tab.timeline._x(hi, lo, hi) + 7 <= tab.timeline.width() - PAD


def test_people_in_event_change_role_and_remove(case_view, monkeypatch):
    s: Store = case_view.session.store
    case = case_view.case_id
    p = s.create("person", {"name": "王全璋"}, case)
    e = s.create("event", {"type": "trial", "title": "Trial", "date": "2016"}, case)
    link = s.create("link", {"person_id": p, "event_id": e, "role": "victim"}, case)
    tab = case_view.tabs_by_type["event"]
    tab.reload()
    tab.select(e)
    assert tab.people.count() == 1 and not tab.role_button.isEnabled()
    tab.people.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Witness", True))
    tab.change_role()
    assert s.get(link)["data"]["role"] == "witness"
    assert tab.people.item(0).text() == "王全璋 — Witness"
    tab.people.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.remove_link()
    assert s.get(link)["deleted"] and tab.people.count() == 0
    assert not s.get(p)["deleted"] and not s.get(e)["deleted"]
    assert tab.people.item(0) is None
