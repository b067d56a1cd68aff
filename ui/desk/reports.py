"""Report actions: a case report or a chain-of-custody report saved as a PDF, made on a worker.

A report is plaintext outside the vault, so saving one is an explicit action with a warning,
as saving a decrypted copy of an attachment is."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from fieldnotes.i18n import _
from ui.widgets import file_dialogs
from ui.widgets.basic import confirm
from ui.workers import Worker

CASE, CUSTODY = "case", "custody"


def _make(kind: str, record_id: str, path: str):
    def work(conn, job):
        from fieldnotes.reports import case_report, custody

        if kind == CASE:
            return case_report.write_case_report(conn, record_id, path)
        return custody.write_pdf(conn, record_id, path)
    return work


def write_report(parent, session, kind: str, record_id: str, path: str, done=None,
                 failed=None) -> Worker:
    """Make the report into ``path`` on a worker; ``done(path)`` / ``failed(sentence)``."""
    worker = Worker(parent)
    if done:
        worker.succeeded.connect(lambda _facts: done(path))
    if failed:
        worker.failed.connect(failed)
    worker.start(_make(kind, record_id, path), vault=session.vault)
    return worker


def save_report(parent, session, kind: str, record_id: str, done=None, failed=None
                ) -> Worker | None:
    """Warn, ask where, then write (see :func:`write_report`)."""
    if not confirm(parent, _("Save a report"),
                   _("A report is an ordinary PDF: anyone who gets the file can read it, "
                     "outside the vault. Save it only where it is safe, and only for whom it "
                     "is meant."), warning=True, yes=QMessageBox.StandardButton.Save):
        return None
    name = ("case-" if kind == CASE else "custody-") + record_id[:8] + ".pdf"
    path = file_dialogs.save_file(parent, _("Save the report"), name, _("PDF (*.pdf)"))
    if not path:
        return None
    return write_report(parent, session, kind, record_id, path, done, failed)
