"""Search hits (``fieldnotes.search.search``) as a list model, snippets rendered as HTML.

The core marks hits in a snippet with U+0002 … U+0003; they become <b>…</b> after the text is
HTML-escaped, so nothing in a record can inject markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from fieldnotes.i18n import _
from fieldnotes.records.vocab import record_type_label
from fieldnotes.search import HIT_CLOSE, HIT_OPEN

HTML_ROLE = Qt.ItemDataRole.UserRole + 2
RESULT_ROLE = Qt.ItemDataRole.UserRole + 3


def snippet_html(snippet: str) -> str:
    text = html.escape(snippet).replace("\n", " ")
    return text.replace(HIT_OPEN, "<b>").replace(HIT_CLOSE, "</b>")


def result_html(result: dict, case_title: str = "") -> str:
    kind = html.escape(record_type_label(result["type"]))
    where = (" · " + html.escape(_("in {case}").format(case=case_title))
             if case_title and result["type"] != "case" else "")
    imported = " · <i>" + html.escape(_("imported")) + "</i>" if result.get("origin") else ""
    withdrawn = (" · <b style='color:#9b2226'>"
                 + html.escape(_("consent withdrawn: do not use")) + "</b>"
                 if result.get("withdrawn") else "")
    title = html.escape(result["title"] or _("(untitled)"))
    return (f"<div style='font-size:11pt'>{title}</div>"
            f"<div style='color:#4a5a5c'>{kind}{where}{imported}{withdrawn}</div>"
            f"<div>{snippet_html(result['snippet'])}</div>")


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._results: list[dict] = []
        self._case_titles: dict[str, str] = {}

    def set_results(self, results: list[dict], case_titles: dict[str, str]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self._case_titles = dict(case_titles)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([], {})

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return r["title"]
        if role == HTML_ROLE:
            return result_html(r, self._case_titles.get(r["case_id"] or "", ""))
        if role == RESULT_ROLE:
            return r
        return None
