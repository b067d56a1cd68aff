"""The recovery key, shown once in large monospace, until the user confirms writing it down."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QWidget

from fieldnotes.i18n import _
from ui.shell.style import monospace, set_primary, set_role
from ui.widgets.basic import label, screen_column


class RecoveryKeyScreen(QWidget):
    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = set_role(QLabel(_("Write down your recovery key")), "title")
        intro = label(
            _("This key opens the vault if the passphrase is forgotten. It is shown only now. Write it on paper and keep the paper away from this computer. Do not photograph it or store it in a file."))
        self.key_label = QLabel()
        set_role(self.key_label, "recovery")
        self.key_label.setFont(monospace(20))
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.written = QCheckBox(_("I have written it down"))
        self.continue_button = set_primary(QPushButton(_("Continue")))
        self.continue_button.setEnabled(False)
        self.written.toggled.connect(self._written_toggled)
        self.continue_button.clicked.connect(self._continue)
        screen_column(self, (title, intro, 12, self.key_label, 12), self.written,
                      self.continue_button, 720)

    def _written_toggled(self, checked: bool) -> None:
        self.continue_button.setEnabled(checked)
        if checked and self.written.hasFocus():
            self.continue_button.setFocus()   # so Return, the next key pressed, continues

    def show_key(self, text: str) -> None:
        # Lines of five groups, so it reads (and is copied by hand) in chunks.
        groups = text.split("-") if "-" in text else text.split()
        lines = ["  ".join(groups[i:i + 5]) for i in range(0, len(groups), 5)]
        self.key_label.setText("\n".join(lines) if len(groups) > 1 else text)
        self.written.setChecked(False)

    def clear(self) -> None:
        self.key_label.clear()
        self.written.setChecked(False)

    def _continue(self) -> None:
        if not self.written.isChecked():
            return
        self.clear()
        self.confirmed.emit()
