"""A case's overview: its own fields (editable unless imported) and what it holds."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fieldnotes.i18n import _
from ui.models import queries
from ui.models.counting import COUNTED, count_of
from ui.records.record_form import RecordForm


class OverviewTab(QWidget):
    changed = Signal()

    def __init__(self, session, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.case_id = session, case_id
        self.form = RecordForm(session, "case", None)
        self.form.saved.connect(lambda _rid: self.changed.emit())
        self.form.deleted.connect(lambda _rid: self.changed.emit())
        box = QGroupBox(_("In this case"))
        row = QHBoxLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for rtype in COUNTED:
            lab = QLabel()
            self.count_labels[rtype] = lab
            row.addWidget(lab)
            row.addStretch()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(box)
        lay.addWidget(self.form, 1)
        self.reload()

    def reload(self) -> None:
        self.form.load(self.session.store.get(self.case_id))
        counts = queries.counts_by_type(self.session.conn, self.case_id)
        for rtype in COUNTED:
            self.count_labels[rtype].setText(count_of(rtype, counts.get(rtype, 0)))

    def counts(self) -> dict[str, int]:
        return queries.counts_by_type(self.session.conn, self.case_id)

    def clear(self) -> None:
        self.form.clear()
