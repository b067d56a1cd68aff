"""The import log screen: every import attempt, taken or refused, newest first (lazy)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
)

from fieldnotes.contacts import grouped
from fieldnotes.desk import importlog
from fieldnotes.i18n import _
from ui.desk.paged_model import PagedModel, fit_columns
from ui.widgets.basic import label


def _result(e: dict) -> str:
    if e["status"] == "refused":
        return importlog.reason_text(e)
    text = _("{added} added, {skipped} already present").format(added=e["added"],
                                                                 skipped=e["skipped"])
    return " · ".join([text, *importlog.gap_texts(e)])


class ImportLogDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Import log"))
        self.resize(1000, 520)
        self.status = QComboBox()
        self.status.addItem(_("All attempts"), None)
        for code in importlog.STATUS_LABELS:
            self.status.addItem(importlog.status_label(code), code)
        self.status.currentIndexChanged.connect(self.reload)
        self.model = PagedModel([
            (_("Time"), lambda e: e["time"][:19].replace("T", " ")),
            (_("Status"), lambda e: importlog.status_label(e["status"])),
            (_("File"), lambda e: e["file"]),
            (_("Sender"), lambda e: e["sender_name"] or (grouped(e["sender"]) if e["sender"]
                                                        else "")),
            (_("Sequence"), lambda e: str(e["sequence"] or "")),
            (_("Result"), _result),
            (_("File SHA-256"), lambda e: e["sha256"] or ""),
        ], key="id", parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(label(_("Every bundle an import was asked to take, with what became of "
                              "it.")), 1)
        top.addWidget(self.status)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        self.reload()

    def reload(self) -> None:
        conn, status = self.session.vault.conn, self.status.currentData()
        self.model.reset(lambda before, limit: importlog.entries(
            conn, limit=limit, status=status, before=before))
        fit_columns(self.view, (0, 1, 2, 3, 4))   # Result (5) takes the rest
