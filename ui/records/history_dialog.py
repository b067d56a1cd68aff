"""A record's revisions (Store.history): who saved what, when, and what changed.

Choose one revision to see what it changed from the one before; choose two (Ctrl+click) to see
what changed between them. Each change reads "Label: old → new", with vocabulary labels and the
names of the records referred to (fieldnotes.records.changes). Times are local (UTC on hover).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
)

from fieldnotes.errors import NotFound
from fieldnotes.i18n import _
from fieldnotes.records import changes
from fieldnotes.timeutil import local_text, utc_text
from ui.models import queries
from ui.widgets.basic import fit_to_screen, label


class HistoryDialog(QDialog):
    def __init__(self, session, record: dict, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("History"))
        fit_to_screen(self, 760, 480)
        self.revisions = session.store.history(record["id"])
        self.rtype = record["type"]
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(_("Revisions"))
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(_("What changed"))
        previous = None
        for i, rev in enumerate(self.revisions):
            item = QListWidgetItem(f"{local_text(rev['time'], seconds=True)} · "
                                   f"{session.who(rev['author'])} · {self._what(previous, rev)}")
            item.setToolTip(utc_text(rev["time"]))
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
            previous = rev
        self.list.itemSelectionChanged.connect(self._show_selection)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(label(_("Every save is kept as a signed-off revision; nothing is changed "
                              "in place. Choose two revisions (Ctrl+click) to compare them."),
                            "hint"))
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        if self.revisions:
            self.list.setCurrentRow(len(self.revisions) - 1)

    def _what(self, previous: dict | None, rev: dict) -> str:
        if rev["deleted"]:
            return _("deleted")
        if previous is None:
            return _("created")
        if previous["deleted"]:
            return _("restored")
        labels = changes.changed_labels(self.rtype, previous["data"], rev["data"])
        return _("edited: {fields}").format(fields=", ".join(labels)) if labels else _("saved")

    # -- names for references -------------------------------------------------------------

    def _record_name(self, record_id: str) -> str | None:
        try:
            rec = self.session.store.get(record_id)
        except NotFound:
            return None
        return rec["title"] or queries.noun(rec["type"])

    def _contact_name(self, fingerprint: str) -> str | None:
        return queries.contact_name(self.session.conn, fingerprint)

    # -- showing --------------------------------------------------------------------------

    def compare(self, old: int | None, new: int) -> str:
        """What changed from revision ``old`` (None: from nothing) to revision ``new``."""
        rev = self.revisions[new]
        before = self.revisions[old] if old is not None else None
        lines = []
        if rev["deleted"]:
            lines.append(_("The record was deleted (its history stays)."))
        else:
            found = changes.between(self.rtype, None if before is None or before["deleted"]
                                    else before["data"], rev["data"],
                                    self._record_name, self._contact_name)
            for c in found:
                if not c.old:
                    lines.append(_("{field}: {new}").format(field=c.label, new=c.new))
                elif not c.new:
                    lines.append(_("{field}: {old} → (emptied)").format(field=c.label,
                                                                          old=c.old))
                else:
                    lines.append(_("{field}: {old} → {new}").format(field=c.label, old=c.old,
                                                                     new=c.new))
            if not found:
                lines.append(_("Nothing changed."))
        heading = (_("As created:") if before is None else
                   _("From {old} to {new}:").format(old=local_text(before["time"], True),
                                                    new=local_text(rev["time"], True)))
        return "\n".join([heading, "", *lines, "",
                          _("Revision hash (SHA-256): {hash}").format(hash=rev["hash"])])

    def _show_selection(self) -> None:
        rows = sorted(self.list.row(i) for i in self.list.selectedItems())
        if not rows:
            return
        if len(rows) >= 2:
            old, new = rows[0], rows[-1]
        else:
            new = rows[0]
            old = new - 1 if new > 0 else None
        self.detail.setPlainText(self.compare(old, new))
