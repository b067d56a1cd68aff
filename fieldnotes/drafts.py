"""Drafts: what a person typed into a form and has not saved yet, kept inside the vault.

The app writes the open form's values here every few seconds and before any lock or close,
and offers them back at the next unlock ("You have an unsaved draft of …"). Drafts live in
``vault.db`` like everything else, so they are encrypted and scrubbed (secure_delete) when
dropped; they are never exported, audited or searched — they are not records yet.

A draft belongs to one form: a record being edited, or a new record of a type in a case
(:func:`form_key`). Saving or discarding the form drops its draft.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlcipher3

from fieldnotes import canonical
from fieldnotes.errors import ValidationError, VaultError
from fieldnotes.i18n import _
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import transaction

MAX_DRAFT_BYTES = 4 << 20   # a form's text, generously; a runaway paste is refused


@dataclass(frozen=True)
class Draft:
    form: str
    rtype: str
    case_id: str | None
    record_id: str | None   # None: a record not created yet
    title: str
    data: dict
    saved: str


def form_key(rtype: str, case_id: str | None, record_id: str | None) -> str:
    return f"{rtype}:{case_id or ''}:{record_id or 'new'}"


def save(conn, rtype: str, case_id: str | None, record_id: str | None, title: str,
         data: dict) -> Draft:
    """Keep (or replace) the draft of one form."""
    text = canonical.dumps(data)
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise ValidationError(_("This form holds too much text to keep as a draft; save it "
                                "as a record instead."))
    draft = Draft(form_key(rtype, case_id, record_id), rtype, case_id, record_id,
                  title.strip()[:200], data, utc_now())
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO drafts(form, rtype, case_id, record_id, title, data, saved) "
                "VALUES(?,?,?,?,?,?,?) ON CONFLICT(form) DO UPDATE SET title=excluded.title, "
                "data=excluded.data, saved=excluded.saved",
                (draft.form, rtype, case_id, record_id, draft.title, text, draft.saved))
    except sqlcipher3.OperationalError:   # another task holds the write lock a long while
        raise VaultError(_("The vault is busy, so the draft was not kept this time; it is "
                           "tried again in a few seconds.")) from None
    return draft


def get(conn, form: str) -> Draft | None:
    row = conn.execute("SELECT form, rtype, case_id, record_id, title, data, saved FROM drafts "
                       "WHERE form=?", (form,)).fetchone()
    return _draft(row) if row else None


def all_drafts(conn) -> list[Draft]:
    """Every draft, oldest first."""
    rows = conn.execute("SELECT form, rtype, case_id, record_id, title, data, saved FROM drafts "
                        "ORDER BY saved, form").fetchall()
    return [_draft(r) for r in rows]


def drop(conn, form: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM drafts WHERE form=?", (form,))


def _draft(row) -> Draft:
    form, rtype, case_id, record_id, title, data, saved = row
    return Draft(form, rtype, case_id, record_id, title, json.loads(data), saved)
