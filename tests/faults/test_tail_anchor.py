"""Silent loss through the WAL (issue 14): a process commits, is killed with its changes only
in vault.db-wal, and the WAL is then lost, garbled or cut. The vault must say so, never open
silently; it is read-only until the loss is acknowledged, and `audit verify` reports it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from fieldnotes import audit
from fieldnotes.errors import Refused
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS, ROOT, Cli

WRITER = textwrap.dedent("""
    import sys
    from fieldnotes.vault import Vault
    from fieldnotes.records.store import Store
    v = Vault.open(sys.argv[1], sys.argv[2])
    s = Store(v.conn, v.fingerprint)
    case = s.list("case")[0]["id"]
    for i in range(5):
        print(s.create("note", {"text": f"acknowledged note {i}"}, case), flush=True)
    sys.stdin.read()                    # still open, never closed: killed here
""")


def _killed_after_five_notes(make_vault, name):
    v, _ = make_vault(name)
    Store(v.conn, v.fingerprint).create("case", {"title": "wal"})
    path = v.path
    v.close()
    assert not (path / "vault.db-wal").exists()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), PASS], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ids = [proc.stdout.readline().strip() for _ in range(5)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert all(ids) and (path / "vault.db-wal").stat().st_size > 0
    return path, ids


def _notes(v) -> set[str]:
    return {r[0] for r in v.conn.execute("SELECT id FROM records WHERE type = 'note'")}


def _garble(wal):
    data = bytearray(wal.read_bytes())
    for i in range(40, len(data), 997):  # every frame's header and body, not the WAL header
        data[i] ^= 0x5A
    wal.write_bytes(bytes(data))


def _cut_half(wal):
    with open(wal, "r+b") as fh:
        fh.truncate(wal.stat().st_size // 2)


DAMAGE = {
    "removed": lambda p: (p / "vault.db-wal").unlink(),
    "removed_with_shm": lambda p: [(p / n).unlink() for n in ("vault.db-wal", "vault.db-shm")],
    "garbled": lambda p: _garble(p / "vault.db-wal"),
    "cut_in_half": lambda p: _cut_half(p / "vault.db-wal"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_lost_or_damaged_wal_is_said_and_the_vault_is_read_only(make_vault, tmp_path, damage):
    path, ids = _killed_after_five_notes(make_vault, damage)
    DAMAGE[damage](path)
    v = Vault.open(path, PASS)
    try:
        kept = _notes(v) & set(ids)
        missing = 5 - len(kept)
        assert missing > 0, "the damage should have cost notes"
        word = "change is" if missing == 1 else f"{missing} changes are"
        assert v.problem.startswith(f"The last {word} missing from vault.db (its -wal file "
                                    "was lost or damaged).")
        assert audit.verify(v.conn) == []  # the chain itself is intact: only the anchor knows
        store = Store(v.conn, v.fingerprint)
        case = store.list("case")[0]["id"]
        with pytest.raises(Refused, match="missing from vault.db"):
            store.create("note", {"text": "on top of a loss"}, case)
        assert len(_notes(v)) == len(kept)  # reads work
    finally:
        v.close()
    # the CLI says it for reads, refuses writes, and `audit verify` fails with it
    cli = Cli(tmp_path, path)
    listed = cli("case", "list")
    assert "missing from vault.db" in listed.stderr and listed.stdout.strip()
    verify = cli("audit", "verify", check=False)
    assert verify.returncode == 1 and "missing from vault.db" in verify.stderr
    refused = cli("case", "add", "--title", "x", check=False)
    assert refused.returncode == 1 and refused.stderr.count("missing from vault.db") == 1
    # acknowledged: written down in the audit log, and the vault is writable again
    ack = cli("audit", "acknowledge")
    assert "acknowledged" in ack.stdout.lower()
    assert "intact" in cli("audit", "verify").stdout
    cli("case", "add", "--title", "after the loss")
    with Vault.open(path, PASS) as again:
        assert again.problem is None
        last = [e for e in audit.entries(again.conn) if e["action"] == "vault.loss_acknowledged"]
        assert last and last[0]["detail"]["missing"] == missing


def test_an_intact_wal_after_a_kill_loses_nothing_and_says_nothing(make_vault):
    path, ids = _killed_after_five_notes(make_vault, "intact")
    with Vault.open(path, PASS) as v:
        assert v.problem is None
        assert set(ids) <= _notes(v)


def test_close_leaves_the_vault_whole_in_its_files(make_vault, tmp_path):
    """After close, a copy of the folder's files (never the WAL) holds every change."""
    v, _ = make_vault("whole")
    store = Store(v.conn, v.fingerprint)
    case = store.create("case", {"title": "t"})
    ids = {store.create("note", {"text": f"n{i}"}, case) for i in range(5)}
    other = v.connect()  # a worker's connection still open at lock
    other.execute("SELECT count(*) FROM records").fetchone()
    v.close()
    wal = v.path / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("vault.db", "keyslots.json", "vault.anchor"):
        shutil.copy(v.path / name, copy / name)
    with Vault.open(copy, PASS) as again:
        assert again.problem is None and ids <= _notes(again)


