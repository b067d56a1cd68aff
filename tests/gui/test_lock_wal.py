"""Locking or quitting the app leaves no change only in the WAL (issue 14): a copy of the vault's
files taken while the app is locked holds everything (the checkpoint is the core's close)."""

from __future__ import annotations

import shutil

import pytest

from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.gui.helpers import add_record


def _copy_without_wal(src, dst):
    dst.mkdir()
    for name in ("vault.db", "keyslots.json", "vault.anchor"):
        shutil.copy(src / name, dst / name)
    return dst


def _wal_empty(path) -> bool:
    wal = path / "vault.db-wal"
    return not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("how", ["lock", "quit"])
def test_lock_and_quit_leave_nothing_only_in_the_wal(window, case_view, qtbot, tmp_path, how):
    tab = case_view.tabs_by_type["note"]
    saved = [add_record(tab, title=f"Note {i}", text=f"Saved before the {how} {i}")
             for i in range(3)]
    vault = window.session.vault
    path = vault.path
    assert not _wal_empty(path)  # the saves sit in the WAL while unlocked
    if how == "lock":
        window.lock()
        qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    else:
        window.close()
        qtbot.waitUntil(lambda: vault.locked, timeout=5000)
    assert _wal_empty(path)
    with Vault.open(_copy_without_wal(path, tmp_path / "copy"), PASS) as copy:
        assert copy.problem is None
        ids = {r[0] for r in copy.conn.execute("SELECT id FROM records")}
    assert set(saved) <= ids


def _unlocked_without_anchor(make_vault, make_window, qtbot, name):
    """A vault whose vault.anchor was lost, unlocked in a window: (vault, window, notice)."""
    v, _ = make_vault(name)
    path = v.path
    v.close()
    (path / "vault.anchor").unlink()
    opened = Vault.open(path, PASS)
    w = make_window(path)
    w._open_session(opened)
    notice = w.main_view.notice
    qtbot.waitUntil(notice.isVisible, timeout=5000)
    return opened, w, notice


def test_a_vault_that_lost_history_says_so_when_unlocked(make_vault, make_window, qtbot):
    _opened, w, notice = _unlocked_without_anchor(make_vault, make_window, qtbot, "lost-anchor")
    assert "vault.anchor is missing" in notice.text.text()
    assert "read-only" in notice.text.text()
    assert not w.main_view.error.isVisible()  # said once, not again as a refused write


@pytest.mark.parametrize("accept", [False, True])
def test_the_app_offers_to_accept_a_loss_and_then_writes_again(make_vault, make_window, qtbot,
                                                               monkeypatch, accept):
    opened, _w, notice = _unlocked_without_anchor(make_vault, make_window, qtbot,
                                                  "lost-anchor-accept")
    assert notice.action_button.isVisible()
    asked = []
    monkeypatch.setattr("ui.shell.app_window.confirm",
                        lambda *a, **k: asked.append(a[2]) or accept)
    notice.action_button.click()
    assert asked and "audit log" in asked[0]
    if not accept:  # cancelled: still read-only, still offered
        assert opened.problem is not None and notice.action_button.isVisible()
        return
    assert opened.problem is None
    assert "recorded in the audit log" in notice.text.text()
    assert not notice.action_button.isVisible()
    actions = [r[0] for r in opened.conn.execute("SELECT action FROM audit")]
    assert "vault.loss_acknowledged" in actions


def test_a_whole_vault_offers_nothing_to_accept(window):
    assert not window.session.vault.loss_to_acknowledge
    assert not window.main_view.notice.action_button.isVisible()
