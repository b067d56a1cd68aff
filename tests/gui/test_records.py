"""Cases, forms generated from the schemas, search (English and Chinese), read-only imports."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from fieldnotes.errors import Refused
from fieldnotes.records import revisions
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import transaction
from tests.gui.helpers import add_record, fill

ZH = ("2015年7月9日凌晨，律师王全璋在北京家中被带走，此后下落不明。"
      "他的妻子李文足多次前往天津第二看守所要求会见，均被拒绝。")


def test_case_testimonies_and_chinese_search(window, case_view, qtbot):
    tab = case_view.tabs_by_type["testimony"]
    en = add_record(tab, title="Interview with a relative", interviewer="A. K.",
                    language="English", date="~2015-07",
                    consent={"scope": "share_named", "method": "oral_recorded",
                             "organisations": ["Coordinating NGO"]},
                    text="My brother, a human-rights lawyer, was detained in July 2015.")
    zh = add_record(tab, title="李文足的证词", language="中文", date="2016-01-10",
                    consent={"scope": "internal"}, text=ZH)
    assert tab.model.rowCount() == 2
    rec = window.session.store.get(zh)
    assert rec["data"]["text"] == ZH
    assert rec["data"]["consent"] == {"scope": "internal"}
    assert window.session.store.get(en)["data"]["date"]["precision"] == "approximate"
    assert window.session.store.get(en)["data"]["consent"]["organisations"] == ["Coordinating NGO"]
    case_view.overview.reload()
    assert "2" in case_view.overview.count_labels["testimony"].text()

    mv = window.main_view
    qtbot.keyClick(mv, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    mv.search_box.setText("王全璋")
    assert mv.run_search() == 1
    assert mv.right.currentWidget() is mv.search_view
    html = mv.search_view.model.index(0).data(Qt.ItemDataRole.UserRole + 2)
    assert "<b>王全璋</b>" in html
    assert "李文足的证词" in html

    mv.search_box.setText("detained")
    assert mv.run_search() == 1
    # Clicking the result opens the testimony in its case.
    view = mv.search_view.list
    rect = view.visualRect(mv.search_view.model.index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert mv.right.currentWidget() is case_view
    assert case_view.currentWidget() is tab
    assert tab.form.record["id"] == en
    assert tab.form.editors["interviewer"].get() == "A. K."


def test_validation_error_shown_inline(case_view):
    tab = case_view.tabs_by_type["event"]
    tab.new_button.click()
    fill(tab.form, type="arbitrary_detention", title="Taken from home", date="2015-13-40")
    assert "not a real date" in tab.form.editors["date"].message.text()
    assert tab.form.save() is None
    assert "not a real date" in tab.form.error.text()
    assert not tab.form.error.isHidden()
    assert tab.model.rowCount() == 0

    fill(tab.form, date="2015-07-09")
    assert tab.form.save()
    assert tab.model.rowCount() == 1


def test_events_sorted_by_date_and_on_timeline(case_view):
    tab = case_view.tabs_by_type["event"]
    later = add_record(tab, type="trial", title="Trial", date="2016-08")
    first = add_record(tab, type="enforced_disappearance", title="Disappeared",
                       date="2015-07-09", end_date="~2016-01")
    undated = add_record(tab, type="harassment_of_family", title="Family visited")
    ids = [r["id"] for r in tab.model.records()]
    assert ids == [first, later, undated]
    rows = tab.timeline.rows
    assert [r["id"] for r, _ in rows] == [first, later, undated]
    start, end, approx = rows[0][1]
    assert (str(start), str(end), approx) == ("2015-07-09", "2016-01-31", True)
    assert rows[2][1] is None
    img = tab.timeline.grab()
    assert not img.isNull()


def test_edit_history_and_delete(case_view, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    tab = case_view.tabs_by_type["note"]
    rid = add_record(tab, title="First visit", text="Police outside the building.")
    fill(tab.form, text="Police outside the building; two cars.")
    assert tab.form.save() == rid
    history = case_view.session.store.history(rid)
    assert len(history) == 2
    from ui.records.history_dialog import HistoryDialog

    dlg = HistoryDialog(case_view.session, tab.form.record)
    assert dlg.list.count() == 2
    assert "edited: Note" in dlg.list.item(1).text()
    assert "two cars" in dlg.detail.toPlainText()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.form.delete()
    assert tab.model.rowCount() == 0
    assert case_view.session.store.get(rid)["deleted"]


def _import_as_other(conn, record: dict, origin: str) -> None:
    digest, line = revisions.make(record, None, origin, utc_now())
    with transaction(conn):
        revisions.apply(conn, json.loads(line), line, origin=origin)


def _imported_case(window, digit: str, sender: str, **records: tuple[str, dict]):
    """Open a case that came, with ``records`` (id=(type, data)), in ``sender``'s bundle."""
    conn, origin = window.session.conn, digit * 40
    case_id = f"{digit}1111111-2222-4333-8444-555555555555"
    _import_as_other(conn, {"id": case_id, "type": "case", "case_id": case_id,
                            "deleted": False, "data": {"title": f"From {sender}"}}, origin)
    for rid, (rtype, data) in records.items():
        _import_as_other(conn, {"id": rid, "type": rtype, "case_id": case_id,
                                "deleted": False, "data": data}, origin)
    conn.execute("INSERT INTO contacts(fingerprint, name, card, verified, revoked, added) "
                 "VALUES(?, ?, 'x', 1, 0, 'now')", (origin, sender))
    window.main_view.reload_cases()
    return window.main_view.select_case(case_id)


