"""The unlocked workspace: toolbar with the global search, cases on the left, the case or the
search results on the right. Built per session; dropped whole when the vault locks."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import consent_links
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.wording import count
from ui.desk import menu as desk_menu
from ui.models import queries
from ui.models.counting import case_line
from ui.models.records import ID_ROLE, RecordListModel
from ui.records.case_view import CaseView
from ui.records.search_view import SearchView
from ui.records.unsaved import settle_all
from ui.shell.drafts import DraftKeeper, DraftOffer
from ui.shell.new_case_dialog import NewCaseDialog
from ui.shell.store_banner import StoreBanner
from ui.widgets.basic import ErrorLabel, label, side_by_side, wrap_list
from ui.widgets.list_controls import ListControls
from ui.widgets.notice import NoticeBar


class MainView(QWidget):
    lock_requested = Signal()
    settings_requested = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.case_view: CaseView | None = None
        self._quiet = False

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search all cases  (Ctrl+F)"))
        self.search_box.setAccessibleName(_("Search all cases"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        self.search_box.returnPressed.connect(self.run_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.run_search)
        self.search_box.textEdited.connect(lambda _t: self._search_timer.start())
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        into = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_box, self.into_results)
        into.setContext(Qt.ShortcutContext.WidgetShortcut)   # Down from the box: the results
        self.toolbar.addWidget(self.search_box)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.import_action = self._action(_("&Import bundle…"), self.open_import, "Ctrl+I")
        self.export_action = self._action(_("&Export bundle…"), self.open_export, "Ctrl+E")
        self.identity_action = self._action(_("I&dentity && contacts"), self.open_identity,
                                            "Ctrl+Shift+I")
        self.more_button = more = QToolButton()
        more.setText(_("&More"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.more_menu = menu = QMenu(more)
        menu.addAction(_("Import a receipt…")).triggered.connect(self.import_receipt)
        menu.addAction(_("Purge delivered records…")).triggered.connect(self.purge_delivered)
        menu.addSeparator()
        # addAction(text, signal) is refused by PySide6 6.12: connect the action instead.
        menu.addAction(_("Settings…")).triggered.connect(self.settings_requested.emit)
        desk_menu.install(self, menu)
        more.setMenu(menu)
        self.toolbar.addWidget(more)
        # Ctrl+L and Ctrl+Shift+L are the window's own shortcuts (they work on every screen);
        # the action only names them, or the two would be ambiguous and neither would fire.
        self.lock_action = self._action(_("&Lock  (Ctrl+L)"), self.lock_requested.emit)

        self.cases = RecordListModel(self)
        self.case_list = QListView()
        self.case_list.setAccessibleName(_("Cases"))
        self.case_list.setModel(self.cases)
        wrap_list(self.case_list)
        # A thousand cases: lay the rows out a batch at a time, so the first ones show at once
        self.case_list.setLayoutMode(QListView.LayoutMode.Batched)
        self.case_list.selectionModel().currentChanged.connect(self._case_selected)
        self.new_case_button = QPushButton(_("New case"))
        self.new_case_button.clicked.connect(self.new_case)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(6, 6, 0, 6)
        ll.addWidget(label(_("Cases"), "subtitle"))
        self.case_controls = ListControls()
        self.case_controls.changed.connect(lambda: self.reload_cases())
        ll.addWidget(self.case_controls)
        ll.addWidget(self.case_list, 1)
        ll.addWidget(self.new_case_button)

        self.placeholder = label(_("Choose a case on the left, or make a new one."), "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.search_view = SearchView(session)
        self.search_view.open_record.connect(self.open_result)
        self.search_view.closed.connect(self.show_case)
        self.right = QStackedWidget()
        self.right.addWidget(self.placeholder)
        self.right.addWidget(self.search_view)
        self.error = ErrorLabel()
        self.notice = NoticeBar()
        self.draft_offer = DraftOffer(session.conn)
        self.draft_offer.restore_requested.connect(self.restore_draft)
        self.draft_keeper = DraftKeeper(self.keep_drafts, self)

        split = side_by_side(left, self.right, sizes=(260, 1020), stretch=(1, 5))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.error)
        lay.addWidget(self.notice)
        lay.addWidget(self.draft_offer)
        self.store_banner = StoreBanner(session)  # the attachment store's quick check
        lay.addWidget(self.store_banner)
        row = QHBoxLayout()
        row.addWidget(split)
        lay.addLayout(row, 1)
        self.reload_cases()
        self.link_consent_to_contacts()
        self.draft_offer.refresh()

    def _action(self, text: str, slot, shortcut: str = "") -> QAction:
        """A toolbar action Tab reaches, with its mnemonic underlined and a shortcut."""
        act = self.toolbar.addAction(text)
        act.setIconText(text)   # the tool button shows iconText: keeping "&" keeps Alt+letter
        act.triggered.connect(slot)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setToolTip(f"{act.toolTip()}  ({act.shortcut().toString()})")
        self.toolbar.widgetForAction(act).setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return act

    # -- cases ----------------------------------------------------------------------------

    def reload_cases(self, select: str | None = None) -> None:
        current = select or (self.case_view.case_id if self.case_view else None)
        counts = queries.counts_by_case(self.session.conn)
        cases = self.session.store.list("case")
        for rec in cases:
            rec["subtitle"] = case_line(counts.get(rec["id"], {}))
        self.cases.set_records(self.case_controls.sorted(cases))
        self.case_controls.apply_filter(self.case_list, self.cases)
        row = self.cases.row_of(current) if current else -1
        if row >= 0:
            self.case_list.selectionModel().setCurrentIndex(
                self.cases.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        elif self.case_view is not None:
            self._drop_case_view()

    def _set_current_case(self, case_id: str | None) -> None:
        row = self.cases.row_of(case_id) if case_id else -1
        self._quiet = True
        try:
            self.case_list.selectionModel().setCurrentIndex(
                self.cases.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._quiet = False

    def new_case(self) -> NewCaseDialog | None:
        """Ask for the title (window-modal); the case is made and selected when it is given."""
        if self.case_view is not None and not settle_all(self.case_view.unsaved_forms()):
            return None
        dialog = NewCaseDialog(self, self._add_case)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def create_case(self, title: str) -> str | None:
        try:
            return self._add_case(title)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return None

    def _add_case(self, title: str) -> str:
        rid = self.session.store.create("case", {"title": title})
        self.reload_cases(select=rid)
        return rid

    def select_case(self, case_id: str) -> CaseView | None:
        row = self.cases.row_of(case_id)
        if row < 0:
            return None
        self.case_list.selectionModel().setCurrentIndex(
            self.cases.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if self.case_view is None or self.case_view.case_id != case_id:
            return None   # the user chose to stay with unsaved edits elsewhere
        self.show_case()  # also when the case was already the current one
        return self.case_view

    def _case_selected(self, current, _previous) -> None:
        if self._quiet or not current.isValid():
            return
        case_id = self.cases.data(current, ID_ROLE)
        if self.case_view is not None and self.case_view.case_id == case_id:
            self.show_case()
            return
        if self.case_view is not None and not settle_all(self.case_view.unsaved_forms()):
            self._set_current_case(self.case_view.case_id)   # Cancel: stay in this case
            return
        self._drop_case_view()
        self.case_view = CaseView(self.session, case_id)
        self.case_view.case_changed.connect(lambda _cid: self.reload_cases())
        self.right.addWidget(self.case_view)
        self.show_case()

    def _drop_case_view(self) -> None:
        if self.case_view is not None:
            self.case_view.clear()
            self.right.removeWidget(self.case_view)
            self.case_view.deleteLater()
            self.case_view = None
        self.right.setCurrentWidget(self.placeholder)

    def show_case(self) -> None:
        self.right.setCurrentWidget(self.case_view or self.placeholder)

    # -- search ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def into_results(self) -> None:
        if self.search_box.text().strip() and self.right.currentWidget() is not self.search_view:
            self.run_search()
        results = self.search_view.list
        if self.right.currentWidget() is self.search_view and results.model().rowCount():
            results.setFocus()
            if not results.currentIndex().isValid():
                results.setCurrentIndex(results.model().index(0, 0))

    def run_search(self) -> int:
        self._search_timer.stop()
        query = self.search_box.text().lstrip()  # a space after the last word ends it
        if not query.strip():
            self.show_case()
            return 0
        n = self.search_view.run(query)
        self.right.setCurrentWidget(self.search_view)
        return n

    def open_result(self, result: dict) -> None:
        try:
            record = self.session.store.get(result["id"])
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        view = self.select_case(record["case_id"])
        if view is not None:
            view.open_record(record)
            form = getattr(view.tabs_by_type.get(record["type"]), "form", None)
            if form is not None and form.record and form.record["id"] == record["id"]:
                form.highlight(self.search_box.text())

    # -- dialogs --------------------------------------------------------------------------

    def open_identity(self) -> None:
        from ui.people.identity_dialog import IdentityDialog

        IdentityDialog(self.session, self).exec()

    def open_export(self) -> None:
        from ui.bundles.export_dialog import ExportDialog

        ExportDialog(self.session, self).exec()

    def open_import(self) -> None:
        from ui.bundles.import_dialog import ImportDialog

        ImportDialog(self.session, self).exec()
        if self.session.vault.locked:   # locked while the dialog was open
            return
        self.reload_cases()
        if self.case_view is not None:
            self.case_view.overview.reload()

    def import_receipt(self) -> None:
        from ui.bundles.receipts import import_receipt

        import_receipt(self.session, self)

    def purge_delivered(self) -> None:
        from ui.bundles.receipts import purge_delivered

        purge_delivered(self.session, self, on_done=self.reload_cases)

    # -- unsaved edits and drafts -----------------------------------------------------------

    def forms(self) -> list:
        return self.case_view.forms() if self.case_view is not None else []

    def unsaved_forms(self) -> list:
        return [f for f in self.forms() if f.dirty]

    def keep_drafts(self) -> None:
        """Write every form's unsaved values into the vault (every few seconds, before a lock)."""
        if self.session.vault.locked:
            return
        for form in self.forms():
            try:
                form.keep_draft()
            except FieldnotesError as exc:
                self.error.show_error(exc.message)

    def restore_draft(self, draft) -> bool:
        """Open the form a kept draft belongs to and put its values back (still unsaved)."""
        case_id = draft.record_id if draft.rtype == "case" else draft.case_id
        view = self.select_case(case_id) if case_id else None
        if view is None:
            self.error.show_error(_("The case this draft belongs to is no longer in the vault, "
                                    "or its unsaved edits are still open."))
            return False
        tab = view.overview if draft.rtype == "case" else view.tabs_by_type.get(draft.rtype)
        if tab is None or not view.show_tab(tab):
            return False
        if draft.rtype != "case":
            opened = tab.select(draft.record_id) if draft.record_id else False
            if not opened:
                if tab.form.dirty and not tab.form.settle():
                    return False
                tab.new_record()
        tab.form.restore_draft(draft.data)
        self.draft_offer.refresh(skip={f.draft_key for f in self.forms()})
        return True

    def state(self) -> dict:
        """Where the user is and what they typed: rebuilding the view puts it all back."""
        view = self.case_view
        return {
            "case": view.case_id if view else None,
            "tab": view.currentIndex() if view else 0,
            "search": self.search_box.text(),
            "forms": [(f.rtype, f.record["id"] if f.record else None, f.values())
                      for f in self.forms() if f.dirty],
            "records": {rtype: tab.form.record["id"]
                        for rtype, tab in (view.tabs_by_type.items() if view else ())
                        if getattr(tab, "form", None) is not None and tab.form.record},
        }

    def restore_state(self, state: dict) -> None:
        view = self.select_case(state["case"]) if state["case"] else None
        if view is not None:
            for rtype, rid in state["records"].items():
                view.tabs_by_type[rtype].select(rid)
            for rtype, rid, values in state["forms"]:
                form = (view.overview.form if rtype == "case"
                        else view.tabs_by_type[rtype].form)
                if rtype != "case" and rid is None:
                    view.tabs_by_type[rtype].new_record()
                form.restore_draft(values)
            view.setCurrentIndex(state["tab"])
        if state["search"]:
            self.search_box.setText(state["search"])
            self.run_search()
        self.draft_offer.refresh(skip={f.draft_key for f in self.forms()})

    # -- locking --------------------------------------------------------------------------

    def link_consent_to_contacts(self) -> None:
        """Once per vault: organisations named in consent that match a contact exactly
        become links to it (by fingerprint); say which names stayed text."""
        if self.session.vault.problem or not consent_links.pending(self.session.conn):
            return  # nothing to link, or a read-only vault (linked at a later unlock)
        try:
            report = consent_links.migrate(self.session.store)
        except FieldnotesError as exc:
            self.error.show_error(exc.message)
            return
        lines = []
        if report.linked:
            lines.append(count(report.linked,
                               "The consent of {n} testimony now names its organisations by "
                               "contact.",
                               "The consent of {n} testimonies now names their organisations "
                               "by contact."))
        lines += [_(consent_links.LEFT_AS_TEXT).format(name=name, title=title)
                  for _rid, title, name in report.left]
        if lines:
            self.show_notice("\n".join(lines))
            self.reload_cases()

    def show_notice(self, text: str, action: str = "", on_action=None) -> None:
        self.notice.show_notice(text, action, on_action)

    def clear(self) -> None:
        """Empty every widget that shows content (the view is dropped right after)."""
        self.notice.clear()
        self.draft_keeper.stop()
        self.draft_offer.clear()
        self.search_box.clear()
        self.search_view.clear()
        if self.case_view is not None:
            self.case_view.clear()
        self.cases.clear()
        self.error.clear()
