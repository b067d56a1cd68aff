"""Record forms stay usable at the window's size: they open at their first field, a long
refusal or label never widens them, and every choice and hint can be read whole."""

from __future__ import annotations

from tests.gui.helpers import add_record, fill
from ui.records.field_editors import DATE_HINT


def _show(case_view, rtype):
    tab = case_view.tabs_by_type[rtype]
    case_view.setCurrentWidget(tab)
    return tab


def test_new_record_opens_at_its_first_field(window, case_view, qtbot):
    window.resize(1200, 620)
    tab = _show(case_view, "testimony")
    add_record(tab, title="First", consent={"scope": "internal"}, text="Words.")
    bar = tab.form.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())                 # the user scrolled down to the narrative
    tab.new_button.click()
    assert bar.value() == 0
    assert tab.form.heading.text() == "New testimony"


def test_long_date_refusal_wraps_instead_of_widening_the_form(case_view, qtbot):
    tab = _show(case_view, "testimony")
    tab.new_button.click()
    fill(tab.form, date="妻子访谈（中文）and some more words that are not a date at all")
    message = tab.form.editors["date"].message
    assert "is not a date" in message.text() and message.wordWrap()
    body, viewport = tab.form.scroll.widget(), tab.form.scroll.viewport()
    qtbot.waitUntil(lambda: viewport.width() > 300)
    assert body.minimumSizeHint().width() <= viewport.width()
    fill(tab.form, date="")
    assert message.text() == ""                 # nothing said under an empty date (its room kept)


def test_choices_are_narrow_but_open_whole(case_view):
    tab = _show(case_view, "testimony")
    combo = tab.form.editors["consent"].editors["scope"].widget
    longest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                  for i in range(combo.count()))
    assert combo.minimumSizeHint().width() < longest     # a long label does not widen forms
    view = combo.view()
    assert view.minimumWidth() >= longest                # …and the open list shows it whole
    assert view.textElideMode().name == "ElideNone"


def test_date_placeholder_fits_its_field(case_view, qtbot):
    tab = _show(case_view, "testimony")
    line = tab.form.editors["consent"].editors["given_on"].line
    qtbot.waitUntil(lambda: line.isVisible() and line.width() > 100)
    assert line.fontMetrics().horizontalAdvance(line.placeholderText()) < line.width() - 12
    assert line.toolTip() == DATE_HINT


def test_a_long_text_field_shows_its_beginning(qtbot):
    from fieldnotes.records.model import Field
    from ui.records.field_editors import TextEditor

    ed = TextEditor(Field("text", label="Title"))
    qtbot.addWidget(ed.widget)
    ed.widget.resize(120, 30)
    ed.set("Spouse A on the night of the arrest (fictional), a long title")
    assert ed.widget.cursorPosition() == 0
