"""A case's attachments: add files (on the worker, with progress and cancel) and view them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import attachments
from fieldnotes.bundle import receipts
from fieldnotes.i18n import _
from fieldnotes.records.store import Store
from fieldnotes.timeutil import local_text, utc_text
from ui.media.attachment_viewer import AttachmentViewer
from ui.models import queries
from ui.models.records import RecordListModel
from ui.widgets import file_dialogs
from ui.widgets.basic import (
    ErrorLabel,
    ProgressPanel,
    human_size,
    list_pane,
    side_by_side,
    wrap_list,
)
from ui.widgets.list_controls import ListControls
from ui.workers import Worker


class AttachmentsTab(QWidget):
    changed = Signal()

    def __init__(self, session, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.case_id = session, case_id
        self.model = RecordListModel(self)
        self.list = QListView()
        self.list.setAccessibleName(_("Attachments in this case"))
        self.list.setModel(self.model)
        wrap_list(self.list)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.add_button = QPushButton(_("Add files…"))
        self.add_button.clicked.connect(self.choose_files)
        self.controls = ListControls()
        self.controls.changed.connect(lambda: self.reload())
        self.error = ErrorLabel()
        self.progress = ProgressPanel()
        self.viewer = AttachmentViewer(session)
        pane = list_pane(self.add_button, self.list)
        pane.layout().insertWidget(1, self.controls)
        split = side_by_side(pane, self.viewer)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.progress)
        self._queue: list[Path] = []
        self.worker: Worker | None = None
        self.reload()

    def set_case_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)

    def records(self) -> list[dict]:
        """The case's attachments, each with a line saying what, how big and when."""
        recs = self.session.store.list("attachment", case_id=self.case_id)
        delivered = receipts.delivered_ids(self.session.conn, self.case_id)
        for rec in recs:
            data = rec["data"]
            rec["subtitle"] = _("{kind} · {size} · added {when}").format(
                kind=queries.kind_of(data.get("mime", "")), size=human_size(data["size"]),
                when=local_text(rec["created"]))
            rec["delivered"] = rec["id"] in delivered
            rec["hover"] = _("Added {when}").format(when=utc_text(rec["created"]))
        return self.controls.sorted(recs)

    def reload(self, select: str | None = None) -> None:
        current = self.list.currentIndex()
        keep = self.model.data(current, Qt.ItemDataRole.UserRole) if current.isValid() else None
        self.model.set_records(self.records())
        self.controls.apply_filter(self.list, self.model)
        if select or keep:
            self.select(select or keep)

    def select(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        self.list.setCurrentIndex(self.model.index(row))
        return True

    def choose_files(self) -> None:
        files = file_dialogs.open_files(self, _("Add files to this case"), multiple=True)
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        """Attach files one after the other on the worker."""
        self._queue.extend(paths)
        if self.worker is None or not self.worker.running:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self.add_button.setEnabled(True)
            return
        path = self._queue.pop(0)
        case_id, author = self.case_id, self.session.fingerprint
        self.error.clear()
        self.add_button.setEnabled(False)
        worker = Worker(self)
        self.worker = worker
        worker.succeeded.connect(self._added)
        worker.failed.connect(self._failed)
        self.progress.follow(worker, _("Adding {name}…").format(name=path.name))
        worker.start(lambda conn, job: attachments.attach_file(Store(conn, author), case_id, path,
                                                               job=job),
                     vault=self.session.vault)

    def _added(self, result) -> None:
        rid, _sha = result
        self.reload(select=rid)
        self.changed.emit()
        self._next()

    def _failed(self, message: str) -> None:
        self.error.show_error(message)
        self._queue.clear()
        self.add_button.setEnabled(True)

    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            rid = self.model.data(current, Qt.ItemDataRole.UserRole)
            self.viewer.show_record(self.session.store.get(rid))
        else:
            self.viewer.show_record(None)

    def clear(self) -> None:
        self._queue.clear()
        self.model.clear()
        self.viewer.clear()
