"""Welcome → create vault → recovery key shown once → main window; unlock errors."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from crypto import recovery
from fieldnotes.errors import FieldnotesError
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.gui.conftest import STRONG


def test_create_vault_shows_recovery_key_and_requires_checkbox(make_window, tmp_path, qtbot):
    w = make_window(tmp_path / "new-vault")
    assert w.current_screen() is w.welcome
    w.welcome.create_button.click()
    assert w.current_screen() is w.create

    create = w.create
    create.name.setText("Amina")
    create.passphrase.first.setText(STRONG)
    create.passphrase.second.setText(STRONG + "x")
    assert not create.create_button.isEnabled()          # the two differ
    assert "differ" in create.passphrase.mismatch.text()
    create.passphrase.second.setText(STRONG)
    assert create.create_button.isEnabled()
    assert create.passphrase.assessment.level >= 3

    create.create_button.click()
    assert create.progress.isVisible()                   # KDF runs on the worker
    qtbot.waitUntil(lambda: w.current_screen() is w.recovery_key, timeout=20000)

    shown = w.recovery_key.key_label.text()
    groups = re.findall(r"[0-9A-Z]{5}", shown)
    assert len(groups) == 13
    assert w.recovery_key.key_label.font().fixedPitch() or w.recovery_key.key_label.font().pointSizeF() >= 18
    assert not w.recovery_key.continue_button.isEnabled()
    w.recovery_key.continue_button.click()
    assert w.current_screen() is w.recovery_key          # nothing happens without the tick

    w.recovery_key.written.setChecked(True)
    w.recovery_key.continue_button.click()
    assert w.current_screen() is w.main_view
    assert w.recovery_key.key_label.text() == ""         # shown once, then gone
    assert w.session.vault.identity.name == "Amina"

    # The key shown is the vault's real recovery key.
    w.lock()
    v = Vault.recover(tmp_path / "new-vault", " ".join(groups), "another passphrase 42")
    v.close()


def test_wrong_passphrase_shows_sentence_and_stays(make_window, vault, qtbot):
    vault.close()
    w = make_window(vault.path)
    assert w.current_screen() is w.unlock
    w.show()
    qtbot.waitExposed(w)
    field_at = w.unlock.passphrase.mapTo(w, w.unlock.passphrase.rect().topLeft())
    w.unlock.passphrase.setText("not the passphrase")
    w.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: w.unlock.error.isVisible(), timeout=20000)
    # The field stays where it was: the error takes space kept for it, nothing jumps.
    assert w.unlock.passphrase.mapTo(w, w.unlock.passphrase.rect().topLeft()) == field_at
    try:
        Vault.open(vault.path, "not the passphrase")
    except FieldnotesError as exc:
        expected = exc.message
    assert w.unlock.error.text() == expected
    assert "\n" not in expected and "Traceback" not in expected
    assert w.current_screen() is w.unlock
    assert w.session is None

    w.unlock.passphrase.setText(PASS)
    qtbot.keyClick(w.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.current_screen() is w.main_view, timeout=20000)
    assert not w.session.vault.locked


def test_missing_database_is_one_sentence(make_window, vault, qtbot):
    vault.close()
    w = make_window(vault.path)
    (vault.path / "vault.db").rename(vault.path / "moved.db")
    w.unlock.passphrase.setText(PASS)
    w.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: w.unlock.error.isVisible(), timeout=20000)
    assert "has lost vault.db" in w.unlock.error.text()
    assert w.current_screen() is w.unlock
    # Opened again, the window knows at once; neither the recovery key nor recovery shares
    # can bring back a lost file, so neither is offered.
    again = make_window(vault.path)
    assert "has lost vault.db" in again.unlock.error.text()
    assert not again.unlock.recover_button.isEnabled()
    assert not again.unlock.shares_button.isEnabled()


def test_recover_with_recovery_key(make_window, make_vault, qtbot):
    v, key = make_vault("lost")
    v.close()
    w = make_window(v.path)
    w.unlock.recover_requested.emit(v.path)
    assert w.current_screen() is w.recover
    w.recover.key.setPlainText(key.lower())
    w.recover.passphrase.first.setText(STRONG)
    w.recover.passphrase.second.setText(STRONG)
    w.recover.go.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.main_view, timeout=20000)
    w.lock()
    Vault.open(v.path, STRONG).close()


def test_recovery_key_typo_names_the_group(make_window, make_vault, qtbot):
    v, key = make_vault("typo")
    v.close()
    w = make_window(v.path)
    w.unlock.recover_requested.emit(v.path)
    w.recover.key.setPlainText(key[:-1])
    w.recover.passphrase.first.setText(STRONG)
    w.recover.passphrase.second.setText(STRONG)
    w.recover.go.click()
    qtbot.waitUntil(lambda: w.recover.error.isVisible(), timeout=20000)
    assert w.recover.error.text()
    assert w.current_screen() is w.recover
    assert recovery.parse(key)  # the untouched key is fine


def test_return_in_the_repeat_field_creates_and_fields_line_up(make_window, tmp_path, qtbot):
    w = make_window(tmp_path / "enter-vault")
    w.welcome.create_button.click()
    create = w.create
    qtbot.waitUntil(lambda: create.name.isVisible() and create.name.width() > 50)
    name_x = create.name.mapTo(w, create.name.rect().topLeft()).x()
    first = create.passphrase.first
    assert name_x == first.mapTo(w, first.rect().topLeft()).x()
    create.name.setText("Amina")
    first.setText(STRONG)
    create.passphrase.second.setText(STRONG)
    qtbot.keyClick(create.passphrase.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.current_screen() is w.recovery_key, timeout=20000)


def test_tab_goes_name_passphrase_repeat_then_buttons(make_window, tmp_path, qtbot):
    """Tab from the name used to land on Back, so the space in a typed passphrase pressed Back
    and the rest of the passphrase went into the name on the next screen."""
    from PySide6.QtWidgets import QApplication

    w = make_window(tmp_path / "tab-vault")
    w.show()
    w.activateWindow()
    w.welcome.create_button.click()
    create = w.create
    qtbot.waitUntil(lambda: create.name.isVisible())
    create.name.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is create.name)
    order = [create.passphrase.first, create.passphrase.second]
    for expected in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        assert QApplication.focusWidget() is expected
    qtbot.keyClicks(create.passphrase.first, "maple river")
    assert w.current_screen() is w.create and create.name.text() == ""
