"""Settings: only the idle-lock time (see settings.py for why nothing else is kept)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QSpinBox, QVBoxLayout

from ui.shell.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings
from ui.widgets.basic import label, ok_cancel


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(settings.idle_minutes)
        form = QFormLayout()
        form.addRow("Lock after no activity for", self.minutes)
        buttons = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(label("Ctrl+L locks at once. Fieldnotes remembers only this setting "
                            "between runs — not which vault you opened, nor any content.",
                            "hint"))
        lay.addWidget(buttons)

    def accept(self) -> None:
        self.settings.idle_minutes = self.minutes.value()
        super().accept()
