"""The review desk: every record that came in a bundle with its review state; filters by state,
sender, case, type and date; a decision and a comment over one record or a selection (bulk),
saying how many changed and which were refused; reports for the selected record or its case.
The list fetches lazily (ui.desk.paged_model), so a million records open at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from fieldnotes import contacts
from fieldnotes.desk import review
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.records import model, vocab
from ui.desk import reports
from ui.desk.paged_model import PagedModel, fit_columns
from ui.shell.style import set_primary
from ui.widgets.basic import ErrorLabel, fit_open_list, label
from ui.widgets.notice import NoticeBar


def _combo(first: str, items) -> QComboBox:
    box = QComboBox()
    box.addItem(first, None)
    for text, code in items:
        box.addItem(text, code)
    fit_open_list(box)
    return box


class ReviewDesk(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Review desk"))
        self.resize(1100, 640)
        conn = session.vault.conn
        self.state = _combo(_("Any state"), [(review.state_label(s), s) for s in review.STATES])
        self.state.setCurrentIndex(1)  # needs review: where the work is
        self.sender = _combo(_("Any sender"), [(c["name"], c["fingerprint"])
                                               for c in contacts.list_contacts(conn)])
        self.rtype = _combo(_("Any type"), [(vocab.record_type_label(t), t) for t in model.TYPES])
        self.case = _combo(_("Any case"), [(c["title"], c["id"]) for c in review.cases(conn)])
        self.since, self.until = QLineEdit(), QLineEdit()
        self.since.setPlaceholderText(_("from (2026-01-31)"))
        self.until.setPlaceholderText(_("until (2026-12-31)"))
        for box in (self.state, self.sender, self.rtype, self.case):
            box.currentIndexChanged.connect(self.reload)
        for edit in (self.since, self.until):
            edit.editingFinished.connect(self.reload)

        self.model = PagedModel([
            (_("State"), lambda r: review.state_label(r["state"])),
            (_("Type"), lambda r: vocab.record_type_label(r["type"])),
            (_("Record"), lambda r: r["title"] or _("(untitled)")),
            (_("Case"), lambda r: r["case_title"]),
            (_("Sender"), lambda r: r["sender_name"] or contacts.grouped(r["sender"])),
            (_("Changed"), lambda r: r["updated"][:10]),
            (_("Comment"), lambda r: r["comment"] or ""),
        ], key="rowid", parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.decision = _combo(_("Decision…"), [(review.state_label(s), s)
                                                for s in review.STATES])
        self.decision.currentIndexChanged.connect(self._update_buttons)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("Comment (optional)"))
        self.duplicate_of = QLineEdit()
        self.duplicate_of.setPlaceholderText(_("Id of the record this duplicates"))
        self.apply_button = set_primary(QPushButton(_("Apply to selected")))
        self.apply_button.clicked.connect(self.apply)
        self.case_report_button = QPushButton(_("Case report…"))
        self.case_report_button.clicked.connect(lambda: self._report(reports.CASE))
        self.custody_button = QPushButton(_("Chain of custody…"))
        self.custody_button.clicked.connect(lambda: self._report(reports.CUSTODY))
        self.notice, self.error = NoticeBar(), ErrorLabel()

        filters = QGridLayout()
        for col, (text, w) in enumerate(((_("State"), self.state), (_("Sender"), self.sender),
                                         (_("Type"), self.rtype), (_("Case"), self.case),
                                         (_("Changed from"), self.since),
                                         (_("until"), self.until))):
            filters.addWidget(label(text, "subtitle"), 0, col)
            filters.addWidget(w, 1, col)
        act = QHBoxLayout()
        for w in (self.decision, self.comment, self.duplicate_of, self.apply_button):
            act.addWidget(w, 2 if w is self.comment else 0)
        act.addStretch()
        act.addWidget(self.case_report_button)
        act.addWidget(self.custody_button)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.notice)
        lay.addWidget(self.error)
        lay.addLayout(act)
        self.reload()

    def filters(self) -> review.Filters:
        return review.Filters(state=self.state.currentData(), sender=self.sender.currentData(),
                              case_id=self.case.currentData(), rtype=self.rtype.currentData(),
                              since=self.since.text().strip() or None,
                              until=self.until.text().strip() or None)

    def reload(self) -> None:
        conn, f = self.session.vault.conn, self.filters()
        self.model.reset(lambda after, limit: review.items(conn, f, limit=limit, after=after))
        fit_columns(self.view, (0, 1, 3, 4, 5))   # Record (2) takes the rest
        self._update_buttons()

    def selected(self) -> list[dict]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        code = self.decision.currentData()
        self.duplicate_of.setVisible(code == "duplicate")
        self.apply_button.setEnabled(bool(chosen) and code is not None)
        self.case_report_button.setEnabled(len(chosen) == 1)
        self.custody_button.setEnabled(len(chosen) == 1)

    def apply(self) -> review.Outcome | None:
        ids = [r["id"] for r in self.selected()]
        code = self.decision.currentData()
        if not ids or code is None:
            return None
        self.error.clear()
        try:
            out = review.set_decision(self.session.vault.conn, self.session.vault.fingerprint,
                                      ids, code, self.comment.text(),
                                      self.duplicate_of.text().strip() or None)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return None
        self.notice.show_notice(_("{changed} changed, {unchanged} already so, {refused} "
                                  "refused.").format(changed=len(out.changed),
                                                     unchanged=len(out.unchanged),
                                                     refused=len(out.refused)))
        if out.refused:
            self.error.show_error(out.refused[0][1])
        self.comment.clear()
        self.reload()
        return out

    def _report(self, kind: str):
        [row] = self.selected() or [None]
        if row is None:
            return None
        target = row["case_id"] if kind == reports.CASE else row["id"]
        return reports.save_report(self, self.session, kind, target, self._saved,
                                   self.error.show_error)

    def _saved(self, path: str) -> None:
        self.notice.show_notice(_("Report saved: {path}").format(path=path))

