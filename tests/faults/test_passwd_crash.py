"""passwd is one crash-consistent step (issue 14): killed at any point, the passphrase that
opens the vault is the one its audit log says, and a pending change is settled at unlock."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from fieldnotes import audit
from fieldnotes.errors import WrongPassphrase
from fieldnotes.vault import Vault
from tests.conftest import PASS, ROOT

NEW = "a brand new passphrase"

# The child stops (blocks on stdin, so the test can kill it) at one point of the change.
CHANGE = textwrap.dedent("""
    import sys
    from fieldnotes import slots_change
    from fieldnotes.vault import Vault
    point = sys.argv[3]
    def stop(*a, **k):
        print("at " + point, flush=True)
        sys.stdin.read()
    if point == "before_commit":     # the pending file is on disk, the audit entry is not
        slots_change.audit.append = stop
    elif point == "before_rename":   # the audit entry is committed, keyslots.json is the old
        slots_change._install = stop
    elif point == "after_rename":    # keyslots.json is the new one, the folder not yet synced
        slots_change.vault_files.fsync_dir = stop
    v = Vault.open(sys.argv[1], sys.argv[2])
    v.change_passphrase(sys.argv[4])
""")


def _killed_in_passwd(make_vault, point):
    v, _ = make_vault(point)
    path = v.path
    v.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", CHANGE, str(path), PASS, point, NEW],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == f"at {point}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return path


def _opens(path, phrase) -> bool:
    try:
        Vault.open(path, phrase).close()
    except WrongPassphrase:
        return False
    return True


def _truthful(path) -> bool:
    """Exactly one passphrase opens, and the log records a change iff it is the new one, with
    the digest of the keyslots.json in force. Returns whether the new one opens."""
    old, new = _opens(path, PASS), _opens(path, "a brand new passphrase")
    assert old != new
    with Vault.open(path, NEW if new else PASS) as v:
        assert audit.verify(v.conn) == []
        changes = [e for e in audit.entries(v.conn) if e["action"] == "vault.passphrase_changed"]
    assert len(changes) == (1 if new else 0)
    if new:
        slots = (path / "keyslots.json").read_bytes()
        assert changes[0]["detail"]["keyslots"] == hashlib.sha256(slots).hexdigest()
    assert not (path / "keyslots.json.pending").exists()
    return new


@pytest.mark.parametrize("point", ["before_commit", "before_rename", "after_rename"])
@pytest.mark.parametrize("typed", ["old", "new"])
def test_a_passwd_killed_anywhere_settles_truthfully(make_vault, point, typed):
    path = _killed_in_passwd(make_vault, point)
    phrase = PASS if typed == "old" else NEW
    if point == "after_rename" and typed == "old":
        with pytest.raises(WrongPassphrase):
            Vault.open(path, phrase)
    else:
        with Vault.open(path, phrase) as v:
            completed = v.notice is not None
        # committed before the kill, or typed by someone who knows it: the change stands
        assert completed == (point == "before_rename" or (point == "before_commit"
                                                           and typed == "new"))
    assert _truthful(path) == (point != "before_commit" or typed == "new")
