"""Export and import dialogs: a round trip between two vaults, with the consent review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("fieldnotes.bundle.writer")

from fieldnotes import contacts  # noqa: E402
from tests.gui.helpers import add_record  # noqa: E402


def _card(vault) -> str:
    return vault.conn.execute("SELECT card FROM identity").fetchone()[0]


@pytest.fixture
def pair(make_vault, make_window):
    researcher, _ = make_vault("researcher")
    coordinator, _ = make_vault("coordinator")
    contacts.add_contact(researcher.conn, _card(coordinator), verified=True)
    contacts.add_contact(coordinator.conn, _card(researcher), verified=True)
    w = make_window(researcher.path)
    w._open_session(researcher)
    return w, researcher, coordinator


def test_export_import_round_trip(pair, make_window, tmp_path, qtbot):
    from ui.bundles.export_dialog import ExportDialog
    from ui.bundles.import_dialog import ImportDialog

    w, researcher, coordinator = pair
    mv = w.main_view
    mv.create_case("Lawyers detained in July 2015")
    tab = mv.case_view.tabs_by_type["testimony"]
    shared = add_record(tab, title="Shared", consent={"scope": "publish_anonymised"},
                        text="他说王全璋被带走了。")
    private = add_record(tab, title="Private", consent={"scope": "internal"},
                         text="Only for this vault.")
    withdrawn = add_record(tab, title="Withdrawn", consent={"scope": "withdrawn"},
                           text="Must never leave.")

    dlg = ExportDialog(w.session, mv)
    qtbot.addWidget(dlg)
    assert dlg.recipients.count() == 1
    assert dlg.recipients.item(0).checkState() == Qt.CheckState.Checked
    dlg.some_cases.setChecked(True)
    dlg.cases.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dlg.review().succeeded, timeout=20000):
        pass
    assert dlg.pages.currentIndex() == 1
    left = {dlg.left_out.item(r, 1).text(): r for r in range(dlg.left_out.rowCount())}
    assert set(left) == {"Testimony: Private", "Testimony: Withdrawn"}
    assert "internal use only" in dlg.left_out.item(left["Testimony: Private"], 2).text()
    withdrawn_box = dlg.left_out.item(left["Testimony: Withdrawn"], 0)
    assert not (withdrawn_box.flags() & Qt.ItemFlag.ItemIsEnabled)   # cannot be overridden
    dlg.left_out.item(left["Testimony: Private"], 0).setCheckState(Qt.CheckState.Checked)
    assert dlg.included() == {private}

    out = tmp_path / "to-coordinator.bundle"
    worker = dlg.export_to(str(out))
    assert not dlg.progress.isHidden()
    with qtbot.waitSignal(worker.succeeded, timeout=30000):
        pass
    assert dlg.pages.currentIndex() == 2
    assert out.is_file() and dlg.result.path == out
    assert str(out) in dlg.done_text.text()

    # The coordinator imports it in their own window: a queue, one row per bundle.
    w2 = make_window(coordinator.path)
    w2._open_session(coordinator)
    imp = ImportDialog(w2.session, w2.main_view)
    qtbot.addWidget(imp)
    assert imp.add_paths([out]) == 1 and imp.import_button.isEnabled()
    with qtbot.waitSignal(imp.run_import().finished, timeout=30000):
        pass
    result = imp.attempts[0]
    assert result.status == "added" and result.added >= 3
    assert imp.queue.item(0, 1).text() == "Imported"
    assert imp.queue.item(0, 2).text() == "Researcher"
    assert f"{result.added} revisions added" in imp.queue.item(0, 3).text()
    assert "“Lawyers detained in July 2015”" in imp.queue.item(0, 3).text()
    assert not imp.import_button.isEnabled()   # nothing left to import
    store = w2.session.store
    got = {r["id"]: r for r in store.list("testimony")}
    assert shared in got and private in got and withdrawn not in got
    assert got[shared]["origin"] == researcher.fingerprint

    # Imported records open read-only, and search finds them.
    w2.main_view.reload_cases()
    w2.main_view.search_box.setText("王全璋")
    assert w2.main_view.run_search() == 1

    # Importing the same bundle again changes nothing and says so.
    imp.add_paths([out])
    with qtbot.waitSignal(imp.run_import().finished, timeout=30000):
        pass
    assert imp.attempts[1].status == "already_imported"
    assert "already imported" in imp.queue.item(1, 3).text()

    # A receipt for the researcher.
    receipt = tmp_path / "back.receipt"
    with qtbot.waitSignal(imp.write_receipt(result.bundle_id, str(receipt)).succeeded,
                          timeout=30000):
        pass
    assert receipt.is_file()


def test_import_refusal_is_one_sentence(pair, make_vault, make_window, tmp_path, qtbot):
    from ui.bundles.import_dialog import ImportDialog

    w, researcher, _ = pair
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"age-encryption.org/v1\n-> X25519 nope\n" + b"\0" * 200)
    imp = ImportDialog(w.session, w.main_view)
    qtbot.addWidget(imp)
    imp.add_paths([junk])
    with qtbot.waitSignal(imp.run_import().finished, timeout=30000):
        pass
    message = imp.attempts[0].reason
    assert message and "\n" not in message and "Traceback" not in message
    assert imp.queue.item(0, 1).text() == "Refused"
    assert imp.queue.item(0, 3).text() == f"refused: {message}"
    assert imp.import_button.isEnabled()   # a refused bundle can be tried again


def test_export_needs_verified_recipient(vault, make_window, qtbot):
    from ui.bundles.export_dialog import ExportDialog

    w = make_window(vault.path)
    w._open_session(vault)
    w.main_view.create_case("A case")
    dlg = ExportDialog(w.session, w.main_view)
    qtbot.addWidget(dlg)
    assert dlg.recipients.count() == 0
    with qtbot.waitSignal(dlg.review().failed, timeout=20000) as failed:
        pass
    assert failed.args[0] == "Choose at least one recipient."
    assert dlg.pages.currentIndex() == 0


def test_consent_review_lists_a_withheld_source_as_a_person(pair, qtbot):
    """A person known only as the source of withheld testimony is listed as left out, and the
    user may still send them on purpose."""
    from fieldnotes.records.store import Store
    from ui.bundles.export_dialog import ExportDialog

    w, researcher, _ = pair
    store = Store(researcher.conn, researcher.fingerprint)
    case = store.create("case", {"title": "Source protection"})
    source = store.create("person", {"name": "李文足"}, case)
    store.create("testimony", {"text": "kept", "consent": {"scope": "internal"},
                               "interviewee_id": source}, case)
    dlg = ExportDialog(w.session, w.main_view)
    qtbot.addWidget(dlg)
    dlg.some_cases.setChecked(True)
    dlg.cases.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dlg.review().succeeded, timeout=20000):
        pass
    rows = {dlg.left_out.item(r, 1).text(): r for r in range(dlg.left_out.rowCount())}
    assert "Person: 李文足" in rows and not dlg.left_out.isHidden()
    box = dlg.left_out.item(rows["Person: 李文足"], 0)
    assert box.flags() & Qt.ItemFlag.ItemIsEnabled
    box.setCheckState(Qt.CheckState.Checked)
    assert dlg.included() == {source}


def test_consent_review_shows_no_empty_table(pair, qtbot):
    from fieldnotes.records.store import Store
    from tests.gui.helpers import review_first_case

    w, researcher, _ = pair
    Store(researcher.conn, researcher.fingerprint).create("case", {"title": "Nothing held back"})
    dlg = review_first_case(w, qtbot)
    assert dlg.left_out_note.text() == "Nothing is left out."
    assert dlg.left_out.isHidden()
