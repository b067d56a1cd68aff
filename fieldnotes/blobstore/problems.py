"""The sentences that name a damaged blob: which attachment, which record, what is wrong."""

from __future__ import annotations

import json

from fieldnotes.errors import AttachmentCorrupt
from fieldnotes.i18n import _

MISSING, LENGTH, ALTERED = "missing", "length", "altered"


def owner(conn, sha256: str | None) -> tuple[str, str]:
    """(file name, record id) of an attachment record that holds this blob; placeholders
    when none does (a recording not yet finished)."""
    if sha256:
        row = conn.execute(
            "SELECT id, data FROM records WHERE type = 'attachment' "
            "AND json_extract(data, '$.sha256') = ? ORDER BY deleted, created LIMIT 1",
            (sha256,)).fetchone()
        if row:
            return json.loads(row[1]).get("filename", ""), row[0]
        return sha256[:12] + "…", "—"
    return _("(recording in progress)"), "—"


def sentence(conn, sha256: str | None, kind: str) -> str:
    name, record = owner(conn, sha256)
    if kind == MISSING:
        text = _("The file of the attachment “{name}” (record {record}) is missing from the "
                 "vault's blobs folder.")
    elif kind == LENGTH:
        text = _("The file of the attachment “{name}” (record {record}) has been cut short or "
                 "has grown.")
    else:
        text = _("The file of the attachment “{name}” (record {record}) has been altered or "
                 "swapped with another file.")
    return text.format(name=name, record=record)


def damaged(conn, sha256: str | None, kind: str) -> AttachmentCorrupt:
    return AttachmentCorrupt(sentence(conn, sha256, kind))
