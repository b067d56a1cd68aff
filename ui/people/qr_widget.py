"""A QR code painted with QPainter from ``qrcode``'s module matrix: no image file is made."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from fieldnotes.i18n import _

QUIET = 4  # modules of white border, as the QR standard asks


def qr_matrix(text: str) -> list[list[bool]]:
    """The module matrix (True = dark), without the quiet zone."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


class QrWidget(QWidget):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.matrix: list[list[bool]] = []
        self.text = ""
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.text = text
        self.matrix = qr_matrix(text) if text else []
        self.setToolTip(_("Your card as a QR code: a contact can scan it instead of typing"))
        self.update()

    def clear(self) -> None:
        self.set_text("")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, 260)

    def heightForWidth(self, w: int) -> int:  # noqa: N802
        return w

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        side = min(self.width(), self.height())
        x0 = (self.width() - side) / 2
        y0 = (self.height() - side) / 2
        p.fillRect(QRectF(x0, y0, side, side), QColor("white"))
        if not self.matrix:
            p.end()
            return
        n = len(self.matrix) + 2 * QUIET
        cell = side / n
        dark = QColor("black")
        for r, row in enumerate(self.matrix):
            for c, on in enumerate(row):
                if on:
                    # Slight overlap so antialiasing seams never appear between modules.
                    p.fillRect(QRectF(x0 + (c + QUIET) * cell, y0 + (r + QUIET) * cell,
                                      cell + 0.5, cell + 0.5), dark)
        p.end()
