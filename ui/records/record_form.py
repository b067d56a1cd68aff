"""A form for one record, generated from ``fieldnotes.records.model.SCHEMAS``.

Saving calls ``Store.create`` / ``Store.update``; a refusal (ValidationError, Refused…) shows
its sentence at the top of the form. A record that came in someone's bundle (``origin`` set)
opens read-only under a banner naming the sender. History and Delete (a tombstone, after
confirmation) sit beside Save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import drafts
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.records.model import SCHEMAS
from fieldnotes.records.vocab import record_type_label
from fieldnotes.timeutil import local_text, utc_text
from ui.models import queries
from ui.records.consent_box import ConsentBox
from ui.records.field_editors import Editor, make_editor, name_editor
from ui.shell.style import set_primary, set_role
from ui.widgets.basic import ErrorLabel, button, button_row, confirm

# Record types whose long text gets its own pane beside the form: type -> field.
NARRATIVE_PANE = {"testimony": "text"}


class RecordForm(QWidget):
    saved = Signal(str)     # record id
    deleted = Signal(str)

    def __init__(self, session, rtype: str, case_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.rtype, self.case_id = session, rtype, case_id
        self.record: dict | None = None
        self._baseline: dict = {}          # the values as loaded: anything else is unsaved
        self._drafted: dict | None = None  # the values last kept as a draft in the vault
        self.case_read_only = False   # the case came in a bundle: nothing new is added to it
        self.banner = set_role(QLabel(), "banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.heading = set_role(QLabel(), "subtitle")
        self.error = ErrorLabel()

        self.editors: dict[str, Editor] = {}
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, f in SCHEMAS[rtype].items():
            refs = None
            if f.kind == "ref" and case_id:
                refs = queries.ref_choices(session.store, case_id, queries.REF_TYPES.get(name, ()))
            ed = ConsentBox(session.conn) if f.kind == "consent" else make_editor(f, refs)
            self.editors[name] = ed
            name_editor(ed, _(f.label))
            if rtype in NARRATIVE_PANE and name == NARRATIVE_PANE[rtype]:
                continue   # in its own pane beside the form (below)
            form.addRow(_(f.label) + (" *" if f.required else ""), ed.widget)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.narrative = None
        main: QWidget = scroll
        if rtype in NARRATIVE_PANE:
            # The narrative is the heart of a testimony: its own pane, as tall as the form,
            # that a Save or another field's scrolling never moves.
            field = NARRATIVE_PANE[rtype]
            self.narrative = self.editors[field].widget
            pane = QWidget()
            col = QVBoxLayout(pane)
            col.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(_(SCHEMAS[rtype][field].label))
            caption.setBuddy(self.narrative)
            col.addWidget(caption)
            col.addWidget(self.narrative, 1)
            # The fields keep the width they need (no sideways scrolling); the narrative
            # takes the rest.
            scroll.setMinimumWidth(body.minimumSizeHint().width()
                                   + scroll.verticalScrollBar().sizeHint().width() + 4)
            self.narrative.setMinimumWidth(160)
            main = QSplitter(Qt.Orientation.Horizontal)
            main.addWidget(scroll)
            main.addWidget(pane)
            main.setStretchFactor(0, 2)
            main.setStretchFactor(1, 3)
            main.setChildrenCollapsible(False)

        self.save_button = set_primary(QPushButton(_("Save")))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.history_button = button(_("History…"), self.show_history)
        self.delete_button = button(_("Delete…"), self.delete, danger=True)
        buttons = button_row([self.history_button, self.delete_button], [self.save_button])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.heading)
        lay.addWidget(self.banner)
        lay.addWidget(self.error)
        lay.addWidget(main, 1)
        lay.addLayout(buttons)
        self.load(None)

    # -- showing --------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        if self.record is None:
            return self.case_read_only
        return bool(self.record["origin"] or self.record["deleted"])

    def load(self, record: dict | None) -> None:
        if record is None or self.record is None or record["id"] != self.record["id"]:
            # Another record (or a blank one): start at its first field, not wherever the
            # previous record was scrolled to.
            self.scroll.verticalScrollBar().setValue(0)
            self.scroll.horizontalScrollBar().setValue(0)
        self.record = record
        self.error.clear()
        for name, ed in self.editors.items():
            ed.set(record["data"].get(name) if record else None)
        if record is None:
            self.heading.setText(queries.choose_label(self.rtype) if self.case_read_only
                                 else queries.new_label(self.rtype))
        else:
            kind, when = record_type_label(self.rtype), local_text(record["updated"])   # UTC on hover
            self.heading.setText(
                _("{kind} · last saved {when} · deleted").format(kind=kind, when=when)
                if record["deleted"] else
                _("{kind} · last saved {when}").format(kind=kind, when=when))
        self.heading.setToolTip(utc_text(record["updated"]) if record else "")
        notes = []
        if record and record["origin"]:
            notes.append(_("From {sender} — read-only").format(
                sender=self.session.who(record["origin"])))
        if record and (record["data"].get("consent") or {}).get("scope") == "withdrawn":
            notes.append(_("The source withdrew consent: do not use this testimony.")
                         if record["origin"] else
                         _("The source withdrew consent: this testimony is never exported. A "
                           "coordinator who already holds it is told in your next bundle to "
                           "them, unless its text changed since they got it."))
        self.banner.setText("\n".join(notes))
        self.banner.setVisible(bool(notes))
        ro = self.read_only
        for ed in self.editors.values():
            ed.set_read_only(ro)
        self.save_button.setVisible(not ro)
        self.delete_button.setVisible(record is not None and not ro)
        self.history_button.setVisible(record is not None)
        self._baseline = self.values()
        self._drafted = None

    def highlight(self, query: str) -> bool:
        """Scroll the narrative to the first word of ``query`` found and mark every one (a
        search result opened this record). False when no word is in it."""
        if self.narrative is None:
            return False
        from ui.records.narrative import highlight_words

        return highlight_words(self.narrative, query)

    def refresh_refs(self) -> None:
        if not self.case_id:
            return
        for name, f in SCHEMAS[self.rtype].items():
            if f.kind == "ref":
                self.editors[name].set_choices(queries.ref_choices(
                    self.session.store, self.case_id, queries.REF_TYPES.get(name, ())))

    def clear(self) -> None:
        """Drop every value the form holds (used when locking)."""
        self.record = None
        for ed in self.editors.values():
            ed.clear()
        self._baseline, self._drafted = self.values(), None
        self.banner.clear()
        self.error.clear()

    # -- unsaved edits and drafts ---------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Typed and not saved: a switch must ask, a lock must keep a draft."""
        return not self.read_only and self.values() != self._baseline

    @property
    def draft_key(self) -> str:
        return drafts.form_key(self.rtype, self.case_id, self.record["id"] if self.record else None)

    def describe(self) -> str:
        """How a question about this form's unsaved edits names it."""
        title = self.values().get("title") or (self.record or {}).get("title")
        if title:
            return _("the {kind} “{title}”").format(kind=queries.noun(self.rtype), title=title)
        return _("a new {kind}").format(kind=queries.noun(self.rtype))

    def keep_draft(self) -> None:
        """Write the unsaved values to the vault (when they changed since the last time);
        drop the draft this form wrote once its edits are saved or undone."""
        if not self.dirty:
            self.drop_draft()
            return
        values = self.values()
        if values == self._drafted:
            return
        drafts.save(self.session.conn, self.rtype, self.case_id,
                    self.record["id"] if self.record else None, self.describe(), values)
        self._drafted = values

    def drop_draft(self) -> None:
        if self._drafted is not None or drafts.get(self.session.conn, self.draft_key):
            drafts.drop(self.session.conn, self.draft_key)
        self._drafted = None

    def restore_draft(self, data: dict) -> None:
        """Put a kept draft's values back into the fields (they stay unsaved)."""
        for name, value in data.items():
            if name in self.editors and self.editors[name].editable:
                self.editors[name].set(value)
        self._drafted = dict(data)

    def discard_changes(self) -> None:
        self.drop_draft()
        self.load(self.record)

    def settle(self) -> bool:
        """Before anything replaces this form's content: unsaved edits are saved, discarded
        or kept (Cancel). True when the switch may go ahead."""
        if not self.dirty:
            return True
        from ui.records.unsaved import ask_save_discard_cancel

        answer = ask_save_discard_cancel(self, self.describe())
        if answer == "save":
            return self.save() is not None
        if answer == "discard":
            self.discard_changes()
            return True
        return False

    # -- actions --------------------------------------------------------------------------

    def values(self) -> dict:
        return {n: ed.get() for n, ed in self.editors.items() if ed.editable}

    def save(self) -> str | None:
        if self.read_only:
            return None
        values = self.values()
        store = self.session.store
        try:
            if self.record is None:
                data = {k: v for k, v in values.items() if v not in ("", [], None)}
                rid = store.create(self.rtype, data, self.case_id)
            else:
                rid = self.record["id"]
                store.update(rid, {k: ("" if v in ([], None) else v) for k, v in values.items()})
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return None
        self.drop_draft()
        self.load(store.get(rid))
        self.saved.emit(rid)
        return rid

    def show_history(self) -> None:
        if self.record is None:
            return
        from ui.records.history_dialog import HistoryDialog

        HistoryDialog(self.session, self.record, self).exec()

    def delete(self) -> None:
        if self.record is None or self.read_only:
            return
        title = self.record["title"] or record_type_label(self.rtype)
        if not confirm(self, _("Delete record"),
                       _("Delete “{title}”?\n\nIt disappears from lists and search. Its "
                         "history stays in the vault, and the deletion travels in the next bundle "
                         "like any other change.").format(title=title)):
            return
        rid = self.record["id"]
        try:
            self.session.store.delete(rid)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        self.load(None)
        self.deleted.emit(rid)
