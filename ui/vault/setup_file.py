"""The welcome screen's "I have a setup file from my organisation": the file is checked (its
signature by the coordinator on its card), the coordinator's fingerprint is shown to compare
with the one they gave in person, and only when the person confirms it is the setup kept, to
be applied to the vault they create next (fieldnotes/setup_file.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from fieldnotes import setup_file
from fieldnotes.i18n import _
from ui.shell.style import monospace
from ui.widgets.basic import label


def read(path: Path) -> setup_file.SetupFile:
    """The checked setup file at ``path``; FieldnotesError in one sentence otherwise."""
    return setup_file.read_file(path)


class SetupFileDialog(QDialog):
    """Shows who made the setup file and asks the person to compare the fingerprint."""

    def __init__(self, setup: setup_file.SetupFile, parent=None):
        super().__init__(parent)
        self.setup = setup
        self.setWindowTitle(_("Setup file from your organisation"))
        fingerprint = QLabel(setup.coordinator.fingerprint)
        fingerprint.setFont(monospace(16))
        lay = QVBoxLayout(self)
        lay.addWidget(label(_("This setup file was made and signed by {name}. Compare its "
                              "fingerprint with the one {name} gave you in person or by "
                              "phone:").format(name=setup.coordinator.name)))
        lay.addWidget(fingerprint)
        names = ", ".join(c.name for c in setup.recipients) or _("no one else")
        lay.addWidget(label(_("Bundles will go to {name}; also named: {others}.").format(
            name=setup.coordinator.name, others=names), "hint"))
        if setup.settings:
            lay.addWidget(label(_("Recommended settings: {settings}.").format(
                settings=", ".join(f"{k} = {v}" for k, v in sorted(setup.settings.items()))),
                "hint"))
        self.same = QCheckBox(_("It is the same fingerprint my coordinator gave me"))
        lay.addWidget(self.same)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Continue: create my vault"))
        self.ok.setEnabled(False)
        self.same.toggled.connect(self.ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
