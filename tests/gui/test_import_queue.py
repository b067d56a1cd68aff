"""The import queue, driven as a person drives it: files and a folder dropped on it (a real
QDropEvent), and a bundle from an unknown signer taken after adding and verifying their card
through the dialogs the queue opens."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from fieldnotes import contacts
from tests.gui.helpers import click_through_modals
from tests.gui.test_desk import desk  # noqa: F401 (the fixture: researcher, stranger, coordinator)
from ui.bundles.import_dialog import FILE, RESULT, STATUS, ImportDialog
from ui.people.verify_dialog import VerifyDialog


def _rows(imp) -> dict[str, tuple[str, str]]:
    return {imp.queue.item(r, FILE).text(): (imp.queue.item(r, STATUS).text(),
                                             imp.queue.item(r, RESULT).text())
            for r in range(imp.queue.rowCount())}


def _drop(widget, urls: list[QUrl]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls(urls)
    at = widget.rect().center()
    # The only constructor QDragEnterEvent has (PySide6 flags it deprecated).
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop


def test_dropped_files_and_a_folder_each_get_a_row_and_a_result(desk, qtbot, tmp_path):  # noqa: F811
    w, d = desk
    imp = ImportDialog(w.session, w.main_view)
    qtbot.addWidget(imp)
    folder = tmp_path / "from a colleague"
    folder.mkdir()
    shutil.copy(d["mine"], folder / "copy.age")
    (folder / "readme.txt").write_text("not a bundle")
    notes = tmp_path / "notes.txt"
    notes.write_text("a file dropped by mistake")
    drop = _drop(imp, [QUrl.fromLocalFile(str(p)) for p in (d["mine"], d["theirs"], folder,
                                                            notes)]
                 + [QUrl("https://example.org/a.bundle")])
    assert drop.isAccepted()
    assert set(_rows(imp)) == {"from-researcher.bundle", "from-stranger.bundle", "copy.age",
                               "notes.txt"}
    assert all(status == "Waiting" for status, _result in _rows(imp).values())
    assert "https://example.org/a.bundle" in imp.error.text()  # said, not silently dropped

    with qtbot.waitSignal(imp.run_import().finished, timeout=60000):
        pass
    rows = _rows(imp)
    assert rows["from-researcher.bundle"][0] == "Imported"
    assert "revisions added" in rows["from-researcher.bundle"][1]
    assert rows["copy.age"] == ("Already imported",
                                rows["copy.age"][1]) and "already imported" in rows["copy.age"][1]
    assert rows["from-stranger.bundle"][0] == "Refused"
    assert "not among your verified contacts" in rows["from-stranger.bundle"][1]
    assert rows["notes.txt"][0] == "Refused"
    assert "not a Fieldnotes bundle" in rows["notes.txt"][1]
    assert len(imp.attempts) == 4


def test_unknown_signer_card_added_and_verified_through_the_dialogs(desk, qtbot):  # noqa: F811
    w, d = desk
    imp = ImportDialog(w.session, w.main_view)
    qtbot.addWidget(imp)
    imp.show()
    imp.add_paths([d["theirs"]])
    with qtbot.waitSignal(imp.run_import().finished, timeout=60000):
        pass
    assert _rows(imp)["from-stranger.bundle"][0] == "Refused"
    fpr = d["stranger"].fingerprint
    imp.queue.selectRow(0)
    assert imp.card_button.isEnabled()

    seen: list[str] = []

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QFileDialog) and "file" not in seen:
            seen.append("file")
            modal.selectFile(str(d["card"]))
            modal.accept()
        elif isinstance(modal, VerifyDialog) and "verify" not in seen:
            seen.append("verify")
            shown = " ".join(lbl.text() for lbl in modal.findChildren(QLabel))
            seen.append(shown)
            modal.ok.click()  # not yet: nothing confirmed, the dialog stays
            assert modal.isVisible()
            modal.confirm.click()
            modal.ok.click()

    click_through_modals(qtbot, imp.card_button, answer,
                         lambda: "verify" in seen and QApplication.activeModalWidget() is None)
    assert seen[0] == "file"
    assert contacts.grouped(fpr).split()[0] in seen[2]  # the fingerprint to compare is shown
    contact = contacts.get_contact(w.session.vault.conn, fpr)
    assert contact["verified"]
    assert "now a verified contact" in imp.intro.text()
    with qtbot.waitSignal(imp.run_import().finished, timeout=60000):
        pass
    assert _rows(imp)["from-stranger.bundle"][0] == "Imported"


def test_import_log_screen_shows_reasons_in_the_readers_language(desk, qtbot):  # noqa: F811
    from fieldnotes import i18n
    from fieldnotes.desk import batch
    from ui.desk.import_log import ImportLogDialog

    w, d = desk
    i18n.set_language("en")
    batch.import_many(w.session.vault, [d["theirs"]])
    grouped = contacts.grouped(d["stranger"].fingerprint)
    shown = {}
    try:
        for lang in ("zh_CN", "zh_TW", "en"):
            i18n.set_language(lang)
            screen = ImportLogDialog(w.session, w.main_view)
            qtbot.addWidget(screen)
            qtbot.waitUntil(lambda s=screen: s.model.rowCount() == 1, timeout=5000)
            shown[lang] = screen.model.index(0, 5).data()
    finally:
        i18n.set_language("en")
    assert shown["en"] == (f"This bundle was signed by {grouped}, which is not among your "
                           "verified contacts.")
    for lang in ("zh_CN", "zh_TW"):
        assert grouped in shown[lang] and "signed by" not in shown[lang]
    assert len({shown["zh_CN"], shown["zh_TW"], shown["en"]}) == 3
