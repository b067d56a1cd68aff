"""Receipts: the coordinator confirms a bundle; the researcher marks and may purge what it held.

A receipt is a small age file (binary, encrypted to the bundle's sender only) whose plaintext is
a body of ``key: value`` lines followed by a minisign signature of the body by the coordinator::

    fieldnotes-receipt: 1
    receipt-id: <uuid>
    bundle-id: <uuid>
    bundle-sha256: <SHA-256 of the bundle file as received>
    bundle-sender: <researcher's fingerprint>
    signer: <coordinator's fingerprint>
    created: <UTC time>
    revisions: <how many revisions the bundle held; an import accepts all or nothing>
    revisions-sha256: <SHA-256 of those revision hashes, each followed by a newline, in order>
    untrusted comment: …            (the four lines of a .minisig, trusted comment
    …                                "fieldnotes-receipt <receipt id> bundle <bundle id>")

The researcher accepts it only if it decrypts with their identity, names them as the sender,
is signed by a verified, unrevoked contact, and names a bundle sent to that contact with the
same file hash, count and revision digest. Then every local record whose current revision
went in that bundle is marked delivered (``records.delivered`` = bundle id). The mark is not
cleared when the record is edited later; a record counts as delivered only while its head is
still a revision of that bundle, which is what ``purge_delivered`` checks.

``purge_delivered`` destroys delivered material: for each delivered record whose head is still
the delivered revision, every revision's line becomes a stub without data (id, type, case,
parent, author, time and hash are kept, ``revisions.purged`` = 1), the record's current data is
emptied and it is marked deleted and purged, it leaves the search index, and attachment bytes no
remaining revision refers to are destroyed. The kept hashes mean later bundles still chain onto
what the coordinator holds and incremental exports never send the stubs. A case is purged only
once nothing unpurged is left in it, so work on a partly delivered case can go on. secure_delete
zeroes the freed pages; the WAL is then checkpointed and truncated.
"""

from __future__ import annotations

import io
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from crypto import envelope, minisign
from crypto import errors as cerr
from fieldnotes import audit, canonical, contacts, search, userfiles
from fieldnotes.attachments import drop_if_unused
from fieldnotes.blobstore import upkeep
from fieldnotes.errors import BundleRejected, FieldnotesError, NotFound, Refused
from fieldnotes.i18n import N_, _
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import scrub, transaction

MAX_RECEIPT = 64 * 1024
_FIELDS = ("receipt-id", "bundle-id", "bundle-sha256", "bundle-sender", "signer", "created",
           "revisions", "revisions-sha256")
_PATTERNS = {
    "receipt-id": r"[0-9a-f-]{36}", "bundle-id": r"[0-9a-f-]{36}",
    "bundle-sha256": r"[0-9a-f]{64}", "revisions-sha256": r"[0-9a-f]{64}",
    "bundle-sender": r"\d{40}", "signer": r"\d{40}", "created": r"[0-9T:.Z-]{1,40}",
    "revisions": r"\d{1,18}",
}
_NOT_A_RECEIPT = N_("This file is not a Fieldnotes receipt, or it is damaged.")


@dataclass
class ReceiptResult:
    bundle_id: str
    delivered_records: int
    receipt_id: str = ""
    signer: str = ""


def _comment(receipt_id: str, bundle_id: str) -> str:
    return f"fieldnotes-receipt {receipt_id} bundle {bundle_id}"


