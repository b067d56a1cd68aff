"""Revisions: every save appends one; nothing is edited in place.

A revision is the canonical JSON of ``{"v", "record", "parent", "author", "time"}`` where
``record`` is the whole record (id, type, case_id, deleted, data). Its SHA-256 is its name; the
stored and exported line is the same object with ``"hash"`` added. Anyone can recompute it.
"""

from __future__ import annotations

import json

from fieldnotes import canonical, search
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import _
from fieldnotes.records import model, shape

FORMAT = 1


def make(record: dict, parent: str | None, author: str, time: str) -> tuple[str, str]:
    """Return (hash, line) for a new revision of ``record``."""
    envelope = {"v": FORMAT, "record": record, "parent": parent, "author": author, "time": time}
    digest = canonical.sha256_hex(canonical.encode(envelope))
    return digest, canonical.dumps({**envelope, "hash": digest})


def parse_line(line: str | bytes) -> dict:
    """Strictly parse and check one revision line (as found in a bundle).

    Checks the structure, the record's fields against the model, that the line is in canonical
    form and that its hash is right. Raises ValidationError with a sentence saying what is wrong.
    """
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("A record line is not valid JSON.")) from None
    shape.check_line(obj)  # every value has its JSON type before any rule reads it
    if obj["v"] != FORMAT:
        raise ValidationError(_("A record uses revision format {version!r}, not {expected}.").format(
            version=obj["v"], expected=FORMAT))
    rec = obj["record"]
    model.check_id(rec["id"], "record id")
    if rec["type"] not in model.SCHEMAS:
        raise ValidationError(_("A record has the unknown type {type!r}.").format(type=str(rec['type'])[:40]))
    if rec["type"] == "case":
        if rec["case_id"] != rec["id"]:
            raise ValidationError(_("A case record must be its own case."))
    else:
        model.check_id(rec["case_id"], "case id")
    if not isinstance(rec["deleted"], bool):
        raise ValidationError(_("A record's deleted flag is not true or false."))
    if rec["deleted"]:
        if rec["data"] != {}:
            raise ValidationError(_("A deleted record still carries data."))
    elif model.validate(rec["type"], rec["data"]) != rec["data"]:
        raise ValidationError(_("Record {id} is not in normal form.").format(id=rec['id']))
    if obj["parent"] is not None and not _is_hex64(obj["parent"]):
        raise ValidationError(_("A record's parent is not a revision hash."))
    if not isinstance(obj["author"], str) or not (
        len(obj["author"]) == 40 and obj["author"].isdigit()
    ):
        raise ValidationError(_("A record's author is not a fingerprint."))
    if not isinstance(obj["time"], str) or len(obj["time"]) > 40:
        raise ValidationError(_("A record's time is malformed."))
    digest, canon = make(rec, obj["parent"], obj["author"], obj["time"])
    if digest != obj["hash"]:
        raise ValidationError(_("Record {id} does not match its hash.").format(id=rec['id']))
    text = line.decode("utf-8") if isinstance(line, bytes) else line
    if canon != text.rstrip("\n"):
        raise ValidationError(_("Record {id} is not in canonical form.").format(id=rec['id']))
    return obj


def _is_hex64(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def apply(conn, obj: dict, line: str, origin: str | None) -> bool:
    """Store one revision and move the record's current state to it.

    Returns False (and changes nothing) when the revision is already present. The caller runs
    this inside a transaction and has checked that ``obj`` came from ``parse_line`` or ``make``.
    """
    if conn.execute("SELECT 1 FROM revisions WHERE hash = ?", (obj["hash"],)).fetchone():
        return False
    rec = obj["record"]
    seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM revisions").fetchone()[0]
    conn.execute(
        "INSERT INTO revisions(hash, record_id, parent, author, time, line, seq) "
        "VALUES(?, ?, ?, ?, ?, ?, ?)",
        (obj["hash"], rec["id"], obj["parent"], obj["author"], obj["time"], line, seq),
    )
    data_text = canonical.dumps(rec["data"])
    row = conn.execute("SELECT rowid FROM records WHERE id = ?", (rec["id"],)).fetchone()
    if row is None:
        cur = conn.execute(
            "INSERT INTO records(id, type, case_id, head, deleted, origin, author, created, "
            "updated, data) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rec["id"], rec["type"], rec["case_id"], obj["hash"], int(rec["deleted"]), origin,
             obj["author"], obj["time"], obj["time"], data_text),
        )
        rowid = cur.lastrowid
    else:
        rowid = row[0]
        conn.execute(
            "UPDATE records SET head = ?, deleted = ?, updated = ?, data = ?, case_id = ? "
            "WHERE rowid = ?",
            (obj["hash"], int(rec["deleted"]), obj["time"], data_text, rec["case_id"], rowid),
        )
    search.index(conn, rowid, rec["type"], rec["data"], rec["deleted"])
    return True
