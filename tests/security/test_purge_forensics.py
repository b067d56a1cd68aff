"""purge destroys content for real: even someone holding the vault key who decrypts every page
of vault.db (free pages, old FTS segments, the WAL) finds no trace of it."""

from __future__ import annotations

from fieldnotes import attachments
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.security.pages import decrypt_pages

MARK = "PURGE-MARKER-Lawyer-Zhou-ShiFeng-Qzxjvbnk"
HAN = "周世锋律师被秘密关押"
BLOB_MARK = b"PURGE-BLOB-MARKER-0123456789"


def _plain(path, key) -> bytes:
    return decrypt_pages((path / "vault.db").read_bytes(), key)


def test_decryptor_sees_live_content(make_vault):
    """The forensic helper works: live text is visible to it (so the purge test means something)."""
    v, _ = make_vault("live")
    from fieldnotes.records.store import Store

    s = Store(v.conn, v.fingerprint)
    s.create("note", {"text": MARK}, s.create("case", {"title": "c"}))
    v.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    plain = _plain(v.path, v._key)
    assert MARK.encode() in plain and b"shifeng" in plain


def test_purged_text_and_bytes_are_gone_from_every_page(make_vault, tmp_path):
    v, _ = make_vault("purge")
    key = v._key
    from fieldnotes.records.store import Store

    s = Store(v.conn, v.fingerprint)
    case = s.create("case", {"title": "to be purged"})
    keep_case = s.create("case", {"title": "kept"})
    for i in range(50):
        s.create("note", {"text": f"{MARK} {HAN} {i}"}, case)
        s.create("note", {"text": f"unrelated kept note {i}"}, keep_case)
    nid = s.create("note", {"text": MARK}, case)
    s.update(nid, {"text": MARK + " edited"})
    src = tmp_path / "f.bin"
    src.write_bytes(BLOB_MARK * 50000)
    attachments.attach_file(s, case, src)
    s.purge(case)
    path = v.path
    v.close()
    plain = _plain(path, key)
    assert MARK.encode() not in plain
    # The full-text index keeps tokens, not text: look for the rare ones too.
    for token in (b"shifeng", b"qzxjvbnk"):
        assert token not in plain, token
    assert HAN.encode() not in plain
    assert BLOB_MARK not in plain
    assert b"unrelated kept note" in plain  # the decryptor still works on this file
    assert not (path / "vault.db-wal").exists() or (path / "vault.db-wal").stat().st_size == 0
    with Vault.open(path, PASS) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
