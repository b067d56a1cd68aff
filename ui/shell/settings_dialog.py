"""Settings: a tab per section.

General (idle lock) and, while a vault is unlocked, Passphrase and key strength are built here.
Other areas add their own sections from their own files without editing this one::

    from ui.shell.settings_dialog import add_section
    add_section("language", _("Language"), build_language_section, order=10)

A factory gets the dialog (``dialog.settings``, ``dialog.session`` — None while locked) and
returns a widget, or None to leave its tab out. A widget with an ``apply()`` method has it
called on OK; returning False (with the reason shown in the section) keeps the dialog open.
Order: General 0, Language 10, Passphrase 20, then others (recovery: 30 and up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QFormLayout, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from fieldnotes.i18n import _
from ui.shell.language import LanguagePicker
from ui.shell.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings
from ui.widgets.basic import label, ok_cancel


@dataclass(frozen=True)
class Section:
    key: str
    title: Callable[[], str]     # called when the dialog is built: the current language
    build: Callable[[SettingsDialog], QWidget | None]
    order: int


SECTIONS: dict[str, Section] = {}


def add_section(key: str, title: str | Callable[[], str],
                build: Callable[[SettingsDialog], QWidget | None], order: int = 50) -> None:
    """Register (or replace) a section; ``title`` may be a function, to follow the language."""
    SECTIONS[key] = Section(key, title if callable(title) else (lambda: title), build, order)


class GeneralSection(QWidget):
    def __init__(self, dialog: SettingsDialog):
        super().__init__()
        self.settings = dialog.settings
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.minutes.setSuffix(_(" minutes"))
        self.minutes.setValue(self.settings.idle_minutes)
        self.minutes.setAccessibleName(_("Lock after no activity for"))
        form = QFormLayout()
        form.addRow(_("Lock after no activity for"), self.minutes)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(label(_("Ctrl+L or Ctrl+Shift+L locks at once. Fieldnotes remembers only "
                              "the language and this time between runs — not which vault you "
                              "opened, nor any content."), "hint"))
        lay.addStretch()

    def apply(self) -> bool:
        self.settings.idle_minutes = self.minutes.value()
        return True


class LanguageSection(QWidget):
    """The language picker (ui/shell/language.py); the window switches when OK is pressed."""

    def __init__(self, dialog: SettingsDialog):
        super().__init__()
        self.picker = LanguagePicker()
        form = QFormLayout(self)
        form.addRow(_("Language"), self.picker)


def _passphrase_section(dialog: SettingsDialog) -> QWidget | None:
    if dialog.session is None:
        return None
    from ui.shell.passphrase_section import PassphraseSection

    return PassphraseSection(dialog.session)


add_section("general", lambda: _("General"), GeneralSection, order=0)
add_section("language", lambda: _("Language"), LanguageSection, order=10)
add_section("passphrase", lambda: _("Passphrase and key"), _passphrase_section, order=20)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, session=None):
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.settings, self.session = settings, session
        self.tabs = QTabWidget()
        self.sections: dict[str, QWidget] = {}
        for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key)):
            widget = section.build(self)
            if widget is not None:
                self.sections[section.key] = widget
                self.tabs.addTab(widget, section.title())
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(ok_cancel(self))
        self.resize(640, 520)

    @property
    def minutes(self) -> QSpinBox:
        return self.sections["general"].minutes

    @property
    def language(self) -> LanguagePicker:
        return self.sections["language"].picker

    def add_tab(self, key: str, widget: QWidget, title: str) -> None:
        """Move a section another area built into a tab of its own."""
        self.layout().removeWidget(widget)
        self.sections[key] = widget
        self.tabs.addTab(widget, title)

    def accept(self) -> None:
        for key, widget in self.sections.items():
            apply = getattr(widget, "apply", None)
            if apply is not None and apply() is False:
                self.tabs.setCurrentWidget(self.sections[key])
                return
        super().accept()
