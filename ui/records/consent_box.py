"""A testimony's consent: scope, how it was given, when, and the organisations named.

Organisations are picked from contacts (stored by fingerprint, so a renamed or differently
spelled contact still matches at export); the text field is only for organisations that are
not contacts yet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QListWidget, QListWidgetItem

from fieldnotes import consent_links, contacts
from fieldnotes.i18n import N_, _
from fieldnotes.records.model import CONSENT
from ui.records.field_editors import Editor, make_editor, name_editor

FPR_ROLE = Qt.ItemDataRole.UserRole


class ContactPicker(Editor):
    """Checkable contacts; ``get()`` is the checked fingerprints."""

    def __init__(self, conn):
        self.conn = conn
        self.widget = QListWidget()
        self.widget.setMaximumHeight(110)
        self.widget.setWordWrap(True)
        self.widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.widget.setAccessibleName(_("Organisations among your contacts"))
        self.reload()

    def reload(self) -> None:
        checked = set(self.get())
        self.widget.clear()
        for c in contacts.list_contacts(self.conn):
            if c["revoked"]:
                continue
            self._add(c["name"], c["fingerprint"], c["verified"])
        self.set(sorted(checked))

    def _add(self, name: str, fpr: str, verified: bool = True) -> QListWidgetItem:
        grouped = contacts.grouped(fpr)
        text = name if verified else _("{name} (fingerprint not verified)").format(name=name)
        item = QListWidgetItem(text)
        item.setData(FPR_ROLE, fpr)
        item.setToolTip(grouped)
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.widget.addItem(item)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.widget.item(i) for i in range(self.widget.count())]

    def get(self):
        return [i.data(FPR_ROLE) for i in self._items()
                if i.checkState() == Qt.CheckState.Checked]

    def set(self, value) -> None:
        want = list(value or [])
        known = {i.data(FPR_ROLE): i for i in self._items()}
        for fpr in want:
            if fpr not in known:   # named, but no longer (or not yet) among the contacts
                known[fpr] = self._add(_("Not among your contacts: {fingerprint}").format(
                    fingerprint=contacts.grouped(fpr)), fpr)
        for fpr, item in known.items():
            item.setCheckState(Qt.CheckState.Checked if fpr in want
                               else Qt.CheckState.Unchecked)

    def set_read_only(self, read_only: bool) -> None:
        for item in self._items():
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(Qt.ItemFlag.ItemIsEnabled if read_only else flags)


LABELS = {"contacts": N_("Share with (contacts)"),
          "organisations": N_("Other organisations, not yet contacts")}


class ConsentBox(Editor):
    def __init__(self, conn):
        self.conn = conn
        self.widget = QGroupBox(_("Consent given by the source"))
        form = QFormLayout(self.widget)
        # Labels ("Other organisations, not yet contacts") go above their fields, so the
        # fields keep the group's width instead of a sliver beside the labels.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, Editor] = {}
        for name, f in CONSENT.items():
            ed = ContactPicker(conn) if name == "contacts" else make_editor(f)
            self.editors[name] = ed
            text = _(LABELS[name]) if name in LABELS else _(f.label)
            name_editor(ed, text)
            form.addRow(text + (" *" if f.required else ""), ed.widget)
        self.editors["organisations"].widget.setPlaceholderText(
            _("Only for organisations you have no card of yet; separate with ;"))
        # A new testimony starts with the most protective scope, not with nothing.
        self.editors["scope"].set("internal")

    def get(self):
        value = {name: ed.get() for name, ed in self.editors.items()}
        value = {k: v for k, v in value.items() if v not in ("", [], None)}
        if value.get("organisations"):   # a contact's exact name typed: keep it as the link
            value = consent_links.names_to_contacts(self.conn, value)
        return value or None

    def set(self, value) -> None:
        value = value or {}
        self.editors["contacts"].reload()   # a contact added since the form was built
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