def test_imported_record_is_read_only_with_banner(window):
    t_id = "11111111-2222-4333-8444-666666666666"
    view = _imported_case(window, "1", "Researcher B", **{
        t_id: ("testimony", {"text": "Imported words", "consent": {"scope": "internal"}})})
    view.open_record(window.session.store.get(t_id))
    form = view.tabs_by_type["testimony"].form
    assert form.record["id"] == t_id
    assert not form.banner.isHidden()
    assert form.banner.text().startswith("From Researcher B (11111 11111")
    assert form.banner.text().endswith("— read-only")
    assert form.save_button.isHidden() and form.delete_button.isHidden()
    assert form.editors["text"].widget.isReadOnly()
    assert form.save() is None
    try:
        window.session.store.update(t_id, {"text": "changed"})
        raise AssertionError("store accepted an edit")
    except Refused:
        pass
    # The case's own form is read-only too.
    assert not view.overview.form.banner.isHidden()


def test_imported_case_takes_nothing_new(window):
    a_id = "21111111-2222-4333-8444-777777777777"
    view = _imported_case(window, "2", "Researcher C", **{
        a_id: ("attachment", {"filename": "scan.bin", "mime": "application/octet-stream",
                              "size": 3, "sha256": "a" * 64})})
    mv, case_id = window.main_view, view.case_id
    assert view.imported
    for rtype in ("person", "event", "testimony", "note"):
        tab = view.tabs_by_type[rtype]
        assert tab.new_button.isHidden(), rtype
        assert tab.form.read_only and tab.form.save_button.isHidden(), rtype
        assert tab.form.save() is None
    attachments = view.tabs_by_type["attachment"]
    assert attachments.add_button.isHidden()
    attachments.select(a_id)
    assert "from Researcher C" in attachments.viewer.title.text()
    assert window.session.store.list("person", case_id=case_id) == []

    # The vault's own cases still take new records.
    own = mv.create_case("Own case")
    assert not mv.select_case(own).tabs_by_type["person"].new_button.isHidden()


def test_withdrawn_consent_is_on_the_banner(window):
    """An imported testimony whose source withdrew consent says so above the form; so does
    one of our own."""
    t_id = "31111111-2222-4333-8444-666666666666"
    view = _imported_case(window, "3", "Researcher D", **{
        t_id: ("testimony", {"text": "Words", "consent": {"scope": "withdrawn"}})})
    tab = view.tabs_by_type["testimony"]
    assert tab.model.data(tab.model.index(0, 0)).endswith("·  consent withdrawn")
    view.open_record(window.session.store.get(t_id))
    banner = tab.form.banner
    assert not banner.isHidden()
    assert banner.text().startswith("From Researcher D")
    assert "withdrew consent: do not use" in banner.text()

    case = window.main_view.create_case("Our own")
    own = window.session.store.create(
        "testimony", {"text": "ours", "consent": {"scope": "withdrawn"}}, case)
    mine = window.main_view.select_case(case)
    mine.open_record(window.session.store.get(own))
    banner = mine.tabs_by_type["testimony"].form.banner
    assert not banner.isHidden() and "never exported" in banner.text()
    assert "read-only" not in banner.text()


def test_search_results_say_consent_was_withdrawn():
    from ui.models.search_results import result_html

    hit = {"id": "x", "type": "testimony", "case_id": None, "origin": None, "title": "T",
           "snippet": "", "withdrawn": False}
    assert "withdrawn" not in result_html(hit)
    assert "consent withdrawn: do not use" in result_html({**hit, "withdrawn": True})
