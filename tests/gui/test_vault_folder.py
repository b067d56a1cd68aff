"""A folder that is not a whole vault is named as such before any passphrase is asked for,
and nothing in it is touched."""

from __future__ import annotations

import hashlib

from fieldnotes.vault import DB_NAME, SLOTS_NAME


def _snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_missing_keyslots_is_said_at_once(make_window, vault):
    vault.close()
    (vault.path / SLOTS_NAME).unlink()
    before = _snapshot(vault.path)
    w = make_window(vault.path)
    assert w.current_screen() is w.unlock
    assert not w.unlock.error.isHidden()
    assert SLOTS_NAME in w.unlock.error.text() and "backup" in w.unlock.error.text()
    assert "\n" not in w.unlock.error.text()
    assert not w.unlock.unlock_button.isEnabled()
    assert not w.unlock.recover_button.isEnabled()   # the recovery key lives in that file too
    assert _snapshot(vault.path) == before


def test_missing_database_is_not_offered_as_a_new_vault(make_window, vault):
    vault.close()
    for p in vault.path.iterdir():
        if p.name.startswith(DB_NAME):
            p.unlink()
    before = _snapshot(vault.path)
    w = make_window(vault.path)
    assert w.current_screen() is w.unlock          # not the welcome screen's "create here"
    assert DB_NAME in w.unlock.error.text()
    assert not w.unlock.unlock_button.isEnabled()
    assert _snapshot(vault.path) == before


def test_opening_a_folder_that_is_not_a_vault(make_window, tmp_path):
    w = make_window(tmp_path / "new")
    other = tmp_path / "holiday photos"
    other.mkdir()
    w.welcome.open_requested.emit(other)
    assert w.current_screen() is w.unlock
    assert "not a Fieldnotes vault" in w.unlock.error.text()
    assert not w.unlock.unlock_button.isEnabled()
    w.unlock.other_requested.emit()
    assert w.current_screen() is w.welcome
