"""Settings: the idle-lock time and the language (see settings.py for why nothing else is kept)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QSpinBox, QVBoxLayout

from fieldnotes.i18n import _
from ui.shell.language import LanguagePicker
from ui.shell.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings
from ui.widgets.basic import label, ok_cancel


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.settings = settings
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.minutes.setSuffix(_(" minutes"))
        self.minutes.setValue(settings.idle_minutes)
        self.language = LanguagePicker()
        form = QFormLayout()
        form.addRow(_("Lock after no activity for"), self.minutes)
        form.addRow(_("Language"), self.language)
        buttons = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(label(_("Ctrl+L locks at once. Fieldnotes remembers only the language and "
                              "this time between runs — not which vault you opened, nor any "
                              "content."), "hint"))
        lay.addWidget(buttons)

    def accept(self) -> None:
        self.settings.idle_minutes = self.minutes.value()
        super().accept()
