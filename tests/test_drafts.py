"""Drafts of open forms: kept in the vault (encrypted), replaced per form, dropped on request,
there after a lock and reopen, and never in plaintext on disk."""

from __future__ import annotations

import pytest

from fieldnotes import drafts
from fieldnotes.errors import ValidationError
from fieldnotes.vault import Vault
from tests.conftest import PASS


def test_save_replace_get_drop(vault):
    conn = vault.conn
    d = drafts.save(conn, "note", "case-1", None, "Half a note", {"text": "first words"})
    assert d.form == drafts.form_key("note", "case-1", None)
    drafts.save(conn, "note", "case-1", None, "Half a note", {"text": "first words, more"})
    drafts.save(conn, "testimony", "case-1", "rec-9", "Interview", {"text": "证词 text"})
    got = drafts.get(conn, d.form)
    assert got.data == {"text": "first words, more"} and got.record_id is None
    assert [x.rtype for x in drafts.all_drafts(conn)] == ["note", "testimony"]
    drafts.drop(conn, d.form)
    assert drafts.get(conn, d.form) is None
    assert [x.record_id for x in drafts.all_drafts(conn)] == ["rec-9"]


def test_drafts_survive_lock_and_are_encrypted(vault):
    secret = "the-draft-words-nobody-may-read-7731"
    drafts.save(vault.conn, "note", "c", None, "t", {"text": secret})
    path = vault.path
    vault.close()
    for f in path.rglob("*"):
        if f.is_file():
            assert secret.encode() not in f.read_bytes(), f
    again = Vault.open(path, PASS)
    try:
        assert drafts.all_drafts(again.conn)[0].data == {"text": secret}
    finally:
        again.close()


def test_a_runaway_draft_is_refused_and_changes_nothing(vault):
    with pytest.raises(ValidationError):
        drafts.save(vault.conn, "note", "c", None, "t", {"text": "x" * (drafts.MAX_DRAFT_BYTES + 1)})
    assert drafts.all_drafts(vault.conn) == []
