"""One record type of a case: a list with "New …" on the left, the record's form on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes.bundle import receipts
from fieldnotes.i18n import _
from ui.models import queries
from ui.models.records import RecordListModel
from ui.records.record_form import RecordForm
from ui.widgets.basic import list_pane, side_by_side, wrap_list
from ui.widgets.list_controls import ListControls


class RecordTab(QWidget):
    changed = Signal()   # a record was saved or deleted (counts, other tabs' ref combos)

    def __init__(self, session, rtype: str, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.rtype, self.case_id = session, rtype, case_id
        self._quiet = False
        self.model = RecordListModel(self)
        self.list = QListView()
        self.list.setAccessibleName(_("Records in this case: {kind}").format(
            kind=queries.noun(rtype)))
        self.list.setModel(self.model)
        wrap_list(self.list)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.new_button = QPushButton(queries.new_label(rtype))
        self.new_button.clicked.connect(self.new_record)
        self.form = RecordForm(session, rtype, case_id)
        self.form.saved.connect(self._saved)
        self.form.deleted.connect(self._deleted)

        self.controls = ListControls()
        self.controls.changed.connect(lambda: self.reload())
        self.left = list_pane(self.new_button, self.list)
        self.left.layout().insertWidget(1, self.controls)
        # Beside a testimony's own text (its own pane), the list of titles takes less room.
        self.split = side_by_side(self.left, self.form, sizes=(
            (200, 800) if self.form.narrative is not None else (300, 700)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.split)
        self.reload()

    def set_case_read_only(self, read_only: bool) -> None:
        """A case that came in a bundle: its records are shown, nothing is added to it."""
        self.new_button.setVisible(not read_only)
        self.form.case_read_only = read_only
        self.form.load(self.form.record)

    def records(self) -> list[dict]:
        recs = self.session.store.list(self.rtype, case_id=self.case_id)
        delivered = receipts.delivered_ids(self.session.conn, self.case_id)
        for rec in recs:
            rec["delivered"] = rec["id"] in delivered
        return self.controls.sorted(recs)

    def reload(self, select: str | None = None) -> None:
        current = select or (self.form.record["id"] if self.form.record else None)
        self.model.set_records(self.records())
        self.controls.apply_filter(self.list, self.model)
        self.form.refresh_refs()
        if current and self.select(current):
            return
        if self.form.dirty:   # unsaved edits stay in the form, and their record stays chosen
            row = self.model.row_of(self.form.record["id"]) if self.form.record else -1
            self._set_current(self.model.index(row) if row >= 0 else QModelIndex())
            return
        self.form.load(None)

    def select(self, record_id: str) -> bool:
        """Show a record. Unsaved edits of another one are settled first (False: Cancel)."""
        same = self.form.record is not None and self.form.record["id"] == record_id
        if not same and not self.form.settle():
            return False
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        if not (same and self.form.dirty):
            self.form.load(self.session.store.get(record_id))
        idx = self.model.index(row)
        self._set_current(idx)   # after loading: what follows the list sees the record shown
        self.list.scrollTo(idx)
        return True

    def new_record(self) -> None:
        if not self.form.settle():
            return
        # No current row either: clicking the record chosen before must open it again, not
        # leave the blank form showing (a Save there would make a duplicate).
        self._set_current(QModelIndex())
        self.form.refresh_refs()
        self.form.load(None)
        first = next(iter(self.form.editors.values()))
        first.widget.setFocus()

    def clear(self) -> None:
        self.model.clear()
        self.form.clear()

    def _set_current(self, index) -> None:
        """Move the list's current row without it counting as the user choosing a record."""
        self._quiet = True
        try:
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._quiet = False

    def _current_changed(self, current, previous) -> None:
        if self._quiet or not current.isValid():
            return
        rid = self.model.data(current, Qt.ItemDataRole.UserRole)
        if self.form.record and self.form.record["id"] == rid:
            return
        if not self.form.settle():   # Cancel: stay on the record being edited
            self._set_current(previous if self.form.record else QModelIndex())
            return
        self.select(rid)   # by id: a Save just now may have reloaded and re-sorted the list

    def unsaved_forms(self) -> list:
        return [self.form] if self.form.dirty else []

    def _saved(self, record_id: str) -> None:
        self.reload(select=record_id)
        self.changed.emit()

    def _deleted(self, _record_id: str) -> None:
        self.reload()
        self.changed.emit()
