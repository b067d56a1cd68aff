"""Review: the coordinator's decision on each record that came in a bundle.

A record imported from a researcher starts as "needs review". A decision (accepted, needs
follow-up, not usable, duplicate of another record) with an optional comment is the
coordinator's own data: each one is a review revision — canonical JSON naming the record, the
record's revision it was made about, the decision, the comment, the previous review revision,
the coordinator's fingerprint and the time, named by its SHA-256 — appended to
``review_revisions`` with an audit entry (ids and the decision, never the comment). The
sender's revisions are never touched and review revisions are never exported: bundles carry
the ``revisions`` table only.

A decision holds for the revision it was made about. When a later bundle brings a new revision
of the record, the record is back to "needs review" until it is decided again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fieldnotes import audit, canonical
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import N_, _
from fieldnotes.records import model
from fieldnotes.records.store import Store
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import transaction

FORMAT = 1
NEEDS_REVIEW = "needs_review"
STATES = {
    NEEDS_REVIEW: N_("Needs review"),
    "accepted": N_("Accepted"),
    "follow_up": N_("Needs follow-up"),
    "not_usable": N_("Not usable"),
    "duplicate": N_("Duplicate"),
}
MAX_COMMENT = model.MAX_TEXT * 5


def state_label(state: str) -> str:
    return _(STATES.get(state, state))


@dataclass
class Outcome:
    """What a (bulk) decision did: record ids changed, already so, refused with the reason."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


# The effective state of an imported record: its decision while it holds, else needs review.
STATE_SQL = ("CASE WHEN v.head = r.head THEN v.state ELSE 'needs_review' END")
_HOLDS = "v.head = r.head"


