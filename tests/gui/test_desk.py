"""The coordinator's desk in the app: an import queue (unknown signer added and verified right
there), the review desk with bulk decisions over a lazily fetched list, the import log, and
a report saved from the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog

from fieldnotes import contacts
from fieldnotes.bundle import writer
from fieldnotes.desk import review
from fieldnotes.records.store import Store


def _card(v) -> str:
    return v.identity.card().to_text()


@pytest.fixture
def desk(make_vault, make_window, tmp_path):
    researcher, _ = make_vault("researcher")
    stranger, _ = make_vault("stranger")
    coordinator, _ = make_vault("coordinator")
    for v in (researcher, stranger):
        contacts.add_contact(v.conn, _card(coordinator), verified=True)
    contacts.add_contact(coordinator.conn, _card(researcher), verified=True)
    s = Store(researcher.conn, researcher.fingerprint)
    case = s.create("case", {"title": "拘留 case"})
    for n in range(260):  # more than one page of the review list
        s.create("note", {"text": f"note {n}"}, case)
    mine = tmp_path / "from-researcher.bundle"
    writer.export_bundle(researcher, mine, [coordinator.fingerprint], since_last=True)
    Store(stranger.conn, stranger.fingerprint).create("case", {"title": "Stranger's case"})
    theirs = tmp_path / "from-stranger.bundle"
    writer.export_bundle(stranger, theirs, [coordinator.fingerprint], since_last=True)
    (tmp_path / "stranger.card").write_text(_card(stranger))
    w = make_window(coordinator.path)
    w._open_session(coordinator)
    return w, {"mine": mine, "theirs": theirs, "case": case, "stranger": stranger,
               "card": tmp_path / "stranger.card"}


def test_queue_takes_a_folder_and_adds_an_unknown_signer_on_the_spot(desk, qtbot, tmp_path):
    from ui.bundles.import_dialog import ImportDialog

    w, d = desk
    imp = ImportDialog(w.session, w.main_view)
    qtbot.addWidget(imp)
    assert imp.add_folder(tmp_path) == 2   # both bundles, not the card
    with qtbot.waitSignal(imp.run_import().finished, timeout=60000):
        pass
    by_name = {imp.queue.item(r, 0).text(): r for r in range(imp.queue.rowCount())}
    ok, refused = by_name["from-researcher.bundle"], by_name["from-stranger.bundle"]
    assert imp.queue.item(ok, 1).text() == "Imported"
    assert imp.queue.item(refused, 1).text() == "Refused"
    assert imp.attempts[refused].unknown_signer

    imp.queue.selectRow(refused)
    assert imp.card_button.isEnabled() and not imp.receipt_button.isEnabled()
    fpr = d["stranger"].fingerprint
    wrong = tmp_path / "wrong.card"
    wrong.write_text(_card(w.session.vault))
    assert not imp.add_card_file(wrong, fpr) and "not that of the bundle's signer" in \
        imp.error.text()
    assert imp.add_card_file(d["card"], fpr)
    assert imp.verify_sender(fpr, dialog_result=QDialog.DialogCode.Accepted)
    assert contacts.get_contact(w.session.vault.conn, fpr)["verified"]
    with qtbot.waitSignal(imp.run_import().finished, timeout=60000):
        pass
    assert imp.queue.item(refused, 1).text() == "Imported"
    assert imp.queue.item(ok, 1).text() == "Imported"   # taken rows are not run again


def test_review_desk_bulk_decision_and_lazy_list(desk, qtbot):
    from fieldnotes.desk import batch
    from ui.desk.import_log import ImportLogDialog
    from ui.desk.review_desk import ReviewDesk

    w, d = desk
    batch.import_many(w.session.vault, [d["mine"], d["theirs"]])
    dlg = ReviewDesk(w.session, w.main_view)
    qtbot.addWidget(dlg)
    m = dlg.model
    assert m.rowCount() == 200 and m.canFetchMore()     # one page, more on scroll
    m.fetchMore()
    assert m.rowCount() == 261 and not m.canFetchMore()  # the case and 260 notes
    assert {r["state"] for r in m.rows} == {"needs_review"}
    sel = dlg.view.selectionModel()
    for row in (1, 2, 3):
        sel.select(m.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    chosen = [r["id"] for r in dlg.selected()]
    dlg.decision.setCurrentIndex(dlg.decision.findData("accepted"))
    dlg.comment.setText("checked")
    assert dlg.apply_button.isEnabled()
    out = dlg.apply()
    assert sorted(out.changed) == sorted(chosen)
    assert dlg.notice.text.text() == "3 changed, 0 already so, 0 refused."
    assert m.rowCount() == 200 and chosen[0] not in {r["id"] for r in m.rows}
    dlg.state.setCurrentIndex(dlg.state.findData("accepted"))
    assert sorted(r["id"] for r in m.rows) == sorted(chosen)
    assert {r["comment"] for r in m.rows} == {"checked"}
    dlg.state.setCurrentIndex(0)
    dlg.rtype.setCurrentIndex(dlg.rtype.findData("case"))
    assert [r["type"] for r in m.rows] == ["case"]
    assert review.count(w.session.vault.conn, review.Filters(state="accepted")) == 3

    log = ImportLogDialog(w.session, w.main_view)
    qtbot.addWidget(log)
    assert log.model.rowCount() == 2
    log.status.setCurrentIndex(log.status.findData("refused"))
    assert log.model.rowCount() == 1
    assert log.model.data(log.model.index(0, 2)) == "from-stranger.bundle"


def test_report_is_made_on_a_worker(desk, qtbot, tmp_path):
    from fieldnotes.desk import batch
    from ui.desk import reports

    w, d = desk
    batch.import_many(w.session.vault, [d["mine"]])
    out = tmp_path / "case.pdf"
    saved = []
    worker = reports.write_report(w.main_view, w.session, reports.CASE, d["case"], str(out),
                                  done=saved.append)
    with qtbot.waitSignal(worker.finished, timeout=60000):
        pass
    assert saved == [str(out)] and out.read_bytes().startswith(b"%PDF")


def test_review_desk_shows_record_types_in_the_readers_language(desk, qtbot):
    from fieldnotes import i18n
    from fieldnotes.desk import batch
    from ui.desk.review_desk import ReviewDesk

    w, d = desk
    batch.import_many(w.session.vault, [d["mine"]])
    i18n.set_language("zh_TW")
    try:
        dlg = ReviewDesk(w.session, w.main_view)
        qtbot.addWidget(dlg)
        m = dlg.model
        shown = {m.index(row, 1).data() for row in range(m.rowCount())}
        filters = {dlg.rtype.itemText(n) for n in range(dlg.rtype.count())}
    finally:
        i18n.set_language("en")
    assert shown == {"案件", "筆記"}  # codes ("case", "note") never reach the reader
    assert {"案件", "筆記", "證詞"} <= filters
