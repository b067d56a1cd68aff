"""A list model over record dicts as the Store returns them."""

from __future__ import annotations

import functools

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from fieldnotes.i18n import _
from ui.models.queries import list_title

ID_ROLE = Qt.ItemDataRole.UserRole
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


@functools.cache
def _italic() -> QFont:
    """One italic font for every row from a bundle. Made once: under PySide6 6.12 on Python
    3.11 each call of a method returning nothing (setItalic) takes a reference from None, and
    a list of a thousand imported cases, painted and scrolled, aborted the app."""
    font = QFont()
    font.setItalic(True)
    return font


class RecordListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[dict] = []

    def set_records(self, records: list[dict]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def clear(self) -> None:
        self.set_records([])

    def records(self) -> list[dict]:
        return list(self._records)

    def row_of(self, record_id: str) -> int:
        for i, rec in enumerate(self._records):
            if rec["id"] == record_id:
                return i
        return -1

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._records)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = list_title(rec)
            if rec.get("subtitle"):
                text += "\n" + rec["subtitle"]
            if rec.get("delivered"):
                text += "  ·  " + _("✓ delivered")
            return text
        if role == ID_ROLE:
            return rec["id"]
        if role == RECORD_ROLE:
            return rec
        if role == Qt.ItemDataRole.FontRole and rec.get("origin"):
            return _italic()
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [rec["hover"]] if rec.get("hover") else []
            if rec.get("origin"):
                lines.append(_("From another researcher's bundle (read-only)"))
            if rec.get("delivered"):
                lines.append(_("Delivered: a receipt confirmed your coordinator received this "
                               "version. More ▸ Purge delivered records removes it from this "
                               "computer."))
            return "\n".join(lines) or None
        return None
