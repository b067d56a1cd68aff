"""One case: Overview, People, Events (list + timeline), Testimonies, Notes, Attachments."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

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
        self.addTab(self.overview, "Overview")
        for rtype, text in (("person", "People"), ("event", "Events"),
                            ("testimony", "Testimonies"), ("note", "Notes"),
                            ("attachment", "Attachments")):
            self.addTab(self.tabs_by_type[rtype], text)
        # A case from someone's bundle is theirs: its records are read-only here, and
        # nothing of this vault's is added to it.
        self.imported = bool(session.store.get(case_id)["origin"])
        for tab in self.tabs_by_type.values():
            tab.set_case_read_only(self.imported)
        self.overview.changed.connect(lambda: self.case_changed.emit(case_id))
        for tab in self.tabs_by_type.values():
            tab.changed.connect(self._record_changed)

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
            self.setCurrentWidget(self.overview)
            return
        if rtype == "link":
            rtype = "event"
        tab = self.tabs_by_type.get(rtype)
        if tab is None:
            return
        self.setCurrentWidget(tab)
        tab.reload()
        tab.select(record["data"].get("event_id", record["id"]) if record["type"] == "link"
                   else record["id"])

    def clear(self) -> None:
        self.overview.clear()
        for tab in self.tabs_by_type.values():
            tab.clear()
