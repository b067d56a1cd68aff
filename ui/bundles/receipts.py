"""The researcher's side of receipts: import one, then purge what it confirms was delivered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from fieldnotes.bundle import receipts
from fieldnotes.i18n import _
from fieldnotes.wording import count
from ui.widgets import file_dialogs
from ui.widgets.basic import confirm
from ui.workers import Worker


def purge_warning(n: int) -> str:
    return count(
        n,
        "Purging destroys, on this computer, the content of {n} record a receipt confirmed "
        "your coordinator received. Only its identity stays, so the history still adds up. It "
        "cannot be undone; the coordinator keeps the copy you sent.\n\nPurge it now?",
        "Purging destroys, on this computer, the content of {n} records a receipt confirmed "
        "your coordinator received. Only their identity stays, so the history still adds up. "
        "It cannot be undone; the coordinator keeps the copy you sent.\n\nPurge them now?")


def _run(parent: QWidget, fn, caption: str, on_ok: Callable) -> Worker:
    busy = QProgressDialog(caption, "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setWindowTitle(_("Fieldnotes"))
    busy.setMinimumDuration(0)
    worker = Worker(parent)
    worker.succeeded.connect(on_ok)
    worker.failed.connect(lambda msg: QMessageBox.warning(parent, _("Fieldnotes"), msg))
    worker.finished.connect(busy.close)
    worker.start(fn, vault=parent.session.vault)
    busy.show()
    return worker


def import_receipt(session, parent: QWidget) -> None:
    path = file_dialogs.open_file(parent, _("Import a receipt"), _("Receipts (*.receipt);;All files (*)"))
    if not path:
        return
    vault = session.vault

    def done(result) -> None:
        QMessageBox.information(parent, _("Receipt imported"), count(
            result.delivered_records,
            "{n} record was confirmed as delivered. You can now purge it from this computer "
            "(More ▸ Purge delivered records).",
            "{n} records were confirmed as delivered. You can now purge them from this "
            "computer (More ▸ Purge delivered records)."))

    _run(parent, lambda conn, job: receipts.import_receipt(vault, path, conn=conn),
         _("Checking the receipt…"), done)


def purge_delivered(session, parent: QWidget, on_done: Callable | None = None) -> None:
    n = receipts.delivered_count(session.conn)
    if n == 0:
        QMessageBox.information(parent, _("Purge delivered records"),
                                _("Nothing to purge: no receipt has confirmed a delivery of "
                                  "records still on this computer."))
        return
    if not confirm(parent, _("Purge delivered records"), purge_warning(n), warning=True) \
            or session.vault.locked:
        return
    vault = session.vault

    def done(n: int) -> None:
        if on_done is not None:
            on_done()
        QMessageBox.information(parent, _("Purged"), count(
            n, "{n} delivered record was purged.", "{n} delivered records were purged."))

    _run(parent, lambda conn, job: receipts.purge_delivered(vault, conn=conn),
         _("Purging delivered records…"), done)
