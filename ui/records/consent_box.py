"""A testimony's consent: scope, how it was given, when, and the organisations named."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox

from fieldnotes.records.model import CONSENT
from ui.records.field_editors import Editor, make_editor


class ConsentBox(Editor):
    def __init__(self):
        self.widget = QGroupBox("Consent given by the source")
        form = QFormLayout(self.widget)
        self.editors = {name: make_editor(f) for name, f in CONSENT.items()}
        for name, f in CONSENT.items():
            form.addRow(f.label + (" *" if f.required else ""), self.editors[name].widget)
        # A new testimony starts with the most protective scope, not with nothing.
        self.editors["scope"].set("internal")

    def get(self):
        value = {name: ed.get() for name, ed in self.editors.items()}
        value = {k: v for k, v in value.items() if v not in ("", [], None)}
        return value or None

    def set(self, value) -> None:
        value = value or {}
        for name, ed in self.editors.items():
            ed.set(value.get(name))
        if not value:
            self.editors["scope"].set("internal")

    def clear(self) -> None:
        for ed in self.editors.values():
            ed.clear()

    def set_read_only(self, read_only: bool) -> None:
        for ed in self.editors.values():
            ed.set_read_only(read_only)
