"""One open Vault per vault folder (fieldnotes/open_lock.py): a second open -- in this process,
another process or the CLI -- is refused with one sentence before any key is derived and
changes nothing on disk; close releases the lock, and so does a crash (a killed process)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys

import pytest

from fieldnotes import open_lock
from fieldnotes.errors import VaultInUse
from fieldnotes.vault import Vault
from tests.conftest import PASS, ROOT

SENTENCE = ("This vault is already open in another Fieldnotes window or command; close it "
            "there first.")


def _snapshot(folder):
    """Every file in the folder with its bytes' hash and its mtime: "nothing changed"."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir()) if p.is_file()}


def _hold_in_child(folder):
    """A child process that opens the vault and keeps it open until killed."""
    code = ("import sys; from fieldnotes.vault import Vault; "
            "v = Vault.open(sys.argv[1], sys.argv[2]); print('open', flush=True); sys.stdin.read()")
    child = subprocess.Popen([sys.executable, "-c", code, str(folder), PASS], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert child.stdout.readline().strip() == "open"  # blocks until the child holds it
    return child


def test_second_open_in_one_process_is_refused_until_close(make_vault):
    v, _rec = make_vault()
    with pytest.raises(VaultInUse) as err:
        Vault.open(v.path, PASS)
    assert str(err.value) == SENTENCE
    # The first Vault is unharmed, and its worker connections are its own (no second lock).
    worker = v.connect()
    assert worker.execute("SELECT count(*) FROM identity").fetchone()[0] == 1
    v.release(worker)
    v.close()
    again = Vault.open(v.path, PASS)
    assert not again.locked
    again.lock()  # lock() releases it too
    Vault.open(v.path, PASS).close()


def test_the_lock_file_is_empty_and_private(make_vault):
    v, _rec = make_vault()
    lock = v.path / open_lock.NAME
    assert lock.stat().st_size == 0
    assert lock.stat().st_mode & 0o777 == 0o600
    v.close()
    assert lock.read_bytes() == b""


def test_other_process_holding_it_refuses_before_the_key_and_changes_nothing(make_vault):
    v, _rec = make_vault()
    folder = v.path
    v.close()
    child = _hold_in_child(folder)
    try:
        before = _snapshot(folder)
        # A wrong passphrase would be a counted failure after the key derivation: refused
        # first means the lock is checked before it.
        with pytest.raises(VaultInUse):
            Vault.open(folder, "not the passphrase")
        with pytest.raises(VaultInUse):
            Vault(folder, b"\0" * 32, None)  # even past the check, the constructor refuses
        assert _snapshot(folder) == before
    finally:
        child.send_signal(signal.SIGKILL)  # a crash: the kernel drops its lock
        child.wait()
    Vault.open(folder, PASS).close()


def test_cli_says_it_before_asking_for_the_passphrase(make_vault, tmp_path):
    v, _rec = make_vault()
    missing = tmp_path / "no-such-passphrase-file"
    before = _snapshot(v.path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for lang, sentence in (("C.UTF-8", SENTENCE),
                           ("zh_CN.UTF-8", "此保险库已在另一个 Fieldnotes 窗口或命令中打开；"
                                           "请先在那里关闭它。")):
        proc = subprocess.run(
            [sys.executable, "-m", "fieldnotes", "--vault", str(v.path), "--passphrase-file",
             str(missing), "case", "list"], capture_output=True, text=True, cwd=ROOT,
            env=dict(env, LANG=lang), timeout=300)
        assert proc.returncode == 1
        assert sentence in proc.stderr and "Traceback" not in proc.stderr
    assert _snapshot(v.path) == before
