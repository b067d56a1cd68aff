"""Import bundles: choose several files, a folder, or drop them here; a queue with one row per
bundle and its result; the whole run on a worker (progress, Cancel), each bundle in its own
transaction and in the import log (fieldnotes.desk.batch). Nothing chosen is dropped silently:
every file gets a row and an outcome. A bundle refused because its signer is not a verified
contact offers to add and verify the sender's card right here, then to import it again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from fieldnotes import contacts
from fieldnotes.bundle import receipts
from fieldnotes.desk import batch
from fieldnotes.desk.batch import attempt_line
from fieldnotes.errors import NotFound
from fieldnotes.i18n import _, ngettext
from ui.shell.style import set_primary
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, ProgressPanel, label
from ui.workers import Worker

FILE, STATUS, SENDER, RESULT = range(4)


class _Relay(QObject):
    """Carries the batch's per-file callbacks from the worker thread to the window."""

    started = Signal(str)
    finished = Signal(object)


class ImportDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Import bundles"))
        self.setAcceptDrops(True)
        self.resize(900, 480)
        self.paths: list[Path] = []
        self.attempts: dict[int, batch.Attempt] = {}   # row -> outcome
        self._pending: dict[str, list[int]] = {}       # path -> rows waiting for it
        self._cards: set[int] = set()                  # rows of cards added as contacts
        self.intro = label(_("Choose the bundles you received, or a folder holding them, or "
                             "drop them here. Each is checked and imported on its own."))
        self.queue = QTableWidget(0, 4)
        self.queue.setAccessibleName(_("Bundles to import"))
        self.queue.setHorizontalHeaderLabels([_("File"), _("Status"), _("Sender"),
                                              _("Result")])
        header = self.queue.horizontalHeader()
        for col in (FILE, STATUS, SENDER):   # whole names, not "to-…" and "Mei …"
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RESULT, QHeaderView.ResizeMode.Stretch)
        self.queue.setWordWrap(True)          # the whole result sentence, on as many lines
        self.queue.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.queue.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.verticalHeader().hide()
        self.queue.itemSelectionChanged.connect(self._update_buttons)
        self.error = ErrorLabel()
        self.progress = ProgressPanel()
        self.files_button = QPushButton(_("Add files…"))
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton(_("Add a folder…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.card_button = QPushButton(_("Add and verify the sender's card…"))
        self.card_button.clicked.connect(self.add_sender_card)
        self.receipt_button = QPushButton(_("Save a receipt for the sender…"))
        self.receipt_button.clicked.connect(self.save_receipt)
        self.import_button = set_primary(QPushButton(_("Import")))
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (self.files_button, self.folder_button, self.card_button, self.receipt_button):
            row.addWidget(b)
        row.addStretch()
        row.addWidget(close)
        row.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.queue, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.progress)
        lay.addLayout(row)
        self.worker: Worker | None = None
        self.busy = False
        self._update_buttons()

    # -- choosing ---------------------------------------------------------------------------

    def choose_files(self) -> None:
        self.add_paths(file_dialogs.open_files(
            self, _("Import bundles"), _("Bundles (*.bundle *.age);;All files (*)"), multiple=True))

    def choose_folder(self) -> None:
        folder = file_dialogs.open_folder(self, _("A folder of bundles"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder) -> int:
        try:
            found = batch.bundles_in(folder)
        except Exception as exc:  # FieldnotesError: one sentence
            self.error.show_error(str(exc))
            return 0
        if not found:
            self.error.show_error(_("There are no .bundle or .age files in {folder}.").format(
                folder=Path(folder).name))
        return self.add_paths(found)

    def add_paths(self, paths) -> int:
        added = 0
        for p in map(Path, paths):
            row = self.queue.rowCount()
            self.queue.insertRow(row)
            self.paths.append(p)
            for col, text in ((FILE, p.name), (STATUS, _("Waiting")), (SENDER, ""),
                              (RESULT, "")):
                item = QTableWidgetItem(text)
                item.setToolTip(str(p) if col == FILE else "")
                self.queue.setItem(row, col, item)
            added += 1
        self._update_buttons()
        return added

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Each dropped file becomes a row, each folder its bundles; anything else (a link to
        a web page) is named in one sentence, so nothing dropped disappears unsaid."""
        elsewhere = []
        for url in event.mimeData().urls():
            if not url.isLocalFile():
                elsewhere.append(url.toDisplayString())
                continue
            path = Path(url.toLocalFile())
            if path.is_dir():
                self.add_folder(path)
            else:
                self.add_paths([path])
        if elsewhere:
            self.error.show_error(ngettext(
                "Only files on this computer can be imported; this was not added: {items}",
                "Only files on this computer can be imported; these were not added: {items}",
                len(elsewhere)).format(items=", ".join(elsewhere)))
        event.acceptProposedAction()

    # -- importing --------------------------------------------------------------------------

    def _waiting_rows(self) -> list[int]:
        return [r for r in range(len(self.paths)) if r not in self._cards
                and (r not in self.attempts or not self.attempts[r].taken)]

    def run_import(self) -> Worker | None:
        rows = self._waiting_rows()
        if not rows or self.busy:
            return None
        self.error.clear()
        self._pending = {}
        for r in rows:
            self._pending.setdefault(str(self.paths[r]), []).append(r)
            self._set(r, STATUS, _("Waiting"))
        relay = _Relay(self)
        relay.started.connect(self._started)
        relay.finished.connect(self._finished)
        vault, paths = self.session.vault, [self.paths[r] for r in rows]

        def work(conn, job):
            return batch.import_many(vault, paths, job, conn,
                                     started=lambda _i, p: relay.started.emit(str(p)),
                                     finished=lambda _i, a: relay.finished.emit(a))

        self.worker = Worker(self)
        self.worker.failed.connect(self.error.show_error)
        self.worker.finished.connect(self._done)
        self.progress.follow(self.worker, _("Importing…"))
        self.busy = True
        self.worker.start(work, vault=vault)
        self._update_buttons()
        return self.worker

    def _started(self, path: str) -> None:
        rows = self._pending.get(path) or []
        if rows:
            self._set(rows[0], STATUS, _("Importing…"))

    def _finished(self, attempt: batch.Attempt) -> None:
        rows = self._pending.get(attempt.file) or []
        if not rows:
            return
        row = rows.pop(0)
        self.attempts[row] = attempt
        status = {batch.ADDED: _("Imported"), batch.ALREADY: _("Already imported")}.get(
            attempt.status, _("Refused"))
        self._set(row, STATUS, status)
        sender = attempt.sender_name or (contacts.grouped(attempt.sender)
                                         if attempt.sender else "")
        self._set(row, SENDER, sender)
        text = attempt_line(attempt)
        if attempt.gaps:
            text += " · ⚠ " + " ".join(attempt.gaps)
        if attempt.cases:
            text += " · " + ", ".join(f"“{c['title']}”" for c in attempt.cases)
        if attempt.copies == "working":
            text += " · " + _("The sender sent working copies of images, with identifying "
                              "metadata removed, instead of the originals.")
        self._set(row, RESULT, text)
        self._update_buttons()

    def _done(self) -> None:
        """The run is over (its connection may still be closing): rows it never reached
        (cancelled) say so, and the buttons come back."""
        for rows in self._pending.values():
            for r in rows:
                self._set(r, STATUS, _("Not imported"))
        self._pending = {}
        self.busy = False
        self._update_buttons()

    def _set(self, row: int, col: int, text: str) -> None:
        item = self.queue.item(row, col)
        item.setText(text)
        item.setToolTip(text if col == RESULT else item.toolTip())

    # -- after ------------------------------------------------------------------------------

    def _selected_row(self) -> int | None:
        rows = {i.row() for i in self.queue.selectedIndexes()}
        return rows.pop() if len(rows) == 1 else None

    def selected_attempt(self) -> batch.Attempt | None:
        return self.attempts.get(self._selected_row())

    def _update_buttons(self) -> None:
        busy = self.busy
        a = self.selected_attempt()
        self.import_button.setEnabled(not busy and bool(self._waiting_rows()))
        self.card_button.setEnabled(not busy and bool(a and (a.unknown_signer or a.card))
                                    and self._selected_row() not in self._cards)
        self.receipt_button.setEnabled(not busy and bool(a and a.taken and a.bundle_id))
        for b in (self.files_button, self.folder_button):
            b.setEnabled(not busy)

    def add_sender_card(self) -> bool:
        """Add the card of a refused bundle's signer (from a file the sender gave), verify its
        fingerprint with them, and mark the bundle to be imported again."""
        a = self.selected_attempt()
        if a and a.card:
            return self.add_dropped_card(self._selected_row(), a)
        if not (a and a.unknown_signer):
            return False
        try:
            contacts.get_contact(self.session.vault.conn, a.sender)
            known = True
        except NotFound:
            known = False
        if not known:
            path = file_dialogs.open_file(self, _("The sender's card"),
                                          _("Cards (*.card *.txt);;All files (*)"))
            if not path or not self.add_card_file(path, a.sender):
                return False
        return self.verify_sender(a.sender)

    def add_dropped_card(self, row: int, a: batch.Attempt) -> bool:
        """A contact card dropped here instead of a bundle: added from that very file, then its
        fingerprint compared and marked verified in the dialog the contacts screen uses."""
        if not self.add_card_file(a.file, a.card) or not self.verify_sender(a.card):
            return False
        self._cards.add(row)
        self._set(row, STATUS, _("Contact added"))
        self._update_buttons()
        return True

    def add_card_file(self, path, expected: str) -> bool:
        try:
            text = contacts.read_card_file(path)
            card = contacts.parse_card(text)
            if card.fingerprint_compact != expected:
                self.error.show_error(_("This card is not that of the bundle's signer ({fpr})."
                                        ).format(fpr=contacts.grouped(expected)))
                return False
            contacts.add_contact(self.session.vault.conn, text)
        except Exception as exc:  # the error family: one sentence
            self.error.show_error(str(exc))
            return False
        return True

    def verify_sender(self, fingerprint: str, dialog_result: int | None = None) -> bool:
        from ui.people.verify_dialog import VerifyDialog

        conn = self.session.vault.conn
        contact = contacts.get_contact(conn, fingerprint)
        me = self.session.vault.identity.card()
        dlg = VerifyDialog(contact, me.name, contacts.own_fingerprint(conn), self)
        result = dialog_result if dialog_result is not None else dlg.exec()
        if result != QDialog.DialogCode.Accepted:
            return False
        contacts.verify_contact(conn, fingerprint)
        self.intro.setText(_("{name} is now a verified contact: press Import to take their "
                             "bundles.").format(name=contact["name"]))
        self._update_buttons()
        return True

    def save_receipt(self) -> None:
        a = self.selected_attempt()
        if not (a and a.taken):
            return
        path = file_dialogs.save_file(self, _("Save the receipt"),
                                      f"receipt-{a.bundle_id[:8]}.receipt",
                                      _("Receipts (*.receipt)"))
        if path:
            self.write_receipt(a.bundle_id, path)

    def write_receipt(self, bundle_id: str, path: str) -> Worker:
        vault = self.session.vault
        worker = Worker(self)
        worker.failed.connect(self.error.show_error)
        worker.succeeded.connect(lambda _rid: self.intro.setText(
            _("Receipt saved: {name}. Send it back to the researcher.").format(
                name=Path(path).name)))
        worker.start(lambda conn, job: receipts.create_receipt(vault, bundle_id, path,
                                                               conn=conn), vault=vault)
        return worker
