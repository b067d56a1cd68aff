"""Events: the list sorted by date above a timeline; the form (and who was involved) beside."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
)

from fieldnotes.errors import FieldnotesError
from fieldnotes.records import vocab
from ui.records.record_tab import RecordTab
from ui.records.timeline import TimelineWidget
from ui.widgets.basic import ErrorLabel, ok_cancel


class EventsTab(RecordTab):
    def __init__(self, session, case_id: str, parent=None):
        self.timeline = TimelineWidget()
        super().__init__(session, "event", case_id, parent)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.timeline)
        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.addWidget(self.left)
        vsplit.addWidget(scroll)
        vsplit.setSizes([300, 300])
        self.split.insertWidget(0, vsplit)
        self.split.setSizes([430, 570])
        self.timeline.event_clicked.connect(self.select)

        self.people = QListWidget()
        self.people.setMaximumHeight(110)
        add = QPushButton("Add a person…")
        add.clicked.connect(self._add_link)
        box = QGroupBox("People involved")
        bl = QVBoxLayout(box)
        bl.addWidget(self.people)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(add)
        bl.addLayout(row)
        self.people_box = box
        self.form.layout().insertWidget(self.form.layout().count() - 1, box)
        self.form.saved.connect(lambda _rid: self._show_people())
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_people())
        self._show_people()

    def reload(self, select: str | None = None) -> None:
        super().reload(select)
        self.timeline.set_events(self.model.records())
        if hasattr(self, "people"):
            self._show_people()

    def select(self, record_id: str) -> bool:
        ok = super().select(record_id)
        self.timeline.select(record_id)
        return ok

    def clear(self) -> None:
        super().clear()
        self.timeline.clear()
        self.people.clear()

    def _links(self) -> list[dict]:
        rec = self.form.record
        if rec is None:
            return []
        return [lk for lk in self.session.store.list("link", case_id=self.case_id)
                if lk["data"]["event_id"] == rec["id"]]

    def _show_people(self) -> None:
        self.people.clear()
        rec = self.form.record
        self.people_box.setEnabled(rec is not None and not rec["origin"])
        if rec is None:
            return
        for lk in self._links():
            try:
                person = self.session.store.get(lk["data"]["person_id"])["title"]
            except FieldnotesError:
                person = "(removed)"
            self.people.addItem(f"{person} — {vocab.ROLES.get(lk['data']['role'], '')}")

    def _add_link(self) -> None:
        if self.form.record is None:
            return
        dialog = LinkDialog(self.session, self.case_id, self.form.record["id"], self)
        if dialog.exec() == QDialog.DialogCode.Accepted and not self.session.vault.locked:
            self._show_people()


class LinkDialog(QDialog):
    """Tie a person of the case to an event, in a role (victim, witness, …)."""

    def __init__(self, session, case_id: str, event_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Add a person to this event")
        self.session, self.case_id, self.event_id = session, case_id, event_id
        self.person = QComboBox()
        for rec in session.store.list("person", case_id=case_id):
            self.person.addItem(rec["title"], rec["id"])
        self.role = QComboBox()
        for key, text in vocab.ROLES.items():
            self.role.addItem(text, key)
        self.error = ErrorLabel()
        if self.person.count() == 0:
            self.error.show_error("Add the person on the People tab first.")
        form = QFormLayout()
        form.addRow("Person", self.person)
        form.addRow("Role", self.role)
        buttons = ok_cancel(self, self._save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    def _save(self) -> None:
        try:
            self.session.store.create("link", {"person_id": self.person.currentData() or "",
                                               "event_id": self.event_id,
                                               "role": self.role.currentData()}, self.case_id)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        self.accept()
