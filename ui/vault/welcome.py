"""First run: create a vault, or open an existing vault folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fieldnotes.i18n import _
from ui.shell.language import LanguagePicker
from ui.shell.style import set_primary
from ui.vault.demo_offer import DemoOffer
from ui.widgets import file_dialogs
from ui.widgets.basic import centered, label, screen_heading


class WelcomeScreen(QWidget):
    create_requested = Signal(Path)
    open_requested = Signal(Path)
    language_chosen = Signal(str)

    def __init__(self, vault_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        icon, title = screen_heading(_("Welcome to Fieldnotes"), 96)
        intro = label(
            _("Fieldnotes keeps testimony, people, events and files in an encrypted vault on this computer. Nothing leaves it unless you export a signed, encrypted bundle for a contact you have verified."), "subtitle")
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = label("", "hint")
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        change = QPushButton(_("Choose another folder…"))
        change.setFlat(True)
        change.clicked.connect(self._choose_folder)
        self.create_button = set_primary(QPushButton(_("Create a new vault")))
        self.create_button.clicked.connect(lambda: self.create_requested.emit(self.vault_path))
        self.open_button = QPushButton(_("Open an existing vault folder…"))
        self.open_button.clicked.connect(self._open_existing)

        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch()
        # Before anything else can be read: the language, each named in its own script.
        self.language = LanguagePicker()
        self.language.language_chosen.connect(self.language_chosen)
        top = QHBoxLayout()
        top.addStretch()
        top.addWidget(self.language)
        col = QVBoxLayout()
        col.addLayout(top)
        col.addStretch(2)
        for w in (icon, title, intro, self.where):
            col.addWidget(w)
        col.addWidget(change, 0, Qt.AlignmentFlag.AlignCenter)
        col.addSpacing(16)
        col.addLayout(buttons)
        col.addSpacing(24)
        self.demo = DemoOffer(self.vault_path)
        col.addWidget(self.demo)
        col.addStretch(3)
        centered(self, col, 820)   # room for three buttons in a row, whole, at 1024 wide
        self._show_path()

    def _show_path(self) -> None:
        self.where.setText(_("A new vault will be created in {vault_path}").format(vault_path=self.vault_path))

    def _choose_folder(self) -> None:
        folder = file_dialogs.open_folder(self, _("Where should the new vault folder go?"),
                                           kind="vault")
        if folder:
            self.vault_path = Path(folder) / "Fieldnotes vault"
            self._show_path()

    def _open_existing(self) -> None:
        folder = file_dialogs.open_folder(self, _("Open a vault folder"), kind="vault")
        if folder:
            self.open_requested.emit(Path(folder))
