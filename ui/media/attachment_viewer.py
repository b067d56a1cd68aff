"""Show an attachment inside the app, from memory only.

Images are decoded with ``QImage.loadFromData`` from ``attachments.read_all`` and text is
decoded as UTF-8 into a read-only editor: the bytes never become a file. Other types get a
panel saying so, with an explicit "Save decrypted copy…" that warns first, writes with
``attachments.copy_out`` on the worker and records ``attachment.saved_copy`` in the audit log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import attachments, audit
from fieldnotes.errors import FieldnotesError
from fieldnotes.vault import transaction
from ui.widgets import file_dialogs
from ui.widgets.basic import ErrorLabel, ProgressPanel, confirm, human_size, label
from ui.workers import Worker

TEXT_TYPES = ("text/", "application/json", "application/xml")
VIEW_LIMIT = 64 << 20
SAVE_WARNING = (
    "A decrypted copy is an ordinary file: anyone who gets this computer or that drive can "
    "read it, and deleting it later does not reliably erase it. Save a copy only when you must, "
    "preferably to an encrypted drive.\n\nThe copy will be noted in the vault's audit log.")


def kind_of(mime: str) -> str:
    if mime.startswith("image/") and mime != "image/svg+xml":
        return "image"
    if mime.startswith(TEXT_TYPES):
        return "text"
    return "other"


class AttachmentViewer(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.record: dict | None = None
        self.title = label("", "subtitle")
        self.error = ErrorLabel()
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll = QScrollArea()
        self.image_scroll.setWidgetResizable(True)
        self.image_scroll.setWidget(self.image)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.other = label("", "")
        self.other.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty = label("Select an attachment to view it here.", "hint")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        for w in (empty, self.image_scroll, self.text, self.other):
            self.stack.addWidget(w)
        self.save_button = QPushButton("Save decrypted copy…")
        self.save_button.clicked.connect(self.save_copy)
        self.save_button.setEnabled(False)
        self.progress = ProgressPanel()
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.progress)
        self._image: QImage | None = None

    def show_record(self, record: dict | None) -> None:
        self.clear()
        self.record = record
        if record is None:
            return
        data = record["data"]
        mime = data.get("mime", "application/octet-stream")
        origin = f" · from {self.session.who(record['origin'])}" if record["origin"] else ""
        self.title.setText(f"{data['filename']} · {mime} · {human_size(data['size'])}{origin}")
        self.save_button.setEnabled(True)
        kind = kind_of(mime)
        if kind == "other" or data["size"] > VIEW_LIMIT:
            self.other.setText(f"{data['filename']} cannot be shown inside Fieldnotes.\n\n"
                               "It stays encrypted in the vault. If you need it in another "
                               "program, use “Save decrypted copy…”.")
            self.stack.setCurrentWidget(self.other)
            return
        try:
            blob = attachments.read_all(self.session.conn, data["sha256"], VIEW_LIMIT)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        if kind == "image":
            image = QImage()
            if not image.loadFromData(blob):
                self.error.show_error("This image could not be decoded.")
                return
            self._image = image
            self._fit_image()
            self.stack.setCurrentWidget(self.image_scroll)
        else:
            self.text.setPlainText(blob.decode("utf-8", errors="replace"))
            self.stack.setCurrentWidget(self.text)

    def _fit_image(self) -> None:
        if self._image is None:
            return
        pix = QPixmap.fromImage(self._image)
        avail = self.image_scroll.viewport().size()
        if pix.width() > avail.width() or pix.height() > avail.height():
            pix = pix.scaled(avail, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pix)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_image()

    def clear(self) -> None:
        self.record = None
        self._image = None
        self.image.clear()
        self.text.clear()
        self.other.clear()
        self.title.clear()
        self.error.clear()
        self.save_button.setEnabled(False)
        self.stack.setCurrentIndex(0)

    @property
    def shown_image(self) -> QImage | None:
        return self._image

    def save_copy(self) -> None:
        if self.record is None:
            return
        if not confirm(self, "Save a decrypted copy?", SAVE_WARNING, warning=True,
                       yes=QMessageBox.StandardButton.Save):
            return
        target = file_dialogs.save_file(self, "Save decrypted copy", self.record["data"]["filename"])
        if not target:
            return
        self.start_save(target)

    def start_save(self, target: str) -> Worker:
        sha, rid = self.record["data"]["sha256"], self.record["id"]

        def work(conn, job):
            with open(target, "xb") as out:  # never overwrite silently: the dialog asked
                n = attachments.copy_out(conn, sha, out, job)
            with transaction(conn):
                audit.append(conn, "attachment.saved_copy", rid, {"sha256": sha, "size": n})
            return n

        worker = Worker(self)
        worker.failed.connect(self.error.show_error)
        worker.succeeded.connect(lambda n: self.title.setText(
            self.title.text() + f" — decrypted copy saved ({human_size(n)})"))
        self.progress.follow(worker, "Saving decrypted copy…")
        worker.start(_wrap_oserror(work), vault=self.session.vault)
        return worker


def _wrap_oserror(fn):
    def run(conn, job):
        try:
            return fn(conn=conn, job=job)
        except FileExistsError:
            raise FieldnotesError("A file with that name exists already; choose another "
                                  "name.") from None
        except OSError as exc:
            raise FieldnotesError(f"The copy could not be written: {exc.strerror}.") from None
    return run
