"""Hints that appear while typing (a date's meaning, a passphrase's strength, "the two differ",
Caps Lock) keep their place: the field below does not move between keystrokes, so a click aimed
at it lands in it and what is typed next is not lost."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.conftest import STRONG
from tests.gui.test_settings import dialog_for


def _settle() -> None:
    """Run the layout passes Qt has queued (no waiting: only what is already posted)."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def _where(widget: QWidget) -> QRect:
    _settle()
    return QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())


def _type_keeping_still(qtbot, field, text: str, *below: QWidget, before=None) -> list:
    """Type ``text`` into ``field`` key by key; every widget in ``below`` stays exactly put
    (where it was ``before``, or before the first key)."""
    for w in below:
        qtbot.waitUntil(w.isVisible)
    before = before or [_where(w) for w in below]
    for ch in text:
        qtbot.keyClicks(field, ch)
        assert [_where(w) for w in below] == before, f"moved after typing {ch!r}"
    return before


def test_date_meaning_does_not_push_the_next_field(case_view, qtbot):
    tab = case_view.tabs_by_type["person"]
    case_view.setCurrentWidget(tab)
    tab.new_button.click()
    date = tab.form.editors["birth_date"]
    below = (tab.form.editors["risk_level"].widget, tab.form.editors["occupation"].widget)
    _type_keeping_still(qtbot, date.line, "1976-05", *below)
    assert date.message.text() == "Between 1 May 1976 and 31 May 1976"
    for _ in range(7):
        qtbot.keyClick(date.line, "\b")     # emptied again: still no movement
    assert date.message.text() == "" and [_where(w) for w in below]


def _passphrase_typing_keeps_still(qtbot, fields, *also_below: QWidget) -> None:
    below = (fields.second, *also_below)
    # A capital without Shift also raises the Caps Lock warning; then a weak start, a strong end.
    before = _type_keeping_still(qtbot, fields.first, "R", *below)
    assert fields.caps.isVisibleTo(fields) and fields.refusal.isVisibleTo(fields)
    _type_keeping_still(qtbot, fields.first, STRONG[1:], *below, before=before)
    assert fields.verdict.text().startswith("Strong") and not fields.caps.isVisibleTo(fields)
    _type_keeping_still(qtbot, fields.second, "river x", *also_below)
    assert "differ" in fields.mismatch.text()


def test_create_vault_passphrase_hints_keep_the_repeat_field_still(make_window, tmp_path,
                                                                  qtbot):
    w = make_window(tmp_path / "new-vault")
    w.resize(1000, 720)
    w.welcome.create_button.click()
    _passphrase_typing_keeps_still(qtbot, w.create.passphrase, w.create.create_button)


def test_recover_passphrase_hints_keep_the_repeat_field_still(make_window, make_vault, qtbot):
    v, _key = make_vault("lost")
    v.close()
    w = make_window(v.path)
    w.resize(1000, 720)
    w.unlock.recover_requested.emit(v.path)
    _passphrase_typing_keeps_still(qtbot, w.recover.passphrase, w.recover.go)


def test_settings_passphrase_hints_keep_the_repeat_field_still(window, qtbot):
    d = dialog_for(window)
    qtbot.addWidget(d)
    d.show()
    section = d.sections["passphrase"]
    d.tabs.setCurrentWidget(section)
    _passphrase_typing_keeps_still(qtbot, section.new, section.apply_button)
