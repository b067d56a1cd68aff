"""Events: the list sorted by date above a timeline; the form (and who was involved) beside."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
)

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.records import vocab
from ui.records.record_tab import RecordTab
from ui.records.timeline import TimelineWidget
from ui.widgets.basic import ErrorLabel, confirm, ok_cancel


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
        self.people.setAccessibleName(_("People involved"))
        add = QPushButton(_("Add a person…"))
        add.clicked.connect(self._add_link)
        self.role_button = QPushButton(_("Change role…"))
        self.role_button.clicked.connect(self.change_role)
        self.unlink_button = QPushButton(_("Remove from event"))
        self.unlink_button.clicked.connect(self.remove_link)
        self.people.currentRowChanged.connect(lambda _r: self._link_buttons())
        box = QGroupBox(_("People involved"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.people)
        row = QHBoxLayout()
        row.addWidget(self.role_button)
        row.addWidget(self.unlink_button)
        row.addStretch()
        row.addWidget(add)
        bl.addLayout(row)
        self.people_box = box
        self.form.layout().insertWidget(self.form.layout().count() - 1, box)
        self.form.saved.connect(lambda _rid: self._show_people())
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_people())
        # The timeline follows the list: the chosen event is highlighted and scrolled to.
        self.timeline_scroll = scroll
        self.list.selectionModel().currentChanged.connect(lambda *_: self._follow())
        self._show_people()

    def reload(self, select: str | None = None) -> None:
        super().reload(select)
        self.timeline.set_events(self.model.records())
        if hasattr(self, "people"):
            self._show_people()

    def select(self, record_id: str) -> bool:
        ok = super().select(record_id)
        self._follow()
        return ok

    def _follow(self) -> None:
        rec = self.form.record
        self.timeline.select(rec["id"] if rec else None)
        box = self.timeline.row_rect(rec["id"]) if rec else None
        if box is not None and hasattr(self, "timeline_scroll"):
            self.timeline_scroll.ensureVisible(0, int(box.center().y()), 0,
                                               int(box.height()))

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
                person = _("(a person no longer in this case)")
            item = QListWidgetItem(f"{person} — {_(vocab.ROLES.get(lk['data']['role'], ''))}")
            item.setData(Qt.ItemDataRole.UserRole, lk)
            self.people.addItem(item)
        self._link_buttons()

    def _link_buttons(self) -> None:
        chosen = self.people.currentItem() is not None
        self.role_button.setEnabled(chosen)
        self.unlink_button.setEnabled(chosen)

    def current_link(self) -> dict | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def change_role(self) -> None:
        link = self.current_link()
        if link is None:
            return
        labels = [_(text) for text in vocab.ROLES.values()]
        keys = list(vocab.ROLES)
        now = keys.index(link["data"]["role"]) if link["data"]["role"] in keys else 0
        text, ok = QInputDialog.getItem(self, _("Change role"), _("Role in this event:"),
                                        labels, now, False)
        if ok and not self.session.vault.locked:
            self.set_role(link["id"], keys[labels.index(text)])

    def set_role(self, link_id: str, role: str) -> None:
        try:
            self.session.store.update(link_id, {"role": role})
        except FieldnotesError as exc:
            self.form.error.show_error(exc.message)
        self._show_people()

    def remove_link(self) -> None:
        link = self.current_link()
        if link is None:
            return
        if not confirm(self, _("Remove from event"),
                       _("Remove this person from the event? The person and the event stay; "
                         "only the link between them is deleted (its history is kept).")):
            return
        try:
            self.session.store.delete(link["id"])
        except FieldnotesError as exc:
            self.form.error.show_error(exc.message)
        self._show_people()

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
        self.setWindowTitle(_("Add a person to this event"))
        self.session, self.case_id, self.event_id = session, case_id, event_id
        self.person = QComboBox()
        for rec in session.store.list("person", case_id=case_id):
            self.person.addItem(rec["title"], rec["id"])
        self.role = QComboBox()
        for key, text in vocab.ROLES.items():
            self.role.addItem(_(text), key)
        self.error = ErrorLabel()
        if self.person.count() == 0:
            self.error.show_error(_("Add the person on the People tab first."))
        form = QFormLayout()
        form.addRow(_("Person"), self.person)
        form.addRow(_("Role"), self.role)
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
