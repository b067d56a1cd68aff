"""Settings that exist: idle minutes, passphrase and key strength (asking the current
passphrase), sections other areas add; weak passphrases refused with the meter's reason;
caps-lock warning and show/hide on passphrase fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.gui.conftest import STRONG
from ui.shell import settings_dialog
from ui.shell.settings_dialog import SettingsDialog, add_section


def dialog_for(window) -> SettingsDialog:
    return SettingsDialog(window.settings, window, session=window.session)


def test_sections_idle_minutes_and_hook(window, qtbot):
    add_section("zz-test", "From another area", lambda d: QLabel("theirs"), order=99)
    try:
        d = dialog_for(window)
        qtbot.addWidget(d)
        titles = [d.tabs.tabText(i) for i in range(d.tabs.count())]
        assert titles[0] == "General" and "Passphrase and key" in titles
        assert titles[-1] == "From another area"
        d.minutes.setValue(17)
        d.accept()
        assert window.settings.idle_minutes == 17
    finally:
        settings_dialog.SECTIONS.pop("zz-test")


def test_a_section_refusing_keeps_the_dialog_open(window, qtbot):
    class Refusing(QLabel):
        def apply(self):
            return False

    add_section("zz-refuse", "Refuses", lambda d: Refusing("no"), order=98)
    try:
        d = dialog_for(window)
        qtbot.addWidget(d)
        d.show()
        d.accept()
        assert d.isVisible() and d.tabs.currentWidget() is d.sections["zz-refuse"]
    finally:
        settings_dialog.SECTIONS.pop("zz-refuse")


def test_change_passphrase_asks_the_current_one(window, qtbot):
    d = dialog_for(window)
    qtbot.addWidget(d)
    section = d.sections["passphrase"]
    section.current.setText("not the passphrase")
    section.new.first.setText(STRONG)
    section.new.second.setText(STRONG)
    section.apply_button.click()
    qtbot.waitUntil(lambda: bool(section.error.text()), timeout=20000)
    assert "passphrase" in section.error.text().lower()
    section.current.setText(PASS)
    section.apply_button.click()
    qtbot.waitUntil(lambda: bool(section.done.text()), timeout=20000)
    path = window.session.vault.path
    window.lock()
    Vault.open(path, STRONG).close()


def test_key_strength_shows_unlock_time_and_rewraps(window, qtbot):
    d = dialog_for(window)
    qtbot.addWidget(d)
    section = d.sections["passphrase"]
    qtbot.waitUntil(lambda: "to unlock here" in section.cost.itemText(0), timeout=20000)
    now = [section.costs[i] for i in range(section.cost.count())
           if "(now)" in section.cost.itemText(i)]
    assert now == [(window.session.vault.slots.params().memory_kib,
                    window.session.vault.slots.params().iterations)]
    section.cost.setCurrentIndex(section.costs.index((256 * 1024, 3)))
    section.current.setText(PASS)
    section.apply_button.click()
    qtbot.waitUntil(lambda: bool(section.done.text()), timeout=60000)
    assert window.session.vault.slots.params().memory_kib == 256 * 1024
    path = window.session.vault.path
    window.lock()
    again = Vault.open(path, PASS)
    assert again.slots.params().memory_kib == 256 * 1024
    again.close()


def test_weak_passphrase_is_refused_with_the_reason(make_window, tmp_path, qtbot):
    w = make_window(tmp_path / "v")
    w.welcome.create_button.click()
    fields = w.create.passphrase
    w.create.name.setText("Amina")
    fields.first.setText("password123")
    fields.second.setText("password123")
    assert not w.create.create_button.isEnabled()
    assert fields.refusal.isVisibleTo(w) and "45" in fields.refusal.text()
    fields.first.setText(STRONG)
    fields.second.setText(STRONG)
    assert w.create.create_button.isEnabled() and not fields.refusal.isVisibleTo(w)


def test_show_hide_and_caps_lock(make_window, vault, qtbot):
    vault.close()
    w = make_window(vault.path)
    line = w.unlock.passphrase
    assert line.echoMode() == QLineEdit.EchoMode.Password
    line.toggle.trigger()
    assert line.echoMode() == QLineEdit.EchoMode.Normal
    line.clear()
    assert line.echoMode() == QLineEdit.EchoMode.Password
    assert not w.unlock.caps.isVisibleTo(w)
    qtbot.keyClick(line, "A")                      # a capital without Shift: Caps Lock is on
    assert w.unlock.caps.isVisibleTo(w)
    qtbot.keyClick(line, "b")
    assert not w.unlock.caps.isVisibleTo(w)
    qtbot.keyClick(line, "C", Qt.KeyboardModifier.ShiftModifier)
    assert not w.unlock.caps.isVisibleTo(w)
