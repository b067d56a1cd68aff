"""What an export holds: which local revisions and attachments, and what consent leaves out.

A selection is expressed as SQL over ``revisions`` (so it can be streamed twice in one read
transaction without holding it in memory): local, unpurged revisions up to the snapshot's
highest ``seq``, of the chosen cases (or all), minus the records consent leaves out; with
``since_last``, only revisions not yet sent to at least one of the recipients (every revision
ever put in a bundle is listed in ``bundle_revisions``). That catches up on material an earlier
bundle left out (consent widened later, or another case), not only on new edits.

Consent: a testimony goes only if its current consent covers every recipient —
publish_anonymised and publish_named cover anyone; share_named covers a recipient whose
fingerprint is among ``consent.contacts`` (organisations picked from contacts) or whose name
(case-insensitive) or fingerprint is among ``consent.organisations`` (free text, for
organisations that were not contacts yet); internal covers nobody.
A deleted testimony is judged by the consent of its last revision before the deletion. A
testimony left out takes with it every attachment attached to it (``data.record_id``).
``include`` overrides this for the given testimony ids, except where consent was withdrawn:
withdrawn material is never exported, except as a withdrawal notice to recipients who already
hold it (bundle/withdrawal.py). A person known only as the interviewee of testimonies
left out (no testimony that goes names them, no link ties them to an event) is left out too,
with what is attached to them: their name would say who spoke (``include`` their id to send it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fieldnotes import contacts
from fieldnotes.bundle import withdrawal
from fieldnotes.errors import NotFound, Refused, ValidationError
from fieldnotes.i18n import N_, _
from fieldnotes.records import model


@dataclass
class Selection:
    recipients: list[dict]
    high_seq: int
    where: str
    params: list
    left_out: list[dict] = field(default_factory=list)
    withdrawals: list[dict] = field(default_factory=list)  # notices that go (withdrawal.py)
    copies: str = "both"  # attachments with a working copy: "originals", "working" or both


def _mode(cases, everything: bool, since_last: bool) -> None:
    chosen = sum([bool(cases), bool(everything), bool(since_last)])
    if chosen != 1:
        raise ValidationError(_("Choose what to export: some cases, everything, or what changed since the last bundle."))


def _check_cases(conn, cases: list[str]) -> list[str]:
    out = []
    for case_id in cases:
        model.check_id(case_id, "case id")
        row = conn.execute("SELECT type, origin FROM records WHERE id = ?", (case_id,)).fetchone()
        if row is None or row[0] != "case":
            raise NotFound(_("There is no case {case_id} in this vault.").format(case_id=case_id))
        if row[1]:
            raise Refused(_("That case came from another researcher's bundle; only your own records can be exported."))
        if case_id not in out:
            out.append(case_id)
    return out


def covers(consent: dict, recipient: dict) -> str | None:
    """None if ``consent`` allows sharing with ``recipient``, else the reason it does not."""
    scope = consent.get("scope")
    if scope in ("publish_anonymised", "publish_named"):
        return None
    if scope == "withdrawn":
        return _("Consent was withdrawn; withdrawn testimony is never exported.")
    if scope == "share_named":
        if recipient["fingerprint"] in consent.get("contacts", []):
            return None
        named = {o.strip().casefold() for o in consent.get("organisations", [])}
        digits = {"".join(ch for ch in o if ch.isdigit()) for o in named}
        if recipient["name"].strip().casefold() in named or recipient["fingerprint"] in digits:
            return None
        return _("Consent does not name {name}.").format(name=recipient["name"])
    return _("Consent is for internal use only.")


def _consent_of(conn, record_id: str, data: dict) -> dict:
    """Current consent; for a deleted testimony, that of its last revision with data."""
    if "consent" in data:
        return data["consent"]
    for (line,) in conn.execute(
        "SELECT line FROM revisions WHERE record_id = ? AND purged = 0 ORDER BY seq DESC",
        (record_id,),
    ):
        consent = json.loads(line)["record"]["data"].get("consent")
        if consent:
            return consent
    return {"scope": "internal"}


def _left_out(conn, recipients: list[dict], scope_sql: str, scope_params: list,
              include: set[str]) -> tuple[list[dict], list[dict]]:
    """(what consent leaves out, withdrawal notices that go: see bundle/withdrawal.py)."""
    out: list[dict] = []
    notices: list[dict] = []
    testimonies = conn.execute(
        f"SELECT id, data FROM records WHERE type = 'testimony' AND origin IS NULL "
        f"AND purged IS NULL AND {scope_sql} ORDER BY created, id", scope_params).fetchall()
    for rid, data_text in testimonies:
        data = json.loads(data_text)
        consent = _consent_of(conn, rid, data)
        reasons = [r for r in (covers(consent, c) for c in recipients) if r]
        if not reasons:
            continue
        withdrawn = consent.get("scope") == "withdrawn"
        if rid in include and not withdrawn:
            continue
        item = {"id": rid, "type": "testimony", "title": model.title_of("testimony", data),
                "reason": reasons[0], "withdrawn": withdrawn}
        if withdrawn:
            goes, why = withdrawal.decide(conn, rid, recipients)
            item["reason"] = why or item["reason"]
            if goes:
                notices.append(item)
                continue
        out.append(item)
    out += _withheld_sources(conn, {o["id"] for o in out}, scope_sql, scope_params, include)
    parents = {o["id"] for o in out + notices}
    told = {n["id"] for n in notices}
    if parents:
        for rid, data_text in conn.execute(
            "SELECT id, data FROM records WHERE type = 'attachment' AND origin IS NULL "
            "AND json_extract(data, '$.record_id') IN (SELECT value FROM json_each(?)) "
            "ORDER BY created, id", (json.dumps(list(parents)),)):
            data = json.loads(data_text)
            why = (_("Attached to a testimony whose consent was withdrawn.")
                   if data["record_id"] in told else
                   _("Attached to a record that consent leaves out."))
            out.append({"id": rid, "type": "attachment",
                        "title": model.title_of("attachment", data), "reason": why})
    return out, notices


_SOURCE_ONLY = N_("Known here only as the source of testimony that consent leaves out; "
                "sending the name would say who spoke.")


def _withheld_sources(conn, withheld: set[str], scope_sql: str, scope_params: list,
                      include: set[str]) -> list[dict]:
    """Persons who are the interviewee of a testimony left out and of nothing that goes: no
    testimony that goes names them, no link ties them to an event. Their record would tell
    the recipient who gave the testimony that consent keeps back."""
    if not withheld:
        return []
    sources: dict[str, set[str]] = {}  # person -> the testimonies that name them
    for tid, pid in conn.execute(
            f"SELECT id, json_extract(data, '$.interviewee_id') FROM records "
            f"WHERE type = 'testimony' AND {scope_sql}", scope_params):
        if pid:
            sources.setdefault(pid, set()).add(tid)
    linked = {pid for (pid,) in conn.execute(
        f"SELECT json_extract(data, '$.person_id') FROM records "
        f"WHERE type = 'link' AND deleted = 0 AND {scope_sql}", scope_params)}
    held = [pid for pid, tids in sources.items()
            if tids <= withheld and pid not in linked and pid not in include]
    rows = conn.execute(
        "SELECT id, data FROM records WHERE type = 'person' AND origin IS NULL "
        "AND purged IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY created, id",
        (json.dumps(held),)).fetchall()
    return [{"id": pid, "type": "person", "title": model.title_of("person", json.loads(data)),
             "reason": _(_SOURCE_ONLY)} for pid, data in rows]


COPIES = ("both", "originals", "working")


def _copies_left_out(conn, copies: str, scope_sql: str, scope_params: list,
                     already: set[str]) -> list[dict]:
    """With ``copies`` "working", the originals that have a working copy stay here (their
    metadata can identify a source, a device or a place) and the copies go; with
    "originals", the copies stay and the originals go."""
    pairs = conn.execute(
        f"SELECT id, json_extract(data, '$.working_copy_of') FROM records "
        f"WHERE type = 'attachment' AND origin IS NULL AND purged IS NULL AND deleted = 0 "
        f"AND json_extract(data, '$.working_copy_of') IS NOT NULL AND {scope_sql}",
        scope_params).fetchall()
    if copies == "working":
        held = {original: N_("The working copy without identifying metadata goes instead.")
                for copy, original in pairs if copy not in already}
    else:
        held = {copy: N_("A working copy; the original goes instead.") for copy, _o in pairs}
    rows = conn.execute(
        "SELECT id, data FROM records WHERE id IN (SELECT value FROM json_each(?)) "
        "ORDER BY created, id", (json.dumps(sorted(set(held) - already)),)).fetchall()
    return [{"id": rid, "type": "attachment",
             "title": model.title_of("attachment", json.loads(data)), "reason": _(held[rid])}
            for rid, data in rows]


def select(conn, recipient_fprs: list[str], *, cases=None, everything=False, since_last=False,
           include=frozenset(), copies: str = "both") -> Selection:
    """Decide what goes to these recipients. Run inside the export's read transaction."""
    _mode(cases, everything, since_last)
    if copies not in COPIES:
        raise ValidationError(_("Choose originals or working copies."))
    recipients = contacts.recipients(conn, recipient_fprs)
    high = conn.execute("SELECT coalesce(max(seq), 0) FROM revisions").fetchone()[0]
    where = ["rec.origin IS NULL", "r.purged = 0", "r.seq <= ?"]
    params: list = [high]
    if cases:
        scope_sql, scope_params = ("case_id IN (SELECT value FROM json_each(?))",
                                   [json.dumps(_check_cases(conn, cases))])
        where.append("rec." + scope_sql)
        params += scope_params
    else:
        scope_sql, scope_params = "1", []
    if since_last:
        where.append(
            "EXISTS (SELECT 1 FROM json_each(?) AS want WHERE NOT EXISTS ("
            "SELECT 1 FROM bundle_revisions br JOIN bundles_sent bs "
            "ON bs.bundle_id = br.bundle_id WHERE br.hash = r.hash "
            "AND bs.recipient = want.value))")
        params.append(json.dumps([c["fingerprint"] for c in recipients]))
    left_out, notices = _left_out(conn, recipients, scope_sql, scope_params,
                                  set(include or ()))
    if copies != "both":
        left_out += _copies_left_out(conn, copies, scope_sql, scope_params,
                                     {o["id"] for o in left_out})
    if left_out:
        where.append("r.record_id NOT IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([o["id"] for o in left_out]))
    return Selection(recipients, high, " AND ".join(where), params, left_out, notices, copies)


def revision_lines(conn, sel: Selection):
    """(hash, line) of every selected revision, in revision order (parents first)."""
    return conn.execute(
        "SELECT r.hash, r.line FROM revisions r JOIN records rec ON rec.id = r.record_id "
        f"WHERE {sel.where} ORDER BY r.seq", sel.params)


def counts(conn, sel: Selection) -> tuple[int, int, int]:
    """(revisions, records, bytes of records.jsonl) of a selection."""
    return conn.execute(
        "SELECT count(*), count(DISTINCT r.record_id), "
        "coalesce(sum(length(CAST(r.line AS BLOB)) + 1), 0) "
        f"FROM revisions r JOIN records rec ON rec.id = r.record_id WHERE {sel.where}",
        sel.params).fetchone()


def attachments(conn, sel: Selection) -> list[tuple[str, int]]:
    """(sha256, size) of every blob the selected attachment revisions refer to, by hash."""
    rows = conn.execute(
        "SELECT DISTINCT b.sha256, b.size FROM revisions r "
        "JOIN records rec ON rec.id = r.record_id "
        "JOIN blobs b ON b.sha256 = json_extract(r.line, '$.record.data.sha256') "
        f"WHERE {sel.where} AND rec.type = 'attachment' ORDER BY b.sha256",
        sel.params).fetchall()
    return [(h, n) for h, n in rows]


def chunk_sizes(conn, blobs: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """(sha256, size, chunk size) of each blob, as stored."""
    out = []
    for sha, size in blobs:
        row = conn.execute("SELECT chunk_size FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
        out.append((sha, size, row[0] if row else 1))
    return out
