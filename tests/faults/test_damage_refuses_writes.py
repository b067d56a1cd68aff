"""Once a read has met a damaged page of vault.db, writes are refused and the reason said, in
this process and in the next (issue 14: writes were accepted into 35 of 50 damaged vaults)."""

from __future__ import annotations

import pytest
import sqlcipher3

from fieldnotes.errors import Refused
from fieldnotes.records.store import Store
from fieldnotes.vault import PAGE_SIZE, Vault
from tests.conftest import PASS, Cli


def _damaged_vault(make_vault):
    v, _ = make_vault("damaged")
    store = Store(v.conn, v.fingerprint)
    case = store.create("case", {"title": "t"})
    for i in range(60):
        store.create("note", {"text": f"note {i} " + "y" * 3000}, case)
    path = v.path
    v.close()
    db = path / "vault.db"
    data = bytearray(db.read_bytes())
    pages = len(data) // PAGE_SIZE
    for page in range(pages - 3, pages):  # a bit in each of the last pages (the notes)
        data[page * PAGE_SIZE + 777] ^= 0x10
    db.write_bytes(bytes(data))
    return path, case


def _read_everything(v):
    for (table,) in v.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        try:
            v.conn.execute(f'SELECT * FROM "{table}"').fetchall()
        except sqlcipher3.DatabaseError:
            return True
    return False


def test_after_a_damaged_read_writes_are_refused(make_vault, tmp_path):
    path, case = _damaged_vault(make_vault)
    v = Vault.open(path, PASS)
    try:
        assert v.problem is None
        assert _read_everything(v), "the damage should show on some read"
        assert "damaged page of vault.db" in v.problem
        with pytest.raises(Refused, match="damaged page of vault.db"):
            Store(v.conn, v.fingerprint).create("note", {"text": "more"}, case)
    finally:
        v.close()
    # the next process knows without meeting the page again
    with Vault.open(path, PASS) as again:
        assert "damaged page of vault.db" in again.problem
    cli = Cli(tmp_path, path)
    refused = cli("case", "add", "--title", "x", check=False)
    assert refused.returncode == 1 and "damaged page" in refused.stderr
    assert cli("audit", "acknowledge", check=False).returncode == 1
    check = cli("check", check=False)
    assert check.returncode == 1 and check.stderr.count("\n") == 1
    assert "vault.db is damaged" in check.stderr


def test_a_passing_check_lifts_a_damage_flag(make_vault):
    v, _ = make_vault("transient")
    path = v.path
    v.guard.mark_damaged()  # as if a read had failed once (a flaky cable)
    v.close()
    with Vault.open(path, PASS) as again:
        assert again.problem is not None
        again.check_integrity()
        assert again.problem is None
    with Vault.open(path, PASS) as again:
        assert again.problem is None
