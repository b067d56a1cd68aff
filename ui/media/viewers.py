"""The pages that show an attachment from memory: image, text, PDF, and its metadata.

Each reads through a :class:`ui.media.blob_device.BlobDevice`, so only the bytes needed are
opened and nothing is written anywhere: an image is decoded by ``QImageReader`` with its EXIF
orientation applied, a PDF is rendered by QtPdf straight from the device, text is decoded from
its first ``TEXT_LIMIT`` bytes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from fieldnotes.i18n import N_, _
from fieldnotes.media import metadata

TEXT_LIMIT = 8 << 20
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})\b")
FACT_LABELS = {
    "captured": N_("Taken"), "modified": N_("Changed"), "utc_offset": N_("Time zone"),
    "make": N_("Camera make"), "model": N_("Camera model"), "software": N_("Software"),
    "serial": N_("Serial number"), "lens_serial": N_("Lens serial number"),
    "owner": N_("Owner"), "artist": N_("Author"), "copyright": N_("Copyright"),
    "gps": N_("GPS position"), "xmp": N_("XMP metadata"), "orientation": N_("Orientation"),
    "duration_ms": N_("Duration"), "sample_rate": N_("Sample rate"), "channels": N_("Channels"),
    "bitrate": N_("Bit rate"), "codec": N_("Encoding"),
}


def fact_text(key: str, value) -> str:
    if key == "gps" and isinstance(value, dict):
        return "{lat}, {lon}".format(lat=value.get("lat", "?"), lon=value.get("lon", "?"))
    if key == "duration_ms":
        s = int(value) // 1000
        return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
    if key == "sample_rate":
        return f"{value} Hz"  # a unit symbol, the same in every language
    if value is True:
        return _("present")
    if key in ("captured", "modified"):   # EXIF writes dates "2026:11:29 10:15:00"
        return _EXIF_DATE.sub(r"\1-\2-\3", str(value))
    return str(value)


def facts_lines(meta: dict) -> list[str]:
    """One line per fact, identifying ones marked, in a stable order."""
    flagged = set(metadata.identifying(meta))
    lines = []
    for key in FACT_LABELS:
        if key in meta:
            line = _("{label}: {value}").format(label=_(FACT_LABELS[key]),
                                                value=fact_text(key, meta[key]))
            lines.append(line + ("  ⚠" if key in flagged else ""))
    return lines


class ImagePage(QScrollArea):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.image: QImage | None = None

    def load(self, device) -> str:
        """Decode the image; returns an error sentence or ""."""
        reader = QImageReader(device)
        reader.setAutoTransform(True)  # EXIF orientation
        image = reader.read()
        if image.isNull():
            return _("This image could not be decoded.")
        self.image = image
        self.fit()
        return ""

    def fit(self) -> None:
        if self.image is None:
            return
        pix = QPixmap.fromImage(self.image)
        avail = self.viewport().size()
        if pix.width() > avail.width() or pix.height() > avail.height():
            pix = pix.scaled(avail, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(pix)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def clear(self) -> None:
        self.image = None
        self.label.clear()


class TextPage(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)

    def load(self, device) -> str:
        data = bytes(device.read(TEXT_LIMIT))
        text = data.decode("utf-8", errors="replace")
        if device.size() > TEXT_LIMIT:
            text += "\n\n" + _("[Only the first 8 MiB are shown.]")
        self.setPlainText(text)
        return ""


class PdfPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self.device = None

    def load(self, device) -> str:
        self.device = device  # the document reads from it while it is shown
        self.document.load(device)
        if self.document.status() == QPdfDocument.Status.Error or self.document.pageCount() < 1:
            return _("This PDF could not be opened; it may be damaged or protected by a "
                     "password.")
        return ""

    def clear(self) -> None:
        self.document.close()
        self.device = None