def create_receipt(vault, bundle_id: str, out_path, conn=None) -> str:
    """Write a signed receipt for an imported bundle, encrypted to its sender; returns its id."""
    conn = conn or vault.conn
    out = Path(out_path)
    row = conn.execute(
        "SELECT sender, sha256, revisions, revisions_sha256 FROM bundles_received "
        "WHERE bundle_id = ?", (str(bundle_id),)).fetchone()
    if row is None:
        raise NotFound(_("No bundle {bundle_id} has been imported into this vault.").format(bundle_id=bundle_id))
    sender, sha, count, digest = row
    contact = contacts.get_contact(conn, sender)
    if contact["revoked"]:
        raise Refused(_("The sender of that bundle has been revoked; no receipt can be sent."))
    if out.exists():
        raise FieldnotesError(_("{name} already exists; choose another name.").format(name=out.name))
    identity, me = contacts.own_identity(conn), contacts.own_fingerprint(conn)
    receipt_id = str(uuid.uuid4())
    values = {"receipt-id": receipt_id, "bundle-id": str(bundle_id), "bundle-sha256": sha,
              "bundle-sender": sender, "signer": me, "created": utc_now(),
              "revisions": str(count or 0), "revisions-sha256": digest or ""}
    body = ("fieldnotes-receipt: 1\n" + "".join(f"{k}: {values[k]}\n" for k in _FIELDS))
    signed = body + identity.sign_minisign(body.encode("utf-8"), _comment(receipt_id, bundle_id))
    recipient = contacts.parse_card(contact["card"]).age_recipient
    tmp = out.with_name(f".{out.name}.{receipt_id[:8]}.part")
    try:
        with open(tmp, "xb") as fh:
            envelope.encrypt_stream(io.BytesIO(signed.encode("utf-8")), fh, [recipient])
        with transaction(conn):
            conn.execute("UPDATE bundles_received SET receipt = ? WHERE bundle_id = ?",
                         (receipt_id, str(bundle_id)))
            audit.append(conn, "receipt.created", None,
                         {"receipt_id": receipt_id, "bundle_id": str(bundle_id)})
            os.replace(tmp, out)
    except OSError as exc:
        raise userfiles.write_error(out, exc) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return receipt_id


class _Capped(io.BytesIO):
    def write(self, b) -> int:
        if self.tell() + len(b) > MAX_RECEIPT:
            raise BundleRejected(_(_NOT_A_RECEIPT))
        return super().write(b)


