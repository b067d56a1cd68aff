"""Create a vault: a name for your card, a passphrase twice, the warning; KDF on the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fieldnotes.i18n import N_, _
from fieldnotes.vault import Vault, creation_params
from ui.shell.style import set_primary, set_role
from ui.vault.passphrase_fields import PassphraseFields
from ui.widgets.basic import ErrorLabel, ProgressPanel, label, screen_column
from ui.workers import Worker

WARNING = N_("If you forget this passphrase and lose the recovery key shown on the next screen, "
           "the data in this vault is gone for good. Nobody — not Fieldnotes, not your "
           "coordinator — can open it for you.")


class CreateVaultScreen(QWidget):
    created = Signal(object, str)      # (Vault, recovery key text)
    back = Signal()

    def __init__(self, vault_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.kdf_floor_mib = 0  # an organisation's setup file may ask for more memory
        title = set_role(QLabel(_("Create a vault")), "title")
        self.where = label("", "hint")
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("How contacts will see you, e.g. a first name or alias"))
        self.name.setMaxLength(100)
        self.passphrase = PassphraseFields()
        self.passphrase.changed.connect(self._update)
        warning = label(_(WARNING), "warning")
        self.error = ErrorLabel()
        self.progress = ProgressPanel(cancellable=False)
        self.progress.idle.connect(self._update)   # after a failure (a full disk) try again
        self.create_button = set_primary(QPushButton(_("Create vault")))
        self.create_button.clicked.connect(self._create)
        back = QPushButton(_("Back"))
        back.clicked.connect(self.back)

        # The name shares the passphrase fields' form, so the three fields line up.
        self.passphrase.layout().insertRow(0, _("Your name"), self.name)
        self.name.returnPressed.connect(self.passphrase.first.setFocus)
        self.passphrase.first.returnPressed.connect(self.passphrase.second.setFocus)
        self.passphrase.second.returnPressed.connect(self._create)
        screen_column(self, (title, self.where, 8, self.passphrase, warning, self.error,
                             self.progress), back, self.create_button)
        # The name joined the form after the passphrase fields, so Tab from it went to Back
        # and a space typed in the passphrase pressed it: keep the order the form shows.
        chain = (self.name, self.passphrase.first, self.passphrase.second, back,
                 self.create_button)
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.set_path(self.vault_path)
        self._update()

    def set_path(self, path: Path) -> None:
        self.vault_path = Path(path)
        self.where.setText(_("In {vault_path}").format(vault_path=self.vault_path))

    def _update(self) -> None:
        self.create_button.setEnabled(self.passphrase.acceptable() and not self.progress.isVisible())

    def _create(self) -> None:
        if not self.passphrase.acceptable() or self.progress.isVisible():
            return
        path, passphrase, name = self.vault_path, self.passphrase.passphrase, self.name.text()
        self.error.clear()
        worker = Worker(self)
        worker.succeeded.connect(self._done)
        worker.failed.connect(self._failed)
        self.progress.follow(worker, _("Creating the vault and tuning its key for this computer…"))
        self.create_button.setEnabled(False)
        floor = self.kdf_floor_mib
        worker.start(lambda job: Vault.create(path, passphrase, name=name.strip(),
                                              params=creation_params(floor)))

    def _done(self, result) -> None:
        vault, recovery_text = result
        self.passphrase.clear()
        self.created.emit(vault, recovery_text)

    def _failed(self, message: str) -> None:
        self.error.show_error(message)