def test_a_removed_or_garbled_anchor_is_said(make_vault):
    v, _ = make_vault("anchor")
    path = v.path
    v.close()
    (path / "vault.anchor").write_bytes(os.urandom(256))
    with Vault.open(path, PASS) as opened:
        assert "vault.anchor" in opened.problem and "damaged" in opened.problem
    (path / "vault.anchor").unlink()
    with Vault.open(path, PASS) as opened:
        assert "vault.anchor is missing" in opened.problem
        opened.acknowledge_loss()
        assert opened.problem is None
    with Vault.open(path, PASS) as opened:
        assert opened.problem is None


def test_a_vault_db_swapped_for_an_older_copy_is_said(make_vault, tmp_path):
    v, _ = make_vault("older")
    store = Store(v.conn, v.fingerprint)
    case = store.create("case", {"title": "t"})
    v.close()
    shutil.copy(v.path / "vault.db", tmp_path / "older.db")
    with Vault.open(v.path, PASS) as again:
        Store(again.conn, again.fingerprint).create("note", {"text": "later"}, case)
    shutil.copy(tmp_path / "older.db", v.path / "vault.db")
    with Vault.open(v.path, PASS) as opened:
        assert opened.problem.startswith("The last change is missing from vault.db")


def _as_before_the_anchor(make_vault, name):
    """A closed vault as a version before vault.anchor left it: no anchor, no 'anchored'."""
    from fieldnotes.vault import transaction

    v, _ = make_vault(name)
    with transaction(v.conn):
        v.conn.execute("DELETE FROM meta WHERE key = 'anchored'")
    path = v.path
    v.close()
    (path / "vault.anchor").unlink()
    return path


def test_an_older_vault_is_anchored_at_its_first_open_even_if_that_open_crashes(make_vault,
                                                                              tmp_path):
    """The first open under this version records in vault.db itself (not only in its WAL)
    that the vault is anchored: a copy of vault.db taken while it is still open — the WAL of
    that first session lost — with vault.anchor deleted as well, is said, not adopted again."""
    path = _as_before_the_anchor(make_vault, "older-vault")
    with Vault.open(path, PASS) as first:          # adopted: anchored from now on
        assert first.problem is None and (path / "vault.anchor").exists()
        copy = tmp_path / "copy"
        copy.mkdir()
        for name in ("vault.db", "keyslots.json"):  # no -wal, no vault.anchor
            shutil.copy(path / name, copy / name)
    with Vault.open(copy, PASS) as opened:
        assert opened.problem is not None and "vault.anchor is missing" in opened.problem
    (path / "vault.anchor").unlink()
    with Vault.open(path, PASS) as opened:
        assert "vault.anchor is missing" in opened.problem
