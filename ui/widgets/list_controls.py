"""Filter and sort for a record list: a filter box and a sort order above the list.

Sorting reorders the records in the model; filtering hides the rows that do not match (so the
model's rows stay the records' positions, which the tabs rely on).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QListView, QWidget

from fieldnotes.i18n import N_, _
from ui.models.counting import WORD_JOINER
from ui.models.queries import list_title, sort_key

# (label, key function, newest first?)
SORTS: list[tuple[str, Callable[[dict], tuple], bool]] = [
    (N_("By date"), sort_key, False),
    (N_("By title"), lambda r: (list_title(r).casefold(),), False),
    (N_("Last saved first"), lambda r: (r.get("updated") or "",), True),
]


class ListControls(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(_("Filter the list"))
        self.sort = QComboBox()
        self.sort.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sort.setMinimumContentsLength(6)   # narrow panes keep room for the filter
        self.sort.setAccessibleName(_("Sort the list"))
        for text, _key, _rev in SORTS:
            self.sort.addItem(_(text))
        self.filter.textChanged.connect(lambda _t: self.changed.emit())
        self.sort.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter, 1)
        row.addWidget(self.sort)

    def sorted(self, records: list[dict]) -> list[dict]:
        _text, key, reverse = SORTS[max(self.sort.currentIndex(), 0)]
        return sorted(records, key=key, reverse=reverse)

    def matches(self, text: str) -> bool:
        words = self.filter.text().casefold().split()
        hay = text.casefold().replace(WORD_JOINER, "")  # what keeps a count on one line
        return all(w in hay for w in words)

    def apply_filter(self, view: QListView, model) -> int:
        """Hide the rows that do not match; returns how many stay visible."""
        shown, everything = 0, not self.filter.text().split()
        for row in range(model.rowCount()):
            keep = everything or self.matches(str(model.data(model.index(row)) or ""))
            if view.isRowHidden(row) == keep:  # touch only the rows that change: cheaper,
                view.setRowHidden(row, not keep)   # and each call costs None a reference
            shown += keep                          # under PySide6 6.12 on Python 3.11
        return shown
