"""The researcher's side of receipts: import one, then purge what it confirms was delivered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from fieldnotes.bundle import receipts
from ui.widgets import file_dialogs
from ui.widgets.basic import confirm
from ui.workers import Worker

PURGE_WARNING = (
    "Purging destroys, on this computer, the content of every record a receipt confirmed your "
    "coordinator received. Only their identity stays, so the history still adds up. It cannot "
    "be undone; the coordinator keeps the copy you sent.\n\nPurge delivered records now?")


def _run(parent: QWidget, fn, caption: str, on_ok: Callable) -> Worker:
    busy = QProgressDialog(caption, "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setWindowTitle("Fieldnotes")
    busy.setMinimumDuration(0)
    worker = Worker(parent)
    worker.succeeded.connect(on_ok)
    worker.failed.connect(lambda msg: QMessageBox.warning(parent, "Fieldnotes", msg))
    worker.finished.connect(busy.close)
    worker.start(fn, vault=parent.session.vault)
    busy.show()
    return worker


def import_receipt(session, parent: QWidget) -> None:
    path = file_dialogs.open_file(parent, "Import a receipt", "Receipts (*.receipt);;All files (*)")
    if not path:
        return
    vault = session.vault

    def done(result) -> None:
        QMessageBox.information(
            parent, "Receipt imported",
            f"{result.delivered_records} records were confirmed as delivered. You can now purge "
            "them from this computer (More ▸ Purge delivered records).")

    _run(parent, lambda conn, job: receipts.import_receipt(vault, path, conn=conn),
         "Checking the receipt…", done)


def purge_delivered(session, parent: QWidget, on_done: Callable | None = None) -> None:
    if not confirm(parent, "Purge delivered records", PURGE_WARNING, warning=True) \
            or session.vault.locked:
        return
    vault = session.vault

    def done(count: int) -> None:
        if on_done is not None:
            on_done()
        QMessageBox.information(parent, "Purged", f"{count} delivered records were purged.")

    _run(parent, lambda conn, job: receipts.purge_delivered(vault, conn=conn),
         "Purging delivered records…", done)
