"""Open a vault with its recovery key and set a new passphrase (Vault.recover on the worker)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.vault import Vault
from ui.shell.style import monospace, set_primary, set_role
from ui.vault.passphrase_fields import PassphraseFields
from ui.widgets.basic import ErrorLabel, ProgressPanel, centered, label
from ui.workers import Worker


class RecoverScreen(QWidget):
    recovered = Signal(object)   # Vault
    back = Signal()

    def __init__(self, vault_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        title = set_role(QLabel("Use your recovery key"), "title")
        intro = label("Type the recovery key you wrote down when the vault was created, then "
                      "choose a new passphrase. The old passphrase stops working.")
        self.key = QPlainTextEdit()
        self.key.setFont(monospace(14))
        self.key.setPlaceholderText("XXXXX-XXXXX-XXXXX-…")
        self.key.setMaximumHeight(90)
        self.passphrase = PassphraseFields(first_label="New passphrase")
        self.passphrase.changed.connect(self._update)
        self.error = ErrorLabel()
        self.progress = ProgressPanel(cancellable=False)
        self.go = set_primary(QPushButton("Recover and set passphrase"))
        self.go.clicked.connect(self._recover)
        back = QPushButton("Back")
        back.clicked.connect(self._back)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch()
        buttons.addWidget(self.go)
        col = QVBoxLayout()
        col.addStretch(1)
        col.addWidget(title)
        col.addWidget(intro)
        col.addWidget(self.key)
        col.addWidget(self.passphrase)
        col.addWidget(self.error)
        col.addWidget(self.progress)
        col.addLayout(buttons)
        col.addStretch(2)
        centered(self, col, 640)
        self._update()

    def set_path(self, path: Path) -> None:
        self.vault_path = Path(path)

    def clear(self) -> None:
        self.key.clear()
        self.passphrase.clear()
        self.error.clear()

    def _back(self) -> None:
        self.clear()
        self.back.emit()

    def _update(self) -> None:
        self.go.setEnabled(self.passphrase.acceptable())

    def _recover(self) -> None:
        key, new, path = self.key.toPlainText(), self.passphrase.passphrase, self.vault_path
        self.error.clear()
        self.go.setEnabled(False)
        worker = Worker(self)
        worker.succeeded.connect(self._done)
        worker.failed.connect(self.error.show_error)
        worker.finished.connect(self._update)
        self.progress.follow(worker, "Checking the key and setting the new passphrase…")
        worker.start(lambda job: Vault.recover(path, key, new))

    def _done(self, vault) -> None:
        self.clear()
        self.recovered.emit(vault)
