"""Import a bundle: pick the file, verify it completely, import it in one transaction (both
on the worker, with progress and cancel); show who sent it and what changed, or the refusal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout

from fieldnotes.bundle import importer, receipts
from fieldnotes.contacts import grouped
from fieldnotes.wording import count
from ui.shell.style import set_primary
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, ProgressPanel, human_size, label
from ui.workers import Worker


class ImportDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Import a bundle")
        self.resize(720, 420)
        self.path: Path | None = None
        self.info = None
        self.result = None
        self.file_label = label("Choose a bundle you received.", "subtitle")
        self.details = label("")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error = ErrorLabel()
        self.progress = ProgressPanel()
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose)
        self.import_button = set_primary(QPushButton("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.receipt_button = QPushButton("Save a receipt for the sender…")
        self.receipt_button.hide()
        self.receipt_button.clicked.connect(self.save_receipt)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.receipt_button)
        row.addStretch()
        row.addWidget(close)
        row.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.file_label)
        lay.addWidget(self.details, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.progress)
        lay.addLayout(row)

    def choose(self) -> None:
        path = file_dialogs.open_file(self, "Import a bundle", "Bundles (*.bundle *.age);;"
                                      "All files (*)")
        if path:
            self.verify(path)

    def _start(self, fn, caption: str, on_ok) -> Worker:
        self.error.clear()
        for b in (self.choose_button, self.import_button):
            b.setEnabled(False)
        worker = Worker(self)
        worker.succeeded.connect(on_ok)
        worker.failed.connect(self._failed)
        worker.finished.connect(lambda: self.choose_button.setEnabled(True))
        self.progress.follow(worker, caption)
        worker.start(fn, vault=self.session.vault)
        return worker

    def verify(self, path: str) -> Worker:
        self.path, self.info, self.result = Path(path), None, None
        self.file_label.setText(self.path.name)
        self.details.clear()
        self.receipt_button.hide()
        vault, p = self.session.vault, self.path
        return self._start(lambda conn, job: importer.verify_bundle(vault, p, job=job, conn=conn),
                           "Checking the signature and every hash…", self._verified)

    def _verified(self, info) -> None:
        self.info = info
        self.details.setText(
            f"Signed by {info.sender_name} ({grouped(info.sender)}), a verified contact.\n"
            f"Made {info.created[:16].replace('T', ' ')} UTC · bundle number {info.sequence} "
            f"from this sender.\n{count(info.revisions, '{n} revision', '{n} revisions')}, "
            f"{count(info.attachments, '{n} attachment', '{n} attachments')}, "
            f"{human_size(info.payload_bytes)}.\n\nEverything checked out. Import adds what is new; "
            "records from a bundle are read-only here.")
        self.import_button.setEnabled(True)

    def run_import(self) -> Worker:
        vault, p = self.session.vault, self.path
        return self._start(lambda conn, job: importer.import_bundle(vault, p, job=job, conn=conn),
                           "Importing…", self._imported)

    def _imported(self, result) -> None:
        self.result = result
        lines = [f"From {result.sender_name} ({grouped(result.sender)})."]
        if result.already_imported:
            lines.append("This bundle was imported before; nothing changed.")
        else:
            added = count(result.attachments_added, '{n} attachment', '{n} attachments')
            lines.append(f"{count(result.added, '{n} revision', '{n} revisions')} added, "
                         f"{result.skipped} already here, {added} added.")
            if result.cases:
                lines.append("In " + ", ".join(f"“{c['title']}”" for c in result.cases) + ".")
        if result.gap:
            lines.append(f"\n⚠ {result.gap}")
        self.details.setText("\n".join(lines))
        self.import_button.setEnabled(False)
        self.receipt_button.show()

    def _failed(self, message: str) -> None:
        self.error.show_error(message)
        self.import_button.setEnabled(False)
        if self.result is None:   # refused while checking or importing (not a receipt)
            self.info = None
            self.details.setText("Nothing was imported: this vault is exactly as it was.")

    def save_receipt(self) -> None:
        if self.result is None:
            return
        path = file_dialogs.save_file(self, "Save the receipt",
                                      f"receipt-{self.result.bundle_id[:8]}.receipt",
                                      "Receipts (*.receipt)")
        if path:
            self.write_receipt(path)

    def write_receipt(self, path: str) -> Worker:
        vault, bundle_id = self.session.vault, self.result.bundle_id
        return self._start(lambda conn, job: receipts.create_receipt(vault, bundle_id, path,
                                                                    conn=conn),
                           "Signing the receipt…",
                           lambda _rid: self.details.setText(
                               self.details.text() + f"\n\nReceipt saved: {Path(path).name}. "
                               "Send it back to the researcher."))
