"""The search box finds testimonies in Simplified and Traditional script, whichever is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import add_record

SIMPLIFIED = "他被国保带走以后，刘律师一直没有消息。"
TRADITIONAL = "他被國保帶走以後，劉律師一直沒有消息。"


def test_search_box_finds_both_scripts_and_marks_each(window, case_view, qtbot):
    tab = case_view.tabs_by_type["testimony"]
    simp = add_record(tab, title="家属的证词", language="中文", date="2016-01-10",
                      consent={"scope": "internal"}, text=SIMPLIFIED)
    trad = add_record(tab, title="家屬的證詞", language="中文", date="2016-01-11",
                      consent={"scope": "internal"}, text=TRADITIONAL)
    mv = window.main_view
    model = mv.search_view.model
    html_role = Qt.ItemDataRole.UserRole + 2
    for typed in ("國保", "国保"):
        qtbot.keyClick(mv, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        mv.search_box.clear()
        # Chinese arrives the way an input method commits it; the search runs by itself after
        # a pause in typing (the search box's timer).
        event = QInputMethodEvent()
        event.setCommitString(typed)
        QApplication.sendEvent(mv.search_box, event)
        qtbot.waitUntil(lambda: model.rowCount() == 2 and mv.right.currentWidget()
                        is mv.search_view)
        htmls = [model.index(i).data(html_role) for i in range(2)]
        assert any("<b>国保</b>" in h and "家属的证词" in h for h in htmls), typed
        assert any("<b>國保</b>" in h and "家屬的證詞" in h for h in htmls), typed

    # Opening the Simplified result from a Traditional query marks 国保 in its narrative.
    mv.search_box.setText("劉律師")
    assert mv.run_search() == 2
    row = next(i for i in range(2) if "家属的证词" in model.index(i).data(html_role))
    view = mv.search_view.list
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(model.index(row)).center())
    assert tab.form.record["id"] == simp and simp != trad
    marked = {sel.cursor.selectedText() for sel in tab.form.narrative.extraSelections()}
    assert marked == {"刘律师"}


def test_search_box_completes_the_last_word_until_a_space(window, case_view):
    tab = case_view.tabs_by_type["note"]
    add_record(tab, text="Li Wenzu walked to Beijing.")
    mv = window.main_view
    mv.search_box.setText("li wen")
    assert mv.run_search() == 1
    mv.search_box.setText("li wen ")
    assert mv.run_search() == 0


def test_unlock_loads_the_script_tables_on_a_worker(qtbot, make_window, vault, monkeypatch):
    """OpenCC's dictionaries load after unlock on a pool thread, not on the window's thread at
    the first Chinese query."""
    import threading

    from fieldnotes import script_variants

    main, loaded_on = threading.current_thread(), []
    monkeypatch.setattr(script_variants, "warm_up",
                        lambda: loaded_on.append(threading.current_thread()))
    w = make_window(vault.path)
    w._open_session(vault)
    qtbot.waitUntil(lambda: bool(loaded_on), timeout=10_000)
    assert loaded_on[0] is not main
