"""Contacts: other people's cards, their verified/revoked state; add, verify, revoke."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import contacts
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from ui.models import queries
from ui.people.verify_dialog import VerifyDialog
from ui.shell.style import monospace
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, button, button_row, confirm, label, ok_cancel


def status_of(contact: dict) -> str:
    if contact["revoked"]:
        return _("Revoked")
    return _("Verified") if contact["verified"] else _("Not verified")


class ContactsPanel(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Contacts"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Fingerprint"), _("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.error = ErrorLabel()
        add_file = button(_("Add a card from a file…"), self.add_from_file)
        add_text = button(_("Paste a card…"), self.add_from_text)
        self.verify_button = button(_("Compare fingerprint && verify…"), self.verify_selected)
        self.revoke_button = button(_("Revoke…"), self.revoke_selected, danger=True)
        row = button_row([add_file, add_text], [self.verify_button, self.revoke_button])
        lay = QVBoxLayout(self)
        lay.addWidget(label(_("Bundles are only sent to, and accepted from, contacts whose fingerprint you have compared with them."), "hint"))
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)
        lay.addLayout(row)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.contacts = contacts.list_contacts(self.session.conn)
        self.table.setRowCount(len(self.contacts))
        for r, c in enumerate(self.contacts):
            fpr = QTableWidgetItem(contacts.grouped(c["fingerprint"]))
            fpr.setFont(monospace())
            for col, item in enumerate((QTableWidgetItem(c["name"]), fpr,
                                        QTableWidgetItem(status_of(c)))):
                item.setData(Qt.ItemDataRole.UserRole, c["fingerprint"])
                self.table.setItem(r, col, item)
            if c["fingerprint"] == select:
                self.table.selectRow(r)
        self._update_buttons()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.contacts[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        c = self.selected()
        self.verify_button.setEnabled(bool(c) and not c["verified"] and not c["revoked"])
        self.revoke_button.setEnabled(bool(c) and not c["revoked"])

    def add_card(self, text: str) -> str | None:
        self.error.clear()
        try:
            fpr = contacts.add_contact(self.session.conn, text)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return None
        self.reload(select=fpr)
        return fpr

    def add_from_file(self) -> None:
        path = file_dialogs.open_file(self, _("Add a contact's card"), _("Cards (*.txt *.card);;All files (*)"))
        if not path:
            return
        try:
            text = contacts.read_card_file(path)
        except FieldnotesError as exc:
            self.error.show_error(str(exc))
            return
        self.add_card(text)

    def add_from_text(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Paste a contact's card"))
        edit = QPlainTextEdit()
        edit.setAccessibleName(_("Contact's card"))
        edit.setFont(monospace())
        edit.setPlaceholderText(_("fieldnotes-card: 1\nname: …"))
        buttons = ok_cancel(dialog)
        lay = QVBoxLayout(dialog)
        lay.addWidget(edit)
        lay.addWidget(buttons)
        dialog.resize(620, 260)
        if dialog.exec() and not self.session.vault.locked:
            self.add_card(edit.toPlainText())

    def verify_selected(self) -> None:
        c = self.selected()
        if c is None:
            return
        _card, own_fpr = queries.own_card(self.session.conn)
        own_name = self.session.vault.identity.name
        if VerifyDialog(c, own_name, own_fpr, self).exec() and not self.session.vault.locked:
            self.mark_verified(c["fingerprint"])

    def mark_verified(self, fingerprint: str) -> None:
        try:
            contacts.verify_contact(self.session.conn, fingerprint)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        self.reload(select=fingerprint)

    def revoke_selected(self) -> None:
        c = self.selected()
        if c is None:
            return
        if not confirm(self, _("Revoke contact"),
                       _("Revoke {name}? Their bundles and receipts will be refused and nothing can be sent to them again. This cannot be undone.").format(name=c['name']),
                       warning=True) or self.session.vault.locked:
            return
        try:
            contacts.revoke_contact(self.session.conn, c["fingerprint"])
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        self.reload(select=c["fingerprint"])
