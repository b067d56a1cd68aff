"""The export review: whole reasons, counts that follow "include anyway", a cancel that says so."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from fieldnotes.bundle import writer
from fieldnotes.records.store import Store
from tests.gui.helpers import review_first_case
from tests.gui.test_bundles import pair  # noqa: F401  (fixture)


def _review(w, researcher, qtbot):
    s = Store(researcher.conn, researcher.fingerprint)
    case = s.create("case", {"title": "Review"})
    for title in ("One", "Two"):
        s.create("testimony", {"title": title, "text": "x", "consent": {"scope": "internal"}},
                 case)
    s.create("note", {"text": "goes"}, case)
    return review_first_case(w, qtbot)


def test_reason_is_whole_and_counts_follow_include_anyway(pair, qtbot):  # noqa: F811
    w, researcher, _ = pair
    dlg = _review(w, researcher, qtbot)
    why = dlg.left_out.item(0, 2)
    assert why.toolTip() == why.text() and "internal use only" in why.text()
    assert dlg.left_out.wordWrap()
    assert dlg.left_out_note.text() == "2 records are left out."
    assert "2 records" in dlg.summary.text()          # case + note
    dlg.left_out.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert dlg.left_out_note.text() == "1 record is left out. 1 is included anyway."
    qtbot.waitUntil(lambda: "3 records" in dlg.summary.text(), timeout=20000)
    dlg.left_out.item(1, 0).setCheckState(Qt.CheckState.Checked)
    assert dlg.left_out_note.text() == "0 records are left out. 2 are included anyway."
    qtbot.waitUntil(lambda: "4 records" in dlg.summary.text(), timeout=20000)


def test_cancelling_an_export_says_so(pair, qtbot, tmp_path, monkeypatch):  # noqa: F811
    w, researcher, _ = pair
    dlg = _review(w, researcher, qtbot)

    def slow_export(*_args, job, **_kw):
        while not job.cancelled:
            time.sleep(0.01)
        job.check()

    monkeypatch.setattr(writer, "export_bundle", slow_export)
    worker = dlg.export_to(str(tmp_path / "b.bundle"))
    with qtbot.waitSignal(worker.finished, timeout=20000):
        dlg.progress.cancel_button.click()
    assert dlg.cancel_note.isVisible()
    assert dlg.cancel_note.text().startswith("Export cancelled: no bundle was written")
    assert dlg.error.isHidden()
    assert not (tmp_path / "b.bundle").exists()


def test_the_review_fits_a_small_screen(pair, qtbot):  # noqa: F811
    w, researcher, _ = pair
    dlg = _review(w, researcher, qtbot)
    room = dlg.screen().availableGeometry()
    assert dlg.height() <= room.height() - 48 and dlg.width() <= room.width() - 24


def test_with_nothing_left_out_the_review_does_not_explain_leaving_out(pair, qtbot):  # noqa: F811
    w, researcher, _ = pair
    s = Store(researcher.conn, researcher.fingerprint)
    s.create("note", {"text": "goes"}, s.create("case", {"title": "All shared"}))
    dlg = review_first_case(w, qtbot)
    dlg.resize(820, 600)
    assert dlg.left_out_note.text() == "Nothing is left out."
    assert not dlg.left_out_hint.isVisible() and not dlg.left_out.isVisible()
    # The summary and "Nothing is left out." sit together, not spread over the page.
    qtbot.waitUntil(lambda: dlg.left_out_note.y() - dlg.summary.geometry().bottom() < 60)
    dlg.pages.setCurrentIndex(0)
    s.create("testimony", {"title": "Kept", "text": "x", "consent": {"scope": "internal"}},
             s.list("case")[0]["id"])
    with qtbot.waitSignal(dlg.review().succeeded, timeout=20000):
        pass
    assert dlg.left_out_hint.isVisible() and dlg.left_out.isVisible()