def _check(state: str, comment: str | None, duplicate_of: str | None) -> str:
    if state not in STATES:
        raise ValidationError(_("“{state}” is not a review decision; choose one of: "
                                "{choices}.").format(state=state, choices=", ".join(STATES)))
    if (state == "duplicate") != bool(duplicate_of):
        raise ValidationError(_("A duplicate names the record it duplicates, and only a "
                                "duplicate does."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT or "\x00" in comment:
        raise ValidationError(_("The comment is too long or contains a NUL character."))
    return comment


def set_decision(conn, author: str, record_ids: list[str], state: str,
                 comment: str | None = None, duplicate_of: str | None = None) -> Outcome:
    """Record one decision over one or many records, in one transaction (see module)."""
    comment = _check(state, comment, duplicate_of)
    out = Outcome()
    with transaction(conn):
        if duplicate_of and conn.execute("SELECT 1 FROM records WHERE id = ?",
                                         (duplicate_of,)).fetchone() is None:
            raise ValidationError(_("There is no record {id} to be a duplicate of.").format(
                id=duplicate_of))
        for rid in dict.fromkeys(record_ids):
            reason = _decide(conn, author, rid, state, comment or None, duplicate_of, out)
            if reason:
                out.refused.append((rid, reason))
    return out


def _decide(conn, author, rid, state, comment, duplicate_of, out: Outcome) -> str | None:
    row = conn.execute("SELECT r.origin, r.head, v.state, v.comment, v.duplicate_of, "
                       f"v.revision, {_HOLDS} FROM records r LEFT JOIN review v "
                       "ON v.record_id = r.id WHERE r.id = ?", (rid,)).fetchone()
    if row is None:
        return _("There is no record {id} in this vault.").format(id=rid)
    origin, head, was, was_comment, was_dup, parent, holds = row
    if origin is None:
        return _("Only records that came in a bundle are reviewed; this one was made here.")
    if rid == duplicate_of:
        return _("A record cannot be a duplicate of itself.")
    current = (was, was_comment, was_dup) if holds else (NEEDS_REVIEW, None, None)
    if current == (state, comment, duplicate_of):
        out.unchanged.append(rid)
        return None
    body = {"v": FORMAT, "record_id": rid, "record_head": head, "state": state,
            "duplicate_of": duplicate_of, "comment": comment, "parent": parent,
            "author": author, "time": utc_now()}
    digest = canonical.sha256_hex(canonical.encode(body))
    seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM review_revisions").fetchone()[0]
    conn.execute("INSERT INTO review_revisions(hash, record_id, parent, line, seq) "
                 "VALUES(?, ?, ?, ?, ?)",
                 (digest, rid, parent, canonical.dumps({**body, "hash": digest}), seq))
    conn.execute(
        "INSERT INTO review(record_id, state, head, duplicate_of, comment, revision, time) "
        "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET state = "
        "excluded.state, head = excluded.head, duplicate_of = excluded.duplicate_of, "
        "comment = excluded.comment, revision = excluded.revision, time = excluded.time",
        (rid, state, head, duplicate_of, comment, digest, body["time"]))
    audit.append(conn, "review.set", rid, {"revision": digest, "state": state})
    out.changed.append(rid)
    return None


@dataclass
class Filters:
    state: str | None = None
    sender: str | None = None
    case_id: str | None = None
    rtype: str | None = None
    since: str | None = None   # on the record's last revision time, ISO text compared
    until: str | None = None

    def where(self) -> tuple[str, list]:
        sql, params = " WHERE r.origin IS NOT NULL AND r.deleted = 0", []
        if self.state == NEEDS_REVIEW:
            sql += f" AND (v.record_id IS NULL OR NOT {_HOLDS})"
        elif self.state:
            sql += f" AND v.state = ? AND {_HOLDS}"
            params.append(self.state)
        for column, value in (("r.origin", self.sender), ("r.case_id", self.case_id),
                              ("r.type", self.rtype)):
            if value:
                sql += f" AND {column} = ?"
                params.append(value)
        if self.since:
            sql += " AND r.updated >= ?"
            params.append(self.since)
        if self.until:
            sql += " AND r.updated < ?"
            params.append(self.until + "\uffff")  # a date takes in its whole day
        return sql, params


_LIST = ("SELECT r.rowid, r.id, r.type, r.case_id, r.origin, r.updated, r.data, "
         f"{STATE_SQL}, CASE WHEN {_HOLDS} THEN v.comment END, "
         f"CASE WHEN {_HOLDS} THEN v.duplicate_of END, c.data, k.name "
         "FROM records r LEFT JOIN review v ON v.record_id = r.id "
         "LEFT JOIN records c ON c.id = r.case_id LEFT JOIN contacts k ON k.fingerprint = r.origin")


def items(conn, filters: Filters | None = None, limit: int | None = None,
          offset: int = 0, after: int | None = None) -> list[dict]:
    """Imported records with their review state, in the order they arrived. Paged by
    ``limit`` and ``after`` (the ``rowid`` of the last item of the previous page), which
    costs the same on the thousandth page as on the first; ``offset`` also works."""
    where, params = (filters or Filters()).where()
    if after is not None:
        where += " AND r.rowid > ?"
        params.append(int(after))
    sql = _LIST + where + " ORDER BY r.rowid"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    out = []
    for rowid, rid, rtype, case_id, origin, updated, data, state, comment, dup, case_data, \
            name in conn.execute(sql, params):
        out.append({
            "rowid": rowid, "id": rid, "type": rtype, "case_id": case_id,
            "case_title": model.title_of("case", json.loads(case_data)) if case_data else "",
            "sender": origin, "sender_name": name, "updated": updated,
            "title": model.title_of(rtype, json.loads(data)), "state": state,
            "comment": comment, "duplicate_of": dup})
    return out


def cases(conn) -> list[dict]:
    """Every live case that came in a bundle (id and title, oldest first), for the review
    list's case filter; read through the case list's own index, not the million records."""
    return [{"id": c["id"], "title": c["title"]} for c in Store(conn, "").list("case")
            if c["origin"]]


def count(conn, filters: Filters | None = None) -> int:
    where, params = (filters or Filters()).where()
    return conn.execute("SELECT count(*) FROM records r LEFT JOIN review v ON v.record_id = "
                        "r.id" + where, params).fetchone()[0]


def history(conn, record_id: str) -> list[dict]:
    """Every review revision of a record, oldest first (as stored: hash included)."""
    return [json.loads(line) for (line,) in conn.execute(
        "SELECT line FROM review_revisions WHERE record_id = ? ORDER BY seq", (record_id,))]
