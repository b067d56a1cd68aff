"""The desk's entries in the main window's More menu: review desk, import log, reports."""

from __future__ import annotations

from fieldnotes.i18n import _
from ui.desk import reports


def install(main_view, menu) -> None:
    """Add the desk's actions to ``menu`` (the main view's More menu), before its end."""
    first = menu.actions()[0] if menu.actions() else None
    entries = [
        (_("Review desk…"), lambda: open_review(main_view)),
        (_("Import log…"), lambda: open_log(main_view)),
        (_("Case report (PDF)…"), lambda: report(main_view, reports.CASE)),
        (_("Chain of custody of the case (PDF)…"), lambda: report(main_view, reports.CUSTODY)),
    ]
    for text, slot in entries:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if first is not None:
            menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)


def open_review(main_view) -> None:
    from ui.desk.review_desk import ReviewDesk

    ReviewDesk(main_view.session, main_view).exec()


def open_log(main_view) -> None:
    from ui.desk.import_log import ImportLogDialog

    ImportLogDialog(main_view.session, main_view).exec()


def report(main_view, kind: str):
    view = main_view.case_view
    if view is None:
        main_view.show_notice(_("Choose a case first."))
        return None
    return reports.save_report(main_view, main_view.session, kind, view.case_id,
                               lambda path: main_view.show_notice(
                                   _("Report saved: {path}").format(path=path)),
                               main_view.show_notice)
