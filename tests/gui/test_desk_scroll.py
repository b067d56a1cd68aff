"""The review list and the import log over a big coordinator's vault scroll to their last row
fetching a page at a time as the view reaches the bottom, never everything at once."""

from __future__ import annotations

import math
import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt

from bench.desk_bench import _generate
from ui.desk.paged_model import PAGE

RECORDS, BUNDLES = 1_400, 700   # 7 pages of imported records, 4 pages of import attempts
SENDERS = ["1" * 40, "2" * 40]


@pytest.fixture
def big(make_vault, make_window):
    coordinator, _ = make_vault("coordinator")
    _generate(coordinator, RECORDS, BUNDLES, SENDERS)  # rows as the importer leaves them
    w = make_window(coordinator.path)
    w._open_session(coordinator)
    return w


def _scroll_to_the_end(qtbot, dlg, total: int) -> list[int]:
    """Scroll the dialog's view down until its model holds everything; returns the size of
    every block of rows the model took in."""
    m, view = dlg.model, dlg.view
    blocks: list[int] = []
    m.rowsInserted.connect(lambda _parent, first, last: blocks.append(last - first + 1))
    dlg.show()
    qtbot.waitExposed(dlg)
    assert m.rowCount() == PAGE and m.canFetchMore()   # opens with one page
    while m.canFetchMore():
        held = m.rowCount()

        def scrolled(held=held):
            view.scrollToBottom()   # at the bottom, the view asks the model for more
            return m.rowCount() > held or not m.canFetchMore()

        qtbot.waitUntil(scrolled)
        assert m.rowCount() - held <= PAGE
    view.scrollToBottom()
    last = m.index(total - 1, 0)
    qtbot.waitUntil(lambda: view.viewport().rect().intersects(view.visualRect(last)))
    assert m.rowCount() == total
    assert view.rowAt(view.viewport().height() - 1) in (total - 1, -1)
    assert view.indexAt(view.visualRect(last).center()) == last
    return blocks


def test_review_list_scrolls_to_its_last_row_a_page_at_a_time(big, qtbot):
    from ui.desk.review_desk import ReviewDesk

    dlg = ReviewDesk(big.session, big.main_view)
    qtbot.addWidget(dlg)
    dlg.state.setCurrentIndex(0)   # any state: every imported record
    blocks = _scroll_to_the_end(qtbot, dlg, RECORDS)
    assert blocks == [PAGE] * (RECORDS // PAGE - 1)   # the first page came with the reset
    assert dlg.model.rows[-1]["rowid"] == RECORDS and not dlg.model.canFetchMore(QModelIndex())


def test_import_log_scrolls_to_its_first_attempt_a_page_at_a_time(big, qtbot):
    from ui.desk.import_log import ImportLogDialog

    dlg = ImportLogDialog(big.session, big.main_view)
    qtbot.addWidget(dlg)
    blocks = _scroll_to_the_end(qtbot, dlg, BUNDLES)
    assert len(blocks) == math.ceil(BUNDLES / PAGE) - 1
    assert all(b <= PAGE for b in blocks) and sum(blocks) == BUNDLES - PAGE
    assert dlg.model.rows[-1]["file"] == "0000.age"   # newest first: the oldest is last


def test_a_thousand_imported_cases_list_and_scroll_to_the_last(make_vault, make_window, qtbot):
    """Every case came in a bundle, so every row is drawn in italics (FontRole)."""
    coordinator, _ = make_vault("coordinator")
    _generate(coordinator, 1000, 1000, SENDERS)   # one case per bundle
    w = make_window(coordinator.path)
    w._open_session(coordinator)
    view, m = w.main_view.case_list, w.main_view.cases
    assert m.rowCount() == 1000 and m.data(m.index(0), Qt.ItemDataRole.FontRole).italic()
    # Under PySide6 6.12 on Python 3.11 a Qt method returning nothing takes a reference from
    # None each call; a font made per row (setItalic) drained it until the app aborted.
    nones = sys.getrefcount(None)
    for row in range(1000):
        m.data(m.index(row), Qt.ItemDataRole.FontRole)
    assert nones - sys.getrefcount(None) < 100
    nones = sys.getrefcount(None)
    w.main_view.reload_cases()   # the filter touches only rows whose hidden state changes
    assert nones - sys.getrefcount(None) < 100
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    for _ in range(2):   # down to the last case and back, page by page, painting each
        for value in (*range(0, bar.maximum(), bar.pageStep()), bar.maximum()):
            bar.setValue(value)
            view.viewport().repaint()
        bar.setValue(0)
    last = m.index(999)

    def at_the_end():   # the rows are laid out a batch at a time: the bottom moves until done
        view.scrollToBottom()
        return view.viewport().rect().intersects(view.visualRect(last))

    qtbot.waitUntil(at_the_end)
    assert view.indexAt(view.visualRect(last).center()) == last
