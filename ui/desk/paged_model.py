"""A table model that fetches its rows a page at a time, as the view scrolls (canFetchMore /
fetchMore), so a list over a million records opens at once and scrolls smoothly.

``fetch(after, limit)`` is a core function returning the next ``limit`` rows (dicts) after the
key of the last row held (None for the first page); ``key`` names that field. Columns are
(title, function of the row dict -> text)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
_ROOT = QModelIndex()


class PagedModel(QAbstractTableModel):
    def __init__(self, columns: list[tuple[str, Callable[[dict], str]]], key: str, parent=None):
        super().__init__(parent)
        self.columns, self.key = columns, key
        self.rows: list[dict] = []
        self._fetch: Callable[[object, int], list[dict]] | None = None
        self._more = False

    def reset(self, fetch: Callable[[object, int], list[dict]] | None) -> None:
        """Start over with a new source (new filters); loads the first page."""
        self.beginResetModel()
        self.rows, self._fetch, self._more = [], fetch, fetch is not None
        self.endResetModel()
        if self._more:
            self.fetchMore(_ROOT)

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent=_ROOT) -> bool:  # noqa: N802 (Qt)
        return not parent.isValid() and self._more

    def fetchMore(self, parent=_ROOT) -> None:  # noqa: N802 (Qt)
        if parent.isValid() or not self._more or self._fetch is None:
            return
        after = self.rows[-1][self.key] if self.rows else None
        page = self._fetch(after, PAGE)
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(_ROOT, len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](row)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None


def fit_columns(view, columns) -> None:
    """Make ``columns`` of ``view`` as wide as the rows loaded so far need — whole names and
    dates, not "Mei …" — while one stretching column takes the rest. Call it after a reset,
    not per fetched page: a page is all it measures."""
    for col in columns:
        view.resizeColumnToContents(col)
