"""The chain-of-custody report for a record or a whole case, in the spirit of the Berkeley
Protocol: every revision (hash, parent, author's fingerprint, time); the bundle each imported
revision arrived in (id, file hash, signer, sequence, when imported, the receipt sent); the
coordinator's review decisions; the audit entries that touch them, with the state of the audit
chain; and the steps anyone can repeat with ``sha256sum``, ``age``, ``minisign`` and ``bagit``.

:func:`gather` returns all of it as plain data (the CLI's ``--json``); :func:`write_pdf` prints
it. Titles respect pseudonyms and withdrawn consent as the case report does.
"""

from __future__ import annotations

import json

from fieldnotes import audit, contacts
from fieldnotes.bundle import layout
from fieldnotes.desk import importlog, review
from fieldnotes.errors import NotFound
from fieldnotes.i18n import _
from fieldnotes.records import model
from fieldnotes.records.vocab import record_type_label
from fieldnotes.reports import actions, people
from fieldnotes.reports.case_report import names
from fieldnotes.reports.pdf import Document


def safe_title(rtype: str, data: dict) -> str:
    if rtype == "person":
        return people.person_name(data)
    if rtype == "testimony":
        if not people.printable(data)[0]:
            return _("Testimony")
        return data.get("title") or _("Testimony")
    return model.title_of(rtype, data) if data else ""


def gather(conn, record_id: str) -> dict:
    row = conn.execute("SELECT type, case_id, data FROM records WHERE id = ?",
                       (record_id,)).fetchone()
    if row is None:
        raise NotFound(_("There is no record {id} in this vault.").format(id=record_id))
    rtype, case_id, data = row
    ids = [record_id]
    if rtype == "case":
        ids += [r for (r,) in conn.execute(
            "SELECT id FROM records WHERE case_id = ? AND id != ? ORDER BY rowid",
            (record_id, record_id))]
    who = names(conn)
    records, bundle_ids = [], []
    for rid in ids:
        rec = _record(conn, rid, who)
        records.append(rec)
        bundle_ids += [r["bundle_id"] for r in rec["revisions"]
                       if r["bundle_id"] and r["bundle_id"] not in bundle_ids]
    bundles = [_bundle(conn, b, who) for b in bundle_ids]
    return {
        "subject": {"id": record_id, "type": rtype, "case_id": case_id,
                    "title": safe_title(rtype, json.loads(data))},
        "records": records, "bundles": bundles,
        "audit": _audit(conn, ids, bundle_ids),
        "audit_problems": audit.verify(conn),
        "steps": steps(bundles, ids),
    }


def _record(conn, rid: str, who: dict) -> dict:
    rtype, origin, data = conn.execute("SELECT type, origin, data FROM records WHERE id = ?",
                                       (rid,)).fetchone()
    revs = []
    for digest, parent, author, time, seq, deleted in conn.execute(
            "SELECT hash, parent, author, time, seq, json_extract(line, '$.record.deleted') "
            "FROM revisions WHERE record_id = ? ORDER BY seq", (rid,)):
        revs.append({"hash": digest, "parent": parent, "author": author,
                     "author_name": who.get(author), "time": time, "deleted": bool(deleted),
                     "bundle_id": importlog.bundle_of(conn, seq, author) if origin else None})
    decisions = [{k: d[k] for k in ("hash", "parent", "state", "record_head", "duplicate_of",
                                    "author", "time")}
                 for d in review.history(conn, rid)]
    return {"id": rid, "type": rtype, "title": safe_title(rtype, json.loads(data)),
            "origin": origin, "origin_name": who.get(origin) if origin else None,
            "revisions": revs, "review": decisions}


def _bundle(conn, bundle_id: str, who: dict) -> dict:
    row = conn.execute(
        "SELECT sender, sequence, previous, created, sha256, imported, receipt, revisions, "
        "revisions_sha256 FROM bundles_received WHERE bundle_id = ?", (bundle_id,)).fetchone()
    keys = ("sender", "sequence", "previous", "created", "sha256", "imported", "receipt",
            "revisions", "revisions_sha256")
    out = {"bundle_id": bundle_id, **dict(zip(keys, row or [None] * len(keys), strict=True))}
    out["sender_name"] = who.get(out["sender"])
    card = conn.execute("SELECT card FROM contacts WHERE fingerprint = ?",
                        (out["sender"],)).fetchone()
    out["minisign_public_key"] = contacts.parse_card(card[0]).minisign_public_key \
        if card else None
    out["files"] = sorted({e["file"] for e in importlog.entries(conn, bundle_id=bundle_id)})
    return out


def _audit(conn, ids: list[str], bundle_ids: list[str]) -> list[dict]:
    rows = conn.execute(
        "SELECT seq, time, action, record_id, detail, hash FROM audit WHERE record_id IN "
        "(SELECT value FROM json_each(?)) OR json_extract(detail, '$.bundle_id') IN "
        "(SELECT value FROM json_each(?)) ORDER BY seq", (json.dumps(ids), json.dumps(bundle_ids)))
    return [{"seq": s, "time": t, "action": a, "record_id": r, "detail": json.loads(d),
             "hash": h} for s, t, a, r, d, h in rows]


