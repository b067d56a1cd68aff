"""Identity & contacts: your name, fingerprint and card (text and QR); your contacts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import userfiles
from fieldnotes.contacts import grouped
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from ui.models import queries
from ui.people.contacts_panel import ContactsPanel
from ui.people.qr_widget import QrWidget
from ui.shell.style import monospace, set_role
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, label


class IdentityPanel(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.card_text, self.fingerprint = queries.own_card(session.conn)
        name = session.vault.identity.name
        title = set_role(QLabel(name), "title")
        title.setTextFormat(Qt.TextFormat.PlainText)
        groups = QGridLayout()
        for i, g in enumerate(grouped(self.fingerprint).split()):
            cell = QLabel(g)
            cell.setFont(monospace(20))
            cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            groups.addWidget(cell, i // 4, i % 4)
        self.qr = QrWidget(self.card_text)
        self.qr.setMinimumSize(240, 240)
        self.error = ErrorLabel()
        self.saved = label("", "hint")
        copy = QPushButton(_("Copy fingerprint"))
        copy.setToolTip(_("Cleared from the clipboard after 30 seconds"))
        copy.clicked.connect(lambda: session.clipboard.copy(grouped(self.fingerprint)))
        save = QPushButton(_("Save my card to a file…"))
        save.clicked.connect(self.save_card)
        info = QVBoxLayout()
        info.addWidget(title)
        info.addWidget(label(_("Your fingerprint — read it aloud to contacts so they can check the card they hold is yours:"), "subtitle"))
        info.addLayout(groups)
        info.addSpacing(8)
        info.addWidget(label(_("Your card holds your name, your public signing key and your encryption key; it holds no secrets. Give it to the people you send bundles to, or let them scan the QR code."), "hint"))
        row = QHBoxLayout()
        row.addWidget(copy)
        row.addWidget(save)
        row.addStretch()
        info.addLayout(row)
        info.addWidget(self.saved)
        info.addWidget(self.error)
        info.addStretch()
        lay = QHBoxLayout(self)
        lay.addLayout(info, 3)
        lay.addWidget(self.qr, 2)

    def save_card(self) -> None:
        path = file_dialogs.save_file(self, _("Save your card"), "fieldnotes-card.txt",
                                      _("Cards (*.txt)"))
        if path:
            self.write_card(path)

    def write_card(self, path: str) -> bool:
        self.error.clear()
        self.saved.clear()
        try:
            userfiles.write_text(path, self.card_text)
        except FieldnotesError as exc:
            self.error.show_error(str(exc))
            return False
        self.saved.setText(_("Card saved to {path}.").format(path=path))
        return True


class IdentityDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Identity & contacts"))
        self.resize(900, 560)
        self.tabs = QTabWidget()
        self.identity = IdentityPanel(session)
        self.contacts = ContactsPanel(session)
        self.tabs.addTab(self.identity, _("You"))
        self.tabs.addTab(self.contacts, _("Contacts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(buttons)