def _decrypt(conn, path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_RECEIPT + 4096:
                raise BundleRejected(_(_NOT_A_RECEIPT))
            out = _Capped()
            envelope.decrypt_stream(fh, out, contacts.own_identity(conn).age_secret())
        return out.getvalue().decode("utf-8")
    except cerr.NotForThisIdentity:
        raise BundleRejected(_("This receipt is not addressed to this vault.")) from None
    except (cerr.CryptoError, UnicodeDecodeError):
        raise BundleRejected(_(_NOT_A_RECEIPT)) from None
    except OSError as exc:
        raise userfiles.read_error(path, exc) from None


def _parse(text: str) -> tuple[dict, str, str]:
    """(fields, signed body, signature text) of a decrypted receipt."""
    head, sep, rest = text.partition("\nuntrusted comment: ")
    lines = head.split("\n")
    if not sep or lines[0] != "fieldnotes-receipt: 1" or len(lines) != len(_FIELDS) + 1:
        raise BundleRejected(_(_NOT_A_RECEIPT))
    values = {}
    for key, line in zip(_FIELDS, lines[1:], strict=True):
        k, s, v = line.partition(": ")
        if k != key or not s or not re.fullmatch(_PATTERNS[key], v):
            raise BundleRejected(_(_NOT_A_RECEIPT))
        values[key] = v
    return values, head + "\n", "untrusted comment: " + rest


def import_receipt(vault, path, conn=None) -> ReceiptResult:
    """Check a coordinator's receipt and mark the records it confirms as delivered."""
    conn = conn or vault.conn
    values, body, signature = _parse(_decrypt(conn, Path(path)))
    if values["bundle-sender"] != contacts.own_fingerprint(conn):
        raise BundleRejected(_("This receipt is for a bundle that this vault did not send."))
    signer = values["signer"]
    contact, card = contacts.trusted_signer(conn, signer, "receipt")
    try:
        comment = minisign.verify(card.minisign_public_key, body.encode("utf-8"), signature)
    except cerr.BadSignature:
        raise BundleRejected(_("The receipt's signature is not valid: it was altered, or not made by its stated signer.")) from None
    bundle_id = values["bundle-id"]
    if comment != _comment(values["receipt-id"], bundle_id):
        raise BundleRejected(_("The receipt's signature was made for another receipt."))
    with transaction(conn):
        sent = conn.execute(
            "SELECT sha256, revisions, revisions_sha256 FROM bundles_sent "
            "WHERE bundle_id = ? AND recipient = ?", (bundle_id, signer)).fetchone()
        if sent is None:
            raise BundleRejected(_("This receipt names a bundle you did not send to its signer."))
        if tuple(sent) != (values["bundle-sha256"], int(values["revisions"]),
                           values["revisions-sha256"]):
            raise BundleRejected(_("This receipt does not match the bundle it names."))
        conn.execute("UPDATE bundles_sent SET receipted = ? WHERE bundle_id = ? "
                     "AND recipient = ?", (values["created"], bundle_id, signer))
        conn.execute(
            "UPDATE records SET delivered = ? WHERE origin IS NULL AND purged IS NULL AND head IN "
            "(SELECT hash FROM bundle_revisions WHERE bundle_id = ?)", (bundle_id, bundle_id))
        delivered = conn.execute(
            "SELECT count(*) FROM records WHERE delivered = ? AND purged IS NULL",
            (bundle_id,)).fetchone()[0]
        audit.append(conn, "receipt.imported", None, {
            "receipt_id": values["receipt-id"], "bundle_id": bundle_id, "signer": signer,
            "delivered": delivered})
    return ReceiptResult(bundle_id, delivered, values["receipt-id"], signer)


_DELIVERED = (
    "SELECT rowid, id, type, case_id, data FROM records WHERE origin IS NULL AND purged IS NULL "
    "AND delivered IS NOT NULL AND head IN "
    "(SELECT hash FROM bundle_revisions WHERE bundle_id = records.delivered)")


def _stub(conn, record_id: str) -> None:
    """Replace every revision line of a record by a stub that keeps only its identity."""
    rows = conn.execute("SELECT hash, parent, author, time, line FROM revisions "
                        "WHERE record_id = ? AND purged = 0", (record_id,)).fetchall()
    for digest, parent, author, time, line in rows:
        rec = json.loads(line)["record"]
        kept = {"id": rec["id"], "type": rec["type"], "case_id": rec["case_id"], "deleted": True,
                "data": {}}
        stub = canonical.dumps({"v": 1, "record": kept, "parent": parent, "author": author,
                                "time": time, "hash": digest, "purged": True})
        conn.execute("UPDATE revisions SET line = ?, purged = 1 WHERE hash = ?", (stub, digest))


def _purge_one(conn, rowid: int, record_id: str, rtype: str, data_text: str, when: str) -> None:
    _stub(conn, record_id)
    conn.execute("UPDATE records SET data = '{}', deleted = 1, purged = ? WHERE rowid = ?",
                 (when, rowid))
    search.unindex(conn, rowid)
    if rtype == "attachment":
        sha = json.loads(data_text).get("sha256")
        if sha:
            drop_if_unused(conn, sha)


def _to_purge(conn) -> list[tuple]:
    """The rows ``purge_delivered`` destroys: every delivered record, and a delivered case
    once nothing else of it is left unpurged (cases last)."""
    rows = conn.execute(_DELIVERED).fetchall()
    going = {r[1] for r in rows}
    out = [r for r in rows if r[2] != "case"]
    for row in rows:
        if row[2] != "case":
            continue
        left = [rid for (rid,) in conn.execute(
            "SELECT id FROM records WHERE case_id = ? AND id != ? AND purged IS NULL",
            (row[1], row[1])) if rid not in going]
        if not left:
            out.append(row)
    return out


def delivered_ids(conn, case_id: str) -> set[str]:
    """The records of a case whose current revision a receipt confirmed (what lists mark)."""
    return {rid for (rid,) in conn.execute(
        f"SELECT id FROM ({_DELIVERED}) WHERE case_id = ?", (case_id,))}


def delivered_count(conn) -> int:
    """How many records ``purge_delivered`` would destroy now (what its confirmation says)."""
    return len(_to_purge(conn))


def purge_delivered(vault, conn=None) -> int:
    """Destroy the content of every record a receipt confirmed (see module); returns how many
    records were purged."""
    conn = conn or vault.conn
    when = utc_now()
    with transaction(conn):
        rows = _to_purge(conn)
        for rowid, rid, rtype, _case, data in rows:
            _purge_one(conn, rowid, rid, rtype, data, when)
        count = len(rows)
        if count:
            search.optimize(conn)
            audit.append(conn, "delivered.purged", None, {"records": count})
    if count:
        scrub(conn)
        upkeep.sweep(conn)  # the purged blobs' files, after their keys are gone
    return count
