"""Show an attachment inside the app, from memory only.

Every kind is read through a :class:`ui.media.blob_device.BlobDevice` over the stored,
sealed chunks: images (EXIF orientation applied), text, PDFs (QtPdf), recordings and other
audio (with their markers), and video where Qt's backend can play it from a device. Nothing
becomes a file. The metadata read at intake is listed beside it, identifying items marked;
a JPEG or PNG can get a working copy without them ("Make working copy"). Other types get a
panel saying so, with an explicit "Save decrypted copy…" that warns first, writes with
``attachments.copy_out`` on the worker and records ``attachment.saved_copy`` in the audit log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import attachments
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.media import copies, strip
from fieldnotes.records.store import Store
from ui.media.blob_device import open_device
from ui.media.player import PlayerPanel
from ui.media.viewers import ImagePage, PdfPage, TextPage, facts_lines
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, ProgressPanel, confirm, human_size, label
from ui.workers import Worker

TEXT_TYPES = ("text/", "application/json", "application/xml")


def save_warning() -> str:
    return _("A decrypted copy is an ordinary file: anyone who gets this computer or that drive "
             "can read it, and deleting it later does not reliably erase it. Save a copy only "
             "when you must, preferably to an encrypted drive.\n\nThe copy will be noted in the "
             "vault's audit log.")


def kind_of(mime: str) -> str:
    if mime.startswith("image/") and mime != "image/svg+xml":
        return "image"
    if mime.startswith(TEXT_TYPES):
        return "text"
    if mime == "application/pdf":
        return "pdf"
    if mime.startswith("audio/"):
        return "audio"
    if mime.startswith("video/"):
        return "video"
    return "other"


class AttachmentViewer(QWidget):
    working_copy_made = Signal(str)  # the new attachment's id

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.record: dict | None = None
        self.device = None
        self.title = label("", "subtitle")
        self.facts = label("", "hint")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        self.image_page = ImagePage()
        self.text = TextPage()
        self.pdf = PdfPage()
        self.player = PlayerPanel()
        self.other = label("", "")
        self.other.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty = label(_("Select an attachment to view it here."), "hint")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blank = QWidget()    # under an error: nothing that contradicts it
        self.stack = QStackedWidget()
        for w in (empty, self.image_page, self.text, self.other, self.pdf, self.player,
                  self.blank):
            self.stack.addWidget(w)
        self.copy_button = QPushButton(_("Make working copy"))
        self.copy_button.setToolTip(_("A copy without GPS position, serial numbers, owner and "
                                      "other identifying metadata, for sharing. The original "
                                      "stays as it is."))
        self.copy_button.clicked.connect(self.make_working_copy)
        self.save_button = QPushButton(_("Save decrypted copy…"))
        self.save_button.clicked.connect(self.save_copy)
        self.progress = ProgressPanel()
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.facts)
        lay.addWidget(self.error)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.progress)
        self.clear()

    # -- showing ------------------------------------------------------------------------------

    def show_record(self, record: dict | None) -> None:
        self.clear()
        self.record = record
        if record is None:
            return
        data = record["data"]
        mime = data.get("mime", "application/octet-stream")
        parts = [data["filename"], mime, human_size(data["size"])]
        if record["origin"]:
            parts.append(_("from {who}").format(who=self.session.who(record["origin"])))
        self.title.setText(" · ".join(parts))
        self.facts.setText("\n".join(self._relations(record) + facts_lines(
            dict(data.get("metadata", {}), **({"duration_ms": data["duration_ms"]}
                                             if "duration_ms" in data else {})))))
        self.facts.setVisible(bool(self.facts.text()))
        self.save_button.setEnabled(True)
        self.copy_button.setVisible(strip.supported(mime) and not data.get("working_copy_of"))
        kind = kind_of(mime)
        if kind == "other":
            self.other.setText(_("{name} cannot be shown inside Fieldnotes.\n\nIt stays "
                                 "encrypted in the vault. If you need it in another program, "
                                 "use “Save decrypted copy…”.").format(name=data["filename"]))
            self.stack.setCurrentWidget(self.other)
            return
        try:
            self.device = open_device(self.session.vault, data["sha256"])
        except FieldnotesError as exc:   # its file is missing or damaged: nothing can work
            self._cannot_show(exc.message, actions_work=False)
            return
        page = {"image": self.image_page, "text": self.text, "pdf": self.pdf}.get(kind)
        if page is None:
            self.player.load(self.device, data["filename"], data, video=kind == "video")
            self.device = None  # the player owns it now
            self.stack.setCurrentWidget(self.player)
            return
        problem = page.load(self.device)
        if problem:   # readable from the vault, not by the viewer: a copy may still open
            self._cannot_show(problem, actions_work=True)
            return
        self.stack.setCurrentWidget(page)

    def _cannot_show(self, message: str, actions_work: bool) -> None:
        """Only the error where the attachment would be, and no button that cannot work."""
        self.error.show_error(message)
        self.stack.setCurrentWidget(self.blank)
        self.save_button.setEnabled(actions_work)
        if not actions_work:
            self.copy_button.hide()

    def _relations(self, record: dict) -> list[str]:
        data, store = record["data"], self.session.store
        lines = []
        if data.get("working_copy_of"):
            try:
                name = store.get(data["working_copy_of"])["data"]["filename"]
            except FieldnotesError:
                name = data["working_copy_of"]
            lines.append(_("Working copy of {name}; removed: {what}.").format(
                name=name, what=", ".join(data.get("stripped", [])) or "—"))
        elif strip.supported(data.get("mime", "")):
            made = copies.working_copies(store, record["id"])
            if made:
                lines.append(_("Working copy: {name}").format(
                    name=made[-1]["data"]["filename"]))
        return lines

    @property
    def shown_image(self):
        return self.image_page.image

    def clear(self) -> None:
        self.record = None
        self.image_page.clear()
        self.text.clear()
        self.pdf.clear()
        self.player.unload()
        if self.device is not None:
            self.device.close()
            self.device = None
        self.other.clear()
        self.title.clear()
        self.facts.clear()
        self.facts.hide()
        self.error.clear()
        self.save_button.setEnabled(False)
        self.copy_button.hide()
        self.stack.setCurrentIndex(0)

    # -- actions ------------------------------------------------------------------------------

    def make_working_copy(self) -> Worker | None:
        if self.record is None:
            return None
        rid, author = self.record["id"], self.session.fingerprint
        worker = Worker(self)
        worker.failed.connect(self.error.show_error)
        worker.succeeded.connect(lambda result: self.working_copy_made.emit(result[0]))
        self.progress.follow(worker, _("Making a working copy…"))
        worker.start(lambda conn, job: copies.make_working_copy(Store(conn, author), rid, job),
                     vault=self.session.vault)
        return worker

    def save_copy(self) -> None:
        if self.record is None:
            return
        if not confirm(self, _("Save a decrypted copy?"), save_warning(), warning=True,
                       yes=QMessageBox.StandardButton.Save):
            return
        target = file_dialogs.save_file(self, _("Save decrypted copy"),
                                        self.record["data"]["filename"])
        if not target:
            return
        self.start_save(target)

    def start_save(self, target: str) -> Worker:
        sha, rid = self.record["data"]["sha256"], self.record["id"]

        def work(conn, job):
            return attachments.save_copy(conn, rid, sha, target, job)

        worker = Worker(self)
        worker.failed.connect(self.error.show_error)
        worker.succeeded.connect(lambda n: self.title.setText(
            self.title.text() + " — " + _("decrypted copy saved ({size})").format(
                size=human_size(n))))
        self.progress.follow(worker, _("Saving decrypted copy…"))
        worker.start(work, vault=self.session.vault)
        return worker