def steps(bundles: list[dict], ids: list[str]) -> list[tuple[str, str]]:
    """(what to do, the command) pairs anyone can repeat."""
    out: list[tuple[str, str]] = []
    for b in bundles:
        top = layout.top_folder(b["bundle_id"])
        name = b["files"][0] if b["files"] else "BUNDLE"
        out += [
            (_("The file is the one received: its SHA-256 must be {sha}.").format(sha=b["sha256"]),
             f"sha256sum {name}"),
            (_("Open it with the coordinator's age key (exported with fieldnotes identity "
               "age-secret):"), f"age -d -i coordinator.agekey {name} > bundle.tar && "
                                f"tar -xf bundle.tar"),
            (_("The signature is the sender's: minisign must say the trusted comment is "
               "“{comment}”.").format(comment=layout.trusted_comment(b["bundle_id"],
                                                                      b["sender"] or "")),
             f"minisign -V -P {b['minisign_public_key']} -m {top}/tagmanifest-sha256.txt"),
            (_("Every file matches the signed manifests:"), f"bagit.py --validate {top}"),
            (_("Each line of records.jsonl is a revision whose hash is the SHA-256 of the line "
               "without its hash field (canonical JSON):"), _CHECK_LINES.format(top=top)),
        ]
    out += [
        (_("This vault's audit chain is intact:"), "fieldnotes audit verify"),
        (_("The revisions listed here are those the vault holds:"),
         "\n".join(f"fieldnotes history {i} --json" for i in ids[:3])
         + ("\n…" if len(ids) > 3 else "")),
    ]
    return out


_CHECK_LINES = ("python3 -c 'import hashlib,json,sys\n"
                "for l in open(sys.argv[1],encoding=\"utf-8\"):\n"
                "  o=json.loads(l); h=o.pop(\"hash\")\n"
                "  c=json.dumps(o,sort_keys=True,separators=(\",\",\":\"),ensure_ascii=False)\n"
                "  print(h, hashlib.sha256(c.encode()).hexdigest()==h)' "
                "{top}/data/records.jsonl")


def write_pdf(conn, record_id: str, out_path) -> dict:
    facts = gather(conn, record_id)
    subject = facts["subject"]
    doc = Document(_("Chain of custody"), _("Chain-of-custody report"))
    doc.title_block(_("Chain of custody: {title}").format(title=subject["title"]),
                    _("{type} {id}").format(type=record_type_label(subject["type"]),
                                           id=subject["id"]))
    doc.heading(_("Records and their revisions"))
    for rec in facts["records"]:
        doc.heading(f"{record_type_label(rec['type'])} · {rec['title']}", 2)
        doc.field(_("Record id"), rec["id"], mono=True)
        doc.field(_("Came from"), contacts.named(rec["origin_name"], rec["origin"])
                  if rec["origin"] else _("Made in this vault"))
        for n, r in enumerate(rec["revisions"], 1):
            doc.field(_("Revision {n}").format(n=n), r["hash"], mono=True)
            doc.field(_("Parent"), r["parent"] or _("none (first revision)"), mono=True)
            doc.field(_("Author"), contacts.named(r["author_name"], r["author"]))
            doc.field(_("Time"), r["time"] + (" · " + _("deleted") if r["deleted"] else ""))
            doc.field(_("Arrived in bundle"), r["bundle_id"], mono=True)
            doc.gap(1)
        for d in rec["review"]:
            doc.field(_("Review decision"), "{s} · {t}".format(s=review.state_label(d["state"]),
                                                                t=d["time"]))
            doc.field(_("Decision hash"), d["hash"], mono=True)
    doc.heading(_("Bundles"))
    for b in facts["bundles"]:
        doc.heading(b["bundle_id"], 2)
        doc.field(_("File"), ", ".join(b["files"]))
        doc.field(_("File SHA-256"), b["sha256"], mono=True)
        doc.field(_("Signer"), contacts.named(b["sender_name"], b["sender"]))
        doc.field(_("Signing key"), b["minisign_public_key"], mono=True)
        doc.field(_("Sequence"), b["sequence"])
        doc.field(_("Created"), b["created"])
        doc.field(_("Imported"), b["imported"])
        doc.field(_("Receipt sent"), b["receipt"] or _("none yet"), mono=bool(b["receipt"]))
    if not facts["bundles"]:
        doc.para(_("None: these records were made in this vault."), grey=True)
    doc.heading(_("Audit entries"))
    doc.para(_("The audit chain is intact.") if not facts["audit_problems"] else
             " ".join(facts["audit_problems"]), grey=not facts["audit_problems"])
    for e in facts["audit"]:
        doc.field(f"{e['seq']} · {e['time'][:19]}", actions.describe(e["action"]))
        doc.field("", e["hash"], mono=True)
    doc.heading(_("How to verify"))
    for n, (what, command) in enumerate(facts["steps"], 1):
        doc.para(f"{n}. {what}", size=9)
        doc.code(command)
    doc.write_to(out_path)
    return facts
