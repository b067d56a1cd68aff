"""Settings for recovery and emergencies: recovery shares, a new recovery key, the opt-in wipe
policy, and "Wipe this vault now" (type the vault's name, then a 10-second countdown that can
be cancelled). The work is the core's (fieldnotes/recovery_shares.py, fieldnotes/wipe.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import recovery_shares, wipe
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import N_, _
from ui.shell.style import monospace
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, button, button_row, label

COUNTDOWN_SECONDS = 10
WIPE_LIMITS = N_("What a wipe does not do: it does not stop anyone who copied the disk before "
                "guessing — a copy has its own counter. It helps against a casual search or a "
                "border check. On SSDs and USB sticks an older copy of the key slots may "
                "survive on the drive. There are no decoy vaults.")


class ShownOnce(QDialog):
    """Secrets shown once (shares, a recovery key), with a way to save shares to files."""

    def __init__(self, title: str, intro: str, text: str, parent=None, made=None,
                 vault_name: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.made, self.vault_name = made, vault_name
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(monospace(12))
        self.error = ErrorLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(label(intro))
        lay.addWidget(self.text)
        lay.addWidget(self.error)
        save = [button(_("Save each share to its own file…"), self._save)] if made else []
        lay.addLayout(button_row(save, [button(_("Done"), self.accept)]))
        self.resize(640, 420)

    def _save(self) -> None:
        folder = file_dialogs.open_folder(self, _("Folder for the share files"))
        if folder:
            self.save_to(Path(folder))

    def save_to(self, folder: Path) -> list[Path]:
        try:
            paths = recovery_shares.write_share_files(self.made, folder, self.vault_name)
        except FieldnotesError as exc:
            self.error.show_error(str(exc))
            return []
        self.error.clear()
        return paths

    def done(self, result: int) -> None:  # the secrets leave the screen with the dialog
        self.text.clear()
        super().done(result)


class WipeNowDialog(QDialog):
    """Type the vault's name, then a cancellable countdown; at zero the vault is wiped."""

    wiped = Signal()

    def __init__(self, vault, parent=None):
        super().__init__(parent)
        self.vault = vault
        self.name = vault.identity.name
        self.setWindowTitle(_("Wipe this vault now"))
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(self.name)
        self.typed.textChanged.connect(self._update)
        self.status = label("")
        self.error = ErrorLabel()
        self.start = button(_("Wipe"), self.begin)
        self.cancel = button(_("Cancel"), self.stop_or_close)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.left = COUNTDOWN_SECONDS
        lay = QVBoxLayout(self)
        lay.addWidget(label(_("This destroys the vault's key slots, then its files: every "
                              "record and attachment in it becomes unreadable, for good. "
                              "Type the vault's name, “{name}”, to go on.").format(
            name=self.name)))
        lay.addWidget(self.typed)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        lay.addLayout(button_row(right=[self.cancel, self.start]))
        self._update()

    def _update(self) -> None:
        self.start.setEnabled(" ".join(self.typed.text().split()) == self.name
                              and not self.timer.isActive())

    def begin(self) -> None:
        self.left = COUNTDOWN_SECONDS
        self.typed.setReadOnly(True)
        self.timer.start()
        self._show_left()
        self._update()

    def _show_left(self) -> None:
        self.status.setText(_("Wiping in {n} s — Cancel stops it.").format(n=self.left))

    def stop_or_close(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.typed.setReadOnly(False)
            self.status.setText(_("Cancelled; nothing was wiped."))
            self._update()
        else:
            self.reject()

    def _tick(self) -> None:
        self.left -= 1
        if self.left > 0:
            self._show_left()
            return
        self.timer.stop()
        try:
            wipe.wipe_now(self.vault, self.typed.text())
        except (FieldnotesError, OSError) as exc:
            self.error.show_error(str(exc))
            return
        self.accept()
        self.wiped.emit()


class RecoverySection(QWidget):
    """The part of Settings for recovery shares, the recovery key and the wipe policy."""

    wiped = Signal()

    def __init__(self, vault, parent=None):
        super().__init__(parent)
        self.vault = vault
        self.error = ErrorLabel()

        shares_box = QGroupBox(_("Recovery shares"))
        self.shares_status = label("")
        self.threshold = QSpinBox()
        self.threshold.setRange(2, 16)
        self.threshold.setValue(2)
        self.count = QSpinBox()
        self.count.setRange(2, 16)
        self.count.setValue(3)
        self.make_shares = button(_("Make new shares…"), self._make_shares)
        self.new_key = button(_("New recovery key…"), self._new_key)
        form = QFormLayout()
        form.addRow(_("Shares needed to unlock:"), self.threshold)
        form.addRow(_("Shares in all:"), self.count)
        box = QVBoxLayout(shares_box)
        box.addWidget(self.shares_status)
        box.addLayout(button_row([form], [self.make_shares]))
        box.addWidget(label(_("Give each share to a different trusted colleague. They are "
                              "plain SLIP-39, readable by any SLIP-39 tool. New shares make "
                              "the old ones useless."), "hint"))
        box.addWidget(self.new_key)

        wipe_box = QGroupBox(_("Wipe"))
        self.wipe_on = QCheckBox(_("Wipe the vault after this many failed unlocks in a row:"))
        self.wipe_on.setToolTip(_("A failed unlock is a wrong passphrase, a wrong recovery key "
                                  "or a set of recovery shares that does not open this vault."))
        self.wipe_after = QSpinBox()
        self.wipe_after.setRange(wipe.MIN_FAILURES, 1000)
        self.wipe_apply = button(_("Apply"), self._apply_policy)
        self.wipe_now = button(_("Wipe this vault now…"), self._wipe_now, danger=True)
        wlay = QVBoxLayout(wipe_box)
        wlay.addLayout(button_row([self.wipe_on, self.wipe_after], [self.wipe_apply]))
        wlay.addWidget(label(_(WIPE_LIMITS), "hint"))
        wlay.addWidget(self.wipe_now)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(shares_box)
        lay.addWidget(wipe_box)
        lay.addWidget(self.error)
        self.refresh()

    def refresh(self) -> None:
        info = self.vault.slots.shares_info()
        self.shares_status.setText(
            _("No recovery shares.") if info is None else
            _("Any {k} of {n} shares (set {set_id}) unlock this vault.").format(
                k=info["threshold"], n=info["count"], set_id=info["identifier"]))
        after = wipe.policy(self.vault.slots)
        self.wipe_on.setChecked(after is not None)
        self.wipe_after.setValue(after or 10)

    def _run(self, action):
        try:
            result = action()
        except FieldnotesError as exc:
            self.error.show_error(str(exc))
            return None
        self.error.clear()
        self.refresh()
        return result

    def _make_shares(self) -> ShownOnce | None:
        made = self._run(lambda: recovery_shares.split(self.vault, self.threshold.value(),
                                                       self.count.value()))
        if made is None:
            return None
        name = self.vault.identity.name
        text = "\n".join(recovery_shares.share_text(made, n, name)
                         for n in range(1, made.count + 1))
        dialog = ShownOnce(_("Your recovery shares"),
                           _("Shown only this once. Give each share to a different person, "
                             "or save each to its own file."), text, self, made, name)
        dialog.open()
        return dialog

    def _new_key(self) -> ShownOnce | None:
        key = self._run(lambda: recovery_shares.rotate_recovery_key(self.vault))
        if key is None:
            return None
        dialog = ShownOnce(_("Your new recovery key"),
                           _("Write it down now and keep it apart from this laptop; the old "
                             "recovery key no longer works. It is shown only this once."),
                           key, self)
        dialog.open()
        return dialog

    def _apply_policy(self) -> None:
        after = self.wipe_after.value() if self.wipe_on.isChecked() else None
        self._run(lambda: wipe.set_policy(self.vault, after))

    def _wipe_now(self) -> WipeNowDialog:
        dialog = WipeNowDialog(self.vault, self)
        dialog.wiped.connect(self.wiped)
        dialog.open()
        return dialog
