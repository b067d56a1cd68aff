"""The testimony narrative has its own pane, stays where it was after Save, and a search
result opens the testimony scrolled to the match, marked."""

from __future__ import annotations

from tests.gui.helpers import add_record, fill

LONG = "\n".join(f"Paragraph {i}: the family waited outside the detention centre." for i in
                 range(200))


def test_narrative_has_its_own_pane_and_keeps_its_place_after_save(case_view, qtbot):
    tab = case_view.tabs_by_type["testimony"]
    case_view.setCurrentWidget(tab)
    tab.form.resize(900, 500)
    narrative = tab.form.editors["text"].widget
    assert tab.form.narrative is narrative
    assert not tab.form.scroll.widget().isAncestorOf(narrative)   # not inside the fields
    add_record(tab, title="Long interview", consent={"scope": "internal"}, text=LONG)
    cursor = narrative.textCursor()
    cursor.setPosition(len(LONG) // 2)
    narrative.setTextCursor(cursor)
    narrative.ensureCursorVisible()
    scrolled = narrative.verticalScrollBar().value()
    assert scrolled > 0
    fill(tab.form, title="Long interview, checked")
    assert tab.form.save()
    assert narrative.verticalScrollBar().value() == scrolled
    assert narrative.textCursor().position() == len(LONG) // 2


def test_search_result_opens_the_testimony_at_the_match(window, case_view, qtbot):
    tab = case_view.tabs_by_type["testimony"]
    text = LONG + "\nThen the officers confiscated the lawyer's licence.\n" + LONG
    rid = add_record(tab, title="Second interview", consent={"scope": "internal"}, text=text)
    add_record(case_view.tabs_by_type["note"], title="Unrelated", text="nothing here")
    case_view.setCurrentWidget(case_view.tabs_by_type["note"])
    view = window.main_view
    view.search_box.setText("confiscated")
    assert view.run_search() >= 1
    result = next(r for r in view.search_view.model._results if r["id"] == rid)
    view.open_result(result)
    form = view.case_view.tabs_by_type["testimony"].form
    assert view.case_view.currentWidget() is view.case_view.tabs_by_type["testimony"]
    assert form.record["id"] == rid
    marks = form.narrative.extraSelections()
    assert [m.cursor.selectedText() for m in marks] == ["confiscated"]
    assert form.narrative.textCursor().selectedText() == "confiscated"
