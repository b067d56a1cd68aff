"""The app's side of recovery (issue 13): recovery shares from the unlock screen, the recovery
section of Settings (shares, a new recovery key, the wipe policy, "Wipe this vault now" behind
the vault's name and a cancellable countdown), and the welcome screen's setup file."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from crypto import kdf, keyslots
from fieldnotes import contacts, recovery_shares, setup_file, strength, wipe
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.gui.conftest import STRONG
from ui.shell.settings_dialog import SettingsDialog
from ui.shell.settings_recovery import COUNTDOWN_SECONDS
from ui.vault import recovery_hooks


def _shares_to_files(vault, tmp_path):
    made = recovery_shares.split(vault, 2, 3)
    folder = tmp_path / "shares"
    folder.mkdir()
    return recovery_shares.write_share_files(made, folder, "Researcher")


def test_unlock_with_recovery_shares(make_window, vault, tmp_path, qtbot):
    files = _shares_to_files(vault, tmp_path)
    vault.close()
    w = make_window(vault.path)
    assert w.current_screen() is w.unlock
    w.unlock.shares_button.click()
    screen = w.recover_shares
    assert w.current_screen() is screen
    screen.load_files([files[1]])
    screen.passphrase.first.setText(STRONG)
    screen.passphrase.second.setText(STRONG)
    screen.go.click()
    qtbot.waitUntil(lambda: screen.error.isVisible(), timeout=20000)
    assert "One more share is needed: 1 given, 2 needed." in screen.error.text()
    screen.load_files([files[2]])
    screen.go.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.main_view, timeout=20000)
    w.lock()
    Vault.open(vault.path, STRONG).close()


def test_a_typed_share_with_a_typo_is_named(make_window, vault, tmp_path, qtbot):
    files = _shares_to_files(vault, tmp_path)
    vault.close()
    w = make_window(vault.path)
    w.unlock.shares_button.click()
    screen = w.recover_shares
    words = files[0].read_text().splitlines()[-1].split()
    words[3], words[4] = words[4], words[3]
    screen.boxes[0].setPlainText(" ".join(words))
    screen.boxes[1].setPlainText(files[1].read_text())
    screen.passphrase.first.setText(STRONG)
    screen.passphrase.second.setText(STRONG)
    screen.go.click()
    qtbot.waitUntil(lambda: screen.error.isVisible(), timeout=20000)
    assert screen.error.text().startswith("The share share 1 has a typo")
    assert w.current_screen() is screen


def _settings(w):
    dialog = SettingsDialog(w.settings, w)
    section = recovery_hooks.add_settings(dialog, w)
    dialog.show()
    return dialog, section


def test_settings_make_shares_new_key_and_policy(window, tmp_path, qtbot):
    dialog, section = _settings(window)
    vault = window.session.vault
    assert section.shares_status.text() == "No recovery shares."
    section.threshold.setValue(3)
    section.count.setValue(4)
    shown = section._make_shares()
    assert vault.slots.shares_info()["threshold"] == 3
    assert "Any 3 of 4 shares" in section.shares_status.text()
    out = tmp_path / "out"
    out.mkdir()
    paths = shown.save_to(out)
    assert len(paths) == 4
    texts = [p.read_text() for p in paths[:3]]
    assert shown.text.toPlainText().count("Fieldnotes recovery share") == 4
    shown.accept()
    assert shown.text.toPlainText() == ""  # the shares leave the screen with the dialog
    key = section._new_key()
    rotated = key.text.toPlainText()
    key.accept()
    assert section.wipe_on.text() == "Wipe the vault after this many failed unlocks in a row:"
    assert "recovery shares" in section.wipe_on.toolTip()
    section.wipe_on.setChecked(True)
    section.wipe_after.setValue(7)
    section.wipe_apply.click()
    assert wipe.policy(vault.slots) == 7
    window.lock()
    with recovery_shares.recover(vault.path, texts, ["a", "b", "c"], "shares passphrase"):
        pass
    Vault.recover(vault.path, rotated, PASS).close()


def test_wipe_now_needs_the_name_counts_down_and_can_be_cancelled(window, qtbot):
    dialog, section = _settings(window)
    path = window.session.vault.path
    wiping = section._wipe_now()
    assert not wiping.start.isEnabled()
    wiping.typed.setText("Someone")
    assert not wiping.start.isEnabled()
    wiping.typed.setText("Researcher")
    assert wiping.start.isEnabled()
    wiping.start.click()
    assert wiping.timer.isActive() and f"{COUNTDOWN_SECONDS} s" in wiping.status.text()
    wiping.cancel.click()
    assert not wiping.timer.isActive() and "nothing was wiped" in wiping.status.text()
    assert (path / "keyslots.json").exists() and window.session is not None
    wiping.start.click()
    wiping.timer.setInterval(20)  # the same ten ticks, faster
    qtbot.waitUntil(lambda: not path.exists(), timeout=10000)
    qtbot.waitUntil(lambda: window.current_screen() is window.welcome, timeout=5000)
    assert window.session is None


def test_setup_file_from_the_welcome_screen(make_window, tmp_path, qtbot):
    coord = Vault.create(tmp_path / "coord", PASS, name="Coordinating NGO",
                         params=kdf.minimum_params())[0]
    path = tmp_path / "org.setup"
    path.write_text(setup_file.create(coord, [], idle_minutes=4, min_strength_bits=60,
                                       kdf_floor_mib=80))
    bad = tmp_path / "bad.setup"
    bad.write_text(path.read_text().replace('"idle_minutes":4', '"idle_minutes":9'))
    w = make_window(tmp_path / "new-vault")
    assert w.welcome.setup_button.isVisible()
    assert recovery_hooks.choose_setup(w, bad) is None
    assert "altered" in w.setup_error.text()
    assert recovery_hooks.choose_setup(w, tmp_path / "gone.setup") is None
    assert w.setup_error.text() == f"Cannot read {tmp_path / 'gone.setup'}: there is no such file."
    dialog = recovery_hooks.choose_setup(w, path)
    assert coord.identity.card().fingerprint in [lb.text() for lb in dialog.findChildren(QLabel)]
    assert not dialog.ok.isEnabled()
    dialog.same.setChecked(True)
    dialog.ok.click()
    assert w.current_screen() is w.create
    w.create.name.setText("Researcher B")
    # Strong enough for any vault (45 bits), weaker than the organisation asks (60).
    w.create.passphrase.first.setText("plain short words here")
    w.create.passphrase.second.setText("plain short words here")
    assert not w.create.create_button.isEnabled()  # the organisation asks for more
    # the meter's sentence, with the organisation's floor: what `fieldnotes passwd` says
    assert w.create.passphrase.refusal.text() == strength.refusal("plain short words here", 60)
    assert "at least 60" in w.create.passphrase.refusal.text()
    w.create.passphrase.first.setText(STRONG)
    w.create.passphrase.second.setText(STRONG)
    w.create.create_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.recovery_key, timeout=20000)
    w.recovery_key.written.setChecked(True)
    w.recovery_key.continue_button.click()
    assert w.current_screen() is w.main_view
    listed = contacts.list_contacts(w.session.vault.conn)
    assert [(c["fingerprint"], c["verified"]) for c in listed] == [(coord.fingerprint, True)]
    assert w.settings.idle_minutes == 4
    # The organisation's key-derivation floor holds from the first slot (tests use 64 MiB).
    slots = keyslots.load(w.session.vault.path / "keyslots.json")
    assert slots.params().memory_kib >= 80 * 1024
    w.session.vault.change_passphrase(STRONG + " again")  # and for every slot after it
    slots = keyslots.load(w.session.vault.path / "keyslots.json")
    assert slots.params().memory_kib >= 80 * 1024
    coord.close()
