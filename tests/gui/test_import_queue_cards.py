"""A contact card dropped into the import queue instead of a bundle: the row says whose card
it is, and the card can be added and verified from there — through the same fingerprint
comparison as the contacts screen, never trusted without it."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from fieldnotes import contacts
from tests.gui.helpers import click_through_modals
from tests.gui.test_desk import desk  # noqa: F401 (the fixture: researcher, stranger, coordinator)
from tests.gui.test_import_queue import _drop, _rows
from ui.bundles.import_dialog import ImportDialog
from ui.people.verify_dialog import VerifyDialog


def _answer_verify(qtbot, imp, confirm: bool) -> list:
    seen: list = []

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QFileDialog):
            seen.append("file")  # the card is the dropped file: no file to choose
            modal.reject()
        elif isinstance(modal, VerifyDialog) and not seen:
            seen.append(" ".join(lbl.text() for lbl in modal.findChildren(QLabel)))
            if confirm:
                modal.confirm.click()
                modal.ok.click()
            else:
                modal.reject()

    click_through_modals(qtbot, imp.card_button, answer,
                         lambda: seen and QApplication.activeModalWidget() is None)
    return seen


def test_a_dropped_card_is_named_and_added_only_once_verified(desk, qtbot):  # noqa: F811
    w, d = desk
    imp = ImportDialog(w.session, w.main_view)
    qtbot.addWidget(imp)
    imp.show()
    assert _drop(imp, [QUrl.fromLocalFile(str(d["card"]))]).isAccepted()
    with qtbot.waitSignal(imp.run_import().finished, timeout=60000):
        pass
    fpr = d["stranger"].fingerprint
    status, result = _rows(imp)["stranger.card"]
    assert status == "Refused"
    assert result.startswith("refused: This is Stranger's contact card, not a bundle.")
    assert contacts.grouped(fpr) in result

    imp.queue.selectRow(0)
    assert imp.card_button.isEnabled()
    seen = _answer_verify(qtbot, imp, confirm=False)   # not compared: added, never trusted
    assert "file" not in seen and contacts.grouped(fpr).split()[0] in seen[0]
    conn = w.session.vault.conn
    assert not contacts.get_contact(conn, fpr)["verified"]
    assert _rows(imp)["stranger.card"][0] == "Refused" and imp.card_button.isEnabled()

    _answer_verify(qtbot, imp, confirm=True)
    assert contacts.get_contact(conn, fpr)["verified"]
    assert _rows(imp)["stranger.card"][0] == "Contact added"
    assert "now a verified contact" in imp.intro.text()
    assert not imp.card_button.isEnabled() and not imp.import_button.isEnabled()
