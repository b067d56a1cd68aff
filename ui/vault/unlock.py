"""Unlock screen: passphrase, one clear sentence on failure, "Use recovery key" path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import migrations
from fieldnotes.i18n import _
from fieldnotes.vault import Vault
from ui.shell.style import set_primary
from ui.vault.passphrase_line import PassphraseLine, caps_lock_warning
from ui.widgets.basic import ErrorLabel, ProgressPanel, centered, label, screen_heading
from ui.workers import Worker


class UnlockScreen(QWidget):
    unlocked = Signal(object)         # Vault
    recover_requested = Signal(Path)
    other_requested = Signal()        # open another folder / create a new vault

    def __init__(self, vault_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        icon, title = screen_heading(_("Unlock your vault"), 72)
        self.where = label("", "hint")
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = PassphraseLine()
        self.passphrase.setPlaceholderText(_("Passphrase"))
        self.caps = caps_lock_warning(self.passphrase)
        self.passphrase.returnPressed.connect(self._unlock)
        self.unlock_button = set_primary(QPushButton(_("Unlock")))
        self.unlock_button.clicked.connect(self._unlock)
        self.error = ErrorLabel()
        self.progress = ProgressPanel(cancellable=False)
        self.recover_button = recover = QPushButton(_("Use recovery key…"))
        recover.setFlat(True)
        recover.clicked.connect(lambda: self.recover_requested.emit(self.vault_path))
        self.other_button = other = QPushButton(_("Another vault…"))
        other.setFlat(True)
        other.clicked.connect(self.other_requested)

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        links = QHBoxLayout()
        links.addWidget(recover)
        links.addStretch()
        links.addWidget(other)
        col = QVBoxLayout()
        col.addStretch(2)
        for w in (icon, title, self.where):
            col.addWidget(w)
        col.addSpacing(12)
        col.addLayout(row)
        col.addWidget(self.error)
        col.addWidget(self.caps)
        col.addWidget(self.progress)
        col.addLayout(links)
        # Space kept for a one-line error and the progress bar, so that showing either does
        # not move the passphrase field under the pointer.
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing())
        for w in (self.error, self.progress, self.caps):
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            w.setSizePolicy(policy)
        col.addStretch(3)
        centered(self, col, 600)   # the three ways in below stay whole (key, shares, another)
        self.set_path(self.vault_path)

    def set_path(self, path: Path) -> None:
        self.vault_path = Path(path)
        self.where.setText(str(self.vault_path))
        self.reset()

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.clear()
        self.problem = Vault.folder_problem(self.vault_path)
        if self.problem:
            self.error.show_error(self.problem)
        self._set_busy(False)
        self.passphrase.setFocus()

    def _unlock(self) -> None:
        if self.progress.isVisible() or self.problem:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.error.show_error(_("Type the vault's passphrase."))
            return
        path = self.vault_path
        self.error.clear()
        self._set_busy(True)
        worker = Worker(self)
        worker.succeeded.connect(self._opened)
        worker.failed.connect(self._failed)
        worker.finished.connect(lambda: self._set_busy(False))
        self.progress.follow(worker, _("Unlocking…"))
        # Progress comes only from moving a format-1 vault's attachments out of vault.db.
        worker.progress.connect(lambda _d, _t: self.progress.caption.setText(
            _("Moving the attachments into sealed files…")))
        worker.stage.connect(self._stage)
        worker.start(lambda job: Vault.open(path, passphrase, job=job))

    def _stage(self, stage: str) -> None:
        """The first unlock after an update of Fieldnotes: the vault's schema is brought up
        to date (seconds on a large vault), said instead of only "Unlocking…"."""
        if stage == migrations.STAGE:
            self.progress.caption.setText(_(migrations.UPDATING))

    def _set_busy(self, busy: bool) -> None:
        usable = not busy and not self.problem
        self.unlock_button.setEnabled(usable)
        self.recover_button.setEnabled(usable)
        if getattr(self, "shares_button", None) is not None:  # ui/vault/recovery_hooks.py
            self.shares_button.setEnabled(usable)  # shares open key slots, as the key does
        self.other_button.setEnabled(not busy)
        # Read-only, never disabled, while the key is derived: a disabled field gives its focus
        # away, and what is typed next (the passphrase again) would land in another widget.
        self.passphrase.setReadOnly(busy)
        self.passphrase.setEnabled(not self.problem)

    def _opened(self, vault) -> None:
        self.passphrase.clear()
        self.unlocked.emit(vault)

    def _failed(self, message: str) -> None:
        self.error.show_error(message)
        self._set_busy(False)   # before focusing: focus does not go to a disabled field
        self.passphrase.setFocus()
        self.passphrase.selectAll()
