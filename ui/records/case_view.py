"""One case: Overview, People, Events (list + timeline), Testimonies, Notes, Attachments."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from fieldnotes.i18n import _
from ui.media.recorder import attach_recorder
from ui.records.attachments_tab import AttachmentsTab
from ui.records.events_tab import EventsTab
from ui.records.overview_tab import OverviewTab
from ui.records.record_tab import RecordTab


class CaseView(QTabWidget):
    case_changed = Signal(str)   # title or deletion: the case list must refresh

    def __init__(self, session, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.case_id = session, case_id
        self.setDocumentMode(True)
        self.overview = OverviewTab(session, case_id)
        self.tabs_by_type = {
            "person": RecordTab(session, "person", case_id),
            "event": EventsTab(session, case_id),
            "testimony": RecordTab(session, "testimony", case_id),
            "note": RecordTab(session, "note", case_id),
            "attachment": AttachmentsTab(session, case_id),
        }
        self.addTab(self.overview, _("Overview"))
        for rtype, text in (("person", _("People")), ("event", _("Events")),
                            ("testimony", _("Testimonies")), ("note", _("Notes")),
                            ("attachment", _("Attachments"))):
            self.addTab(self.tabs_by_type[rtype], text)
        # A case from someone's bundle is theirs: its records are read-only here, and
        # nothing of this vault's is added to it.
        self.imported = bool(session.store.get(case_id)["origin"])
        for tab in self.tabs_by_type.values():
            tab.set_case_read_only(self.imported)
        self.overview.changed.connect(lambda: self.case_changed.emit(case_id))
        for tab in self.tabs_by_type.values():
            tab.changed.connect(self._record_changed)
        self.record_button = attach_recorder(self)  # testimony: "Record interview…"
        self._shown = self.currentIndex()
        self.currentChanged.connect(self._tab_changed)

    def forms(self) -> list:
        """Every record form of the case (the overview's and each tab's)."""
        return [self.overview.form] + [tab.form for tab in self.tabs_by_type.values()
                                       if hasattr(tab, "form")]

    def unsaved_forms(self) -> list:
        return [f for f in self.forms() if f.dirty]

    def _form_of(self, index: int):
        return getattr(self.widget(index), "form", None)

    def _tab_changed(self, index: int) -> None:
        """Leaving a tab with unsaved edits asks first; Cancel goes back to it."""
        left, self._shown = self._form_of(self._shown), index
        if left is not None and not left.settle():
            previous = next(i for i in range(self.count()) if self._form_of(i) is left)
            self.blockSignals(True)
            self.setCurrentIndex(previous)
            self.blockSignals(False)
            self._shown = previous

    def show_tab(self, widget) -> bool:
        """Bring a tab to the front; False if the user chose to stay where unsaved edits are."""
        self.setCurrentWidget(widget)
        return self.currentWidget() is widget

    def _record_changed(self) -> None:
        self.overview.reload()
        self.case_changed.emit(self.case_id)   # the case list shows what each case holds
        # People and events appear in other forms' choices (interviewee, links).
        for rtype in ("testimony", "attachment"):
            tab = self.tabs_by_type[rtype]
            if hasattr(tab, "form"):
                tab.form.refresh_refs()

    def open_record(self, record: dict) -> None:
        rtype = record["type"]
        if rtype == "case":
            self.show_tab(self.overview)
            return
        if rtype == "link":
            rtype = "event"
        tab = self.tabs_by_type.get(rtype)
        if tab is None:
            return
        if not self.show_tab(tab):
            return
        tab.reload()
        tab.select(record["data"].get("event_id", record["id"]) if record["type"] == "link"
                   else record["id"])

    def clear(self) -> None:
        self.overview.clear()
        for tab in self.tabs_by_type.values():
            tab.clear()
