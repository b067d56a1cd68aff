"""Open a vault with its recovery key and set a new passphrase (Vault.recover on the worker)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.i18n import N_, _
from fieldnotes.vault import Vault
from ui.shell.style import monospace, set_primary, set_role
from ui.vault.passphrase_fields import PassphraseFields
from ui.widgets.basic import ErrorLabel, ProgressPanel, label, screen_column
from ui.workers import Worker


class RecoverScreen(QWidget):
    recovered = Signal(object)   # Vault
    back = Signal()

    TITLE = N_("Use your recovery key")
    INTRO = N_("Type the recovery key you wrote down when the vault was created, then choose a "
             "new passphrase. The old passphrase stops working.")
    WORKING = N_("Checking the key and setting the new passphrase…")

    def __init__(self, vault_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        title = set_role(QLabel(_(self.TITLE)), "title")
        intro = label(_(self.INTRO))
        self.passphrase = PassphraseFields(first_label=_("New passphrase"))
        self.passphrase.changed.connect(self._update)
        self.error = ErrorLabel()
        self.progress = ProgressPanel(cancellable=False)
        self.go = set_primary(QPushButton(_("Recover and set passphrase")))
        self.go.clicked.connect(self._recover)
        # Return moves on from the first passphrase field and recovers from the second.
        self.passphrase.first.returnPressed.connect(self.passphrase.second.setFocus)
        self.passphrase.second.returnPressed.connect(
            lambda: self.go.isEnabled() and self._recover())
        back = QPushButton(_("Back"))
        back.clicked.connect(self._back)
        screen_column(self, (title, intro, self.add_inputs, self.passphrase, self.error,
                             self.progress), back, self.go)
        self._update()

    def add_inputs(self, col: QVBoxLayout) -> None:
        """The way back in that is typed above the new passphrase (here: the recovery key)."""
        self.key = QPlainTextEdit()
        self.key.setAccessibleName(_("Recovery key"))
        self.key.setFont(monospace(14))
        self.key.setPlaceholderText(_("XXXXX-XXXXX-XXXXX-…"))
        self.key.setMaximumHeight(90)
        col.addWidget(self.key)

    def task(self, path: Path, new: str):
        """What the worker runs: unlock with what was typed, set ``new``; returns the Vault."""
        key = self.key.toPlainText()
        return lambda job: Vault.recover(path, key, new, job=job)

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
        task = self.task(self.vault_path, self.passphrase.passphrase)
        self.error.clear()
        self.go.setEnabled(False)
        worker = Worker(self)
        worker.succeeded.connect(self._done)
        worker.failed.connect(self.error.show_error)
        worker.finished.connect(self._update)
        self.progress.follow(worker, _(self.WORKING))
        worker.start(task)

    def _done(self, vault) -> None:
        self.clear()
        self.recovered.emit(vault)
