"""Export a bundle: choose verified recipients and what to send, review what consent leaves
out (with "include anyway" per testimony), then write it on the worker with progress/cancel."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import contacts
from fieldnotes.bundle import writer
from fieldnotes.i18n import _
from fieldnotes.records.vocab import record_type_label
from fieldnotes.wording import count
from ui.media.copies_choice import copies_choice
from ui.shell.style import set_primary
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, ProgressPanel, fit_to_screen, human_size, label
from ui.workers import Worker


def _checkable(text: str, data: str, checked: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(lst: QListWidget) -> list[str]:
    return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
            if lst.item(i).checkState() == Qt.CheckState.Checked]


class ExportDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Export a bundle"))
        fit_to_screen(self, 820, 580)
        self.plan = None
        self.result = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._review_page())
        self.pages.addWidget(self._done_page())
        self.error = ErrorLabel()
        self.cancel_note = label("", "hint")
        self.cancel_note.hide()
        self.progress = ProgressPanel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.pages, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.cancel_note)
        lay.addWidget(self.progress)

    # -- page 1: recipients and scope -----------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget()
        self.recipients = QListWidget()
        self.recipients.setAccessibleName(_("Recipients"))
        for c in contacts.list_contacts(self.session.conn):
            if c["verified"] and not c["revoked"]:
                fpr = contacts.grouped(c["fingerprint"])
                self.recipients.addItem(_checkable(f"{c['name']}   ·   {fpr}", c["fingerprint"],
                                                   checked=False))
        if self.recipients.count() == 1:
            self.recipients.item(0).setCheckState(Qt.CheckState.Checked)
        self.since_last = QRadioButton(_("Everything changed since the last bundle to them"))
        self.everything = QRadioButton(_("Everything in this vault"))
        self.some_cases = QRadioButton(_("These cases:"))
        group = QButtonGroup(page)
        for b in (self.since_last, self.everything, self.some_cases):
            group.addButton(b)
        self.since_last.setChecked(True)
        self.cases = QListWidget()
        self.cases.setAccessibleName(_("Cases to export"))
        for rec in self.session.store.list("case"):
            if not rec["origin"]:
                self.cases.addItem(_checkable(rec["title"], rec["id"]))
        self.cases.itemChanged.connect(lambda _i: self.some_cases.setChecked(True))
        self.copies = copies_choice()
        self.review_button = set_primary(QPushButton(_("Review…")))
        self.review_button.clicked.connect(self.review)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        lay = QVBoxLayout(page)
        lay.addWidget(label(_("Recipients — only contacts whose fingerprint you verified:"),
                            "subtitle"))
        if self.recipients.count() == 0:
            lay.addWidget(label(_("You have no verified contacts yet. Add your coordinator's card and compare fingerprints under Identity & contacts."),
                                "warning"))
        lay.addWidget(self.recipients, 1)
        lay.addWidget(label(_("What to send:"), "subtitle"))
        for b in (self.since_last, self.everything, self.some_cases):
            lay.addWidget(b)
        lay.addWidget(self.cases, 1)
        lay.addLayout(self.copies.row)
        row = QHBoxLayout()
        row.addWidget(cancel)
        row.addStretch()
        row.addWidget(self.review_button)
        lay.addLayout(row)
        return page

    def selection(self) -> dict:
        sel: dict = {}
        if self.since_last.isChecked():
            sel["since_last"] = True
        elif self.everything.isChecked():
            sel["everything"] = True
        else:
            sel["cases"] = _checked(self.cases)
        sel["copies"] = self.copies.currentData()
        return sel

    def review(self) -> Worker:
        recipients, sel, vault = _checked(self.recipients), self.selection(), self.session.vault
        self.error.clear()
        self.review_button.setEnabled(False)
        worker = Worker(self)
        worker.succeeded.connect(self._show_plan)
        worker.failed.connect(self.error.show_error)
        worker.finished.connect(lambda: self.review_button.setEnabled(True))
        self.progress.follow(worker, _("Working out what goes in the bundle…"))
        worker.start(lambda conn, job: writer.plan_export(vault, recipients, conn=conn, **sel),
                     vault=vault)
        self._chosen = (recipients, sel)
        return worker

    # -- page 2: consent review -----------------------------------------------------------

    def _review_page(self) -> QWidget:
        page = QWidget()
        self.summary = label("", "subtitle")
        self.left_out = QTableWidget(0, 3)
        self.left_out.setAccessibleName(_("Records left out"))
        self.left_out.setHorizontalHeaderLabels([_("Include anyway"), _("Left out"), _("Why")])
        self.left_out.verticalHeader().hide()
        self.left_out.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.left_out.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.left_out.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        h = self.left_out.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.left_out.setWordWrap(True)   # the whole reason, on as many lines as it needs
        self.left_out.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.left_out.itemChanged.connect(self._include_changed)
        self._replanning: Worker | None = None
        self._replan_again = False
        self.left_out_note = label("", "hint")
        back = QPushButton(_("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.export_button = set_primary(QPushButton(_("Export…")))
        self.export_button.clicked.connect(self.choose_target)
        lay = QVBoxLayout(page)
        lay.addWidget(self.summary)
        self.left_out_hint = label(_("Left out because of the consent recorded with the testimony. Tick “include anyway” only if the source has since agreed; their attachments follow them. Withdrawn consent is never overridden."),
                                   "hint")
        lay.addWidget(self.left_out_hint)
        lay.addWidget(self.left_out, 1)
        lay.addWidget(self.left_out_note)
        lay.addStretch()  # with nothing left out, the lines above stay together
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch()
        row.addWidget(self.export_button)
        lay.addLayout(row)
        return page

    def _summary(self, plan) -> str:
        names = ", ".join(r["name"] for r in plan.recipients)
        text = _("To {names}: {records} ({revisions}), {attachments}, {size}.").format(
            names=names, records=count(plan.records, "{n} record", "{n} records"),
            revisions=count(plan.revisions, "{n} revision", "{n} revisions"),
            attachments=count(plan.attachments, "{n} attachment", "{n} attachments"),
            size=human_size(plan.payload_bytes))
        if plan.withdrawals:
            text += " " + count(len(plan.withdrawals),
                                "It tells them that consent was withdrawn for {n} testimony "
                                "they hold.",
                                "It tells them that consent was withdrawn for {n} testimonies "
                                "they hold.")
        return text

    def _show_plan(self, plan) -> None:
        self.plan = plan
        self.summary.setText(self._summary(plan))
        self.left_out.blockSignals(True)
        self.left_out.setRowCount(len(plan.left_out))
        for r, item in enumerate(plan.left_out):
            box = QTableWidgetItem()
            box.setData(Qt.ItemDataRole.UserRole, item["id"])
            overridable = item["type"] == "person" or (
                item["type"] == "testimony" and not item.get("withdrawn"))
            flags = Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.ItemIsEnabled if overridable
                                                       else Qt.ItemFlag.NoItemFlags)
            box.setFlags(flags)
            box.setCheckState(Qt.CheckState.Unchecked)
            what = QTableWidgetItem(_("{type}: {title}").format(
                type=record_type_label(item["type"]), title=item["title"] or "—"))
            what.setToolTip(what.text())
            why = QTableWidgetItem(item["reason"])
            why.setToolTip(item["reason"])   # the whole reason, whatever the width
            self.left_out.setItem(r, 0, box)
            self.left_out.setItem(r, 1, what)
            self.left_out.setItem(r, 2, why)
        self.left_out.blockSignals(False)
        self.left_out.resizeRowsToContents()
        self.left_out.setVisible(bool(plan.left_out))  # no empty table under "Nothing …"
        self.left_out_hint.setVisible(bool(plan.left_out))
        self._count_left_out()
        self.export_button.setEnabled(plan.revisions > 0)
        self.pages.setCurrentIndex(1)
        if self.export_button.isEnabled():
            self.export_button.setFocus()   # Return exports; Qt's next in line was "Back"

    def _count_left_out(self) -> None:
        """What stays out and what goes anyway, as the user ticks "include anyway"."""
        plan = self.plan
        if plan is None:
            return
        if not plan.left_out:
            text = _("Nothing is left out.")
        else:
            ticked = len(self.included())
            text = count(len(plan.left_out) - ticked, "{n} record is left out.",
                         "{n} records are left out.")
            if ticked:
                text += " " + count(ticked, "{n} is included anyway.",
                                    "{n} are included anyway.")
        if plan.revisions == 0:
            text += " " + _("There is nothing new to send.")
        self.left_out_note.setText(text)

    def _include_changed(self, _item) -> None:
        self._count_left_out()
        self._replan()

    def _replan(self) -> None:
        """Recount the bundle with what is included anyway (the table itself stays)."""
        if self._replanning is not None and self._replanning.running:
            self._replan_again = True
            return
        recipients, sel = self._chosen
        include, vault = frozenset(self.included()), self.session.vault
        worker = Worker(self)
        worker.succeeded.connect(lambda plan: self.summary.setText(self._summary(plan)))
        worker.finished.connect(self._replanned)
        self._replanning, self._replan_again = worker, False
        worker.start(lambda conn, job: writer.plan_export(
            vault, recipients, conn=conn, include=include, **sel), vault=vault)

    def _replanned(self) -> None:
        if self._replan_again:
            self._replan_again = False
            self._replanning = None
            self._replan()

    def included(self) -> set[str]:
        out = set()
        for r in range(self.left_out.rowCount()):
            box = self.left_out.item(r, 0)
            if box.checkState() == Qt.CheckState.Checked:
                out.add(box.data(Qt.ItemDataRole.UserRole))
        return out

    def choose_target(self) -> None:
        name = f"fieldnotes-{datetime.now():%Y%m%d-%H%M}.bundle"
        path = file_dialogs.save_file(self, _("Save the bundle"), name, _(_("Bundles (*.bundle *.age)")))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Worker:
        recipients, sel = self._chosen
        include, vault = frozenset(self.included()), self.session.vault
        self.error.clear()
        self.cancel_note.hide()
        self.export_button.setEnabled(False)
        worker = Worker(self)
        worker.succeeded.connect(self._show_result)
        worker.failed.connect(lambda message: self._export_failed(worker, message))
        worker.finished.connect(lambda: self.export_button.setEnabled(True))
        self.progress.follow(worker, _("Signing and encrypting…"))
        worker.start(lambda conn, job: writer.export_bundle(
            vault, path, recipients, include=include, job=job, conn=conn, **sel), vault=vault)
        return worker

    def _export_failed(self, worker: Worker, message: str) -> None:
        if self.progress.cancelled(worker):
            self.error.clear()
            self.cancel_note.setText(_("Export cancelled: no bundle was written and nothing "
                                       "was marked as sent."))
            self.cancel_note.show()
        else:
            self.error.show_error(message)

    # -- page 3: done ---------------------------------------------------------------------

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_text = label("")
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = set_primary(QPushButton(_("Close")))
        close.clicked.connect(self.accept)
        lay = QVBoxLayout(page)
        lay.addWidget(label(_("Bundle written"), "title"))
        lay.addWidget(self.done_text)
        lay.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(close)
        lay.addLayout(row)
        return page

    def _show_result(self, result) -> None:
        self.result = result
        left = "\n" + count(len(result.left_out),
                            "{n} record was left out because of consent.",
                            "{n} records were left out because of consent.") \
            if result.left_out else ""
        what = _("{records}, {revisions}, {attachments} ({size}).").format(
            records=count(result.records, "{n} record", "{n} records"),
            revisions=count(result.revisions, "{n} revision", "{n} revisions"),
            attachments=count(result.attachments, "{n} attachment", "{n} attachments"),
            size=human_size(result.payload_bytes))
        self.done_text.setText("\n".join([
            f"{result.path}", "", what + left, "",
            _("Bundle id: {id}").format(id=result.bundle_id),
            _("SHA-256: {sha}").format(sha=result.sha256), "",
            _("Only the recipients can open it. Hand it over the way you agreed; the file's name "
              "and size are all anyone else can see.")]))
        self.pages.setCurrentIndex(2)
