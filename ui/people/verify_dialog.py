"""Compare a contact's fingerprint with its owner before trusting it.

Both fingerprints are shown group by group: the one in the card you hold and yours (so the
two of you can read each other's aloud, on a call or face to face). Verifying takes a ticked
confirmation that you read them aloud and they matched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from fieldnotes.contacts import grouped
from fieldnotes.i18n import _
from ui.shell.style import monospace
from ui.widgets.basic import label


def fingerprint_block(title: str, name: str, fingerprint: str) -> QGroupBox:
    box = QGroupBox(title)
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(18)   # groups are read one by one: keep them apart
    grid.addWidget(label(name, "subtitle"), 0, 0, 1, 4)
    groups = grouped(fingerprint).split()
    for i, g in enumerate(groups):
        cell = QLabel(g)
        cell.setFont(monospace(18))
        cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(cell, 1 + i // 4, i % 4)
    return box


class VerifyDialog(QDialog):
    def __init__(self, contact: dict, own_name: str, own_fingerprint: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Verify {name}").format(name=contact['name']))
        intro = label(
            _("Ask {name} to read their fingerprint aloud, in person or on a call where you recognise their voice. Compare it with the groups on the left, one by one. Then read yours to them. Do not verify from a message sent through the same channel as the card.").format(name=contact['name']))
        row = QHBoxLayout()
        row.addWidget(fingerprint_block(_("The card you hold"), contact["name"],
                                        contact["fingerprint"]))
        row.addWidget(fingerprint_block(_("Yours, to read to them"), own_name, own_fingerprint))
        self.confirm = QCheckBox(_("We read both fingerprints aloud and every group matched."))
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("Mark as verified"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok.setEnabled(False)
        self.confirm.toggled.connect(self.ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(row)
        lay.addWidget(self.confirm)
        lay.addWidget(self.buttons)

    def accept(self) -> None:
        if self.confirm.isChecked():
            super().accept()
