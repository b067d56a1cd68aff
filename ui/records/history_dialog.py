"""A record's revisions (Store.history): who saved what, when, and which fields changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
)

from fieldnotes.records.model import SCHEMAS
from ui.widgets.basic import label


def field_text(rtype: str, data: dict) -> str:
    lines = []
    for name, f in SCHEMAS[rtype].items():
        value = data.get(name)
        if value in (None, "", []):
            continue
        if f.kind == "date":
            value = value["text"]
        elif f.kind == "enum":
            value = f.choices.get(value, value)
        elif f.kind == "list":
            value = "; ".join(value)
        elif f.kind == "consent":
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        lines.append(f"{f.label}: {value}")
    return "\n".join(lines)


class HistoryDialog(QDialog):
    def __init__(self, session, record: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle("History")
        self.resize(760, 480)
        self.revisions = session.store.history(record["id"])
        self.rtype = record["type"]
        self.list = QListWidget()
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        previous: dict = {}
        for i, rev in enumerate(self.revisions):
            if rev["deleted"]:
                what = "deleted"
            elif i == 0:
                what = "created"
            else:
                changed = sorted(k for k in set(previous) | set(rev["data"])
                                 if previous.get(k) != rev["data"].get(k))
                labels = [SCHEMAS[self.rtype][k].label for k in changed if k in SCHEMAS[self.rtype]]
                what = "edited: " + ", ".join(labels) if labels else "saved"
            when = rev["time"][:19].replace("T", " ")
            item = QListWidgetItem(f"{when} UTC · {session.who(rev['author'])} · {what}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
            previous = rev["data"]
        self.list.currentRowChanged.connect(self._show)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(label("Every save is kept as a signed-off revision; nothing is changed "
                            "in place.", "hint"))
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        if self.revisions:
            self.list.setCurrentRow(len(self.revisions) - 1)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.revisions):
            rev = self.revisions[row]
            text = field_text(self.rtype, rev["data"]) if not rev["deleted"] else "(deleted)"
            self.detail.setPlainText(f"{text}\n\nRevision {rev['hash']}")
