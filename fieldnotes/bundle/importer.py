"""Verify and import bundles (the coordinator's side).

``verify_bundle`` checks everything a bundle can prove on its own — envelope, tar shape, tag
files, signature by a verified contact, every hash, every record line (schema, canonical form,
hash, author = signer) — and changes nothing. ``import_bundle`` does the same checks while
adding what is new, in ONE transaction on its connection; whether the records fit this vault is
checked as they are added:

- a record id already held here must have come from the same sender, with the same type and
  case; a new revision must continue the record's current head (parent = head), and a record
  new to this vault must start its history (no parent) in a case of the same sender;
- revisions already present are skipped; so is the writing of attachment bytes already held
  (their bytes are still hashed);
- every attachment record added must have its bytes in the vault at the end.

Any failure rolls everything back and raises BundleRejected (or another FieldnotesError), one
sentence, without content. A bundle already imported is recognised by its signed id and
changes nothing. A gap in the sender's sequence of bundles to us is reported, not refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from fieldnotes import audit
from fieldnotes.blobstore import BlobWriter, upkeep
from fieldnotes.bundle import reader
from fieldnotes.bundle.layout import COPIES_KEY
from fieldnotes.errors import BundleRejected, ValidationError
from fieldnotes.i18n import N_, _, ngettext
from fieldnotes.jobs import Job
from fieldnotes.offload import Sha256
from fieldnotes.records import model, revisions
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import checkpoint_later, transaction


@dataclass
class BundleInfo:
    bundle_id: str
    sender: str
    sender_name: str
    recipients: list[str]
    sequence: int
    previous: str | None
    created: str
    revisions: int
    attachments: int
    payload_bytes: int
    sha256: str | None = None


@dataclass
class ImportResult:
    bundle_id: str
    sender: str
    sender_name: str
    added: int
    skipped: int
    attachments_added: int
    sequence: int
    gap: str | None = None
    already_imported: bool = False
    sha256: str | None = field(default=None, repr=False)
    cases: list[dict] = field(default_factory=list)  # id, title of the cases this import touched
    copies: str | None = None  # "working": the sender sent working copies, not the originals


class _AlreadyImported(Exception):
    pass


def _info(stream: reader.BundleStream) -> BundleInfo:
    i = stream.info
    return BundleInfo(i.bundle_id, i.sender, stream.sender["name"], list(i.recipients),
                      i.sequences[stream.me], i.previous[stream.me], i.created,
                      stream.revisions, len(stream.attachment_hashes), i.payload_bytes,
                      stream.sha256)


def _parse(number: int, line: bytes, sender: str) -> tuple[dict, str]:
    try:
        text = line.decode("utf-8")
        obj = revisions.parse_line(text)
    except (UnicodeDecodeError, ValidationError, RecursionError):
        raise BundleRejected(_("Record line {number} of the bundle is not a valid revision.").format(number=number)) \
            from None
    if obj["author"] != sender:
        raise BundleRejected(_("Record line {number} of the bundle was not written by the bundle's signer.").format(number=number))
    return obj, text


_SIZE_LIES = N_("An attachment record in this bundle declares a size that differs from its "
                "bytes.")


def _declared_size(obj: dict) -> tuple[str, int] | None:
    """(sha256, declared size) of a live attachment record, else None."""
    rec = obj["record"]
    if rec["type"] != "attachment" or rec["deleted"]:
        return None
    return rec["data"]["sha256"], rec["data"]["size"]


def _check_payload(stream: reader.BundleStream) -> None:
    """Read and check every record line and attachment, storing nothing."""
    declared: dict[str, set[int]] = {}
    for number, line in stream.record_lines():
        size = _declared_size(_parse(number, line, stream.info.sender)[0])
        if size:
            declared.setdefault(size[0], set()).add(size[1])

    def sink_for(sha: str, size: int):
        if declared.get(sha, {size}) != {size}:
            raise BundleRejected(_(_SIZE_LIES))
        return reader.Hasher()

    for _sha in stream.attachments(sink_for):
        pass


def verify_bundle(vault, path, job: Job | None = None, conn=None) -> BundleInfo:
    """Decrypt and check a bundle completely without importing it; changes nothing."""
    conn = conn or vault.conn
    with reader.open_bundle(conn, path, job) as stream:
        _check_payload(stream)
    return _info(stream)


_EARLIER = N_("A record in this bundle continues a history this vault does not hold; import the "
            "sender's earlier bundles first.")


def _check_fits(conn, obj: dict, sender: str) -> None:
    rec = obj["record"]
    row = conn.execute("SELECT origin, type, case_id, head FROM records WHERE id = ?",
                       (rec["id"],)).fetchone()
    if row is not None:
        origin, rtype, case_id, head = row
        if origin != sender:
            raise BundleRejected(_("A record in this bundle has the id of a record that came from somewhere else."))
        if rtype != rec["type"] or case_id != rec["case_id"]:
            raise BundleRejected(_("A record in this bundle changes a record's type or case."))
        if obj["parent"] != head:
            raise BundleRejected(_(_EARLIER))
        return
    if obj["parent"] is not None:
        raise BundleRejected(_(_EARLIER))
    if rec["type"] != "case":
        case = conn.execute("SELECT origin, type FROM records WHERE id = ?",
                            (rec["case_id"],)).fetchone()
        if case is None:
            raise BundleRejected(_(_EARLIER))
        if case != (sender, "case"):
            raise BundleRejected(_("A record in this bundle belongs to a case that came from somewhere else."))


def _gap(conn, info: BundleInfo) -> str | None:
    name = info.sender_name
    last = conn.execute(
        "SELECT bundle_id, sequence FROM bundles_received WHERE sender = ? "
        "ORDER BY sequence DESC LIMIT 1", (info.sender,)).fetchone()
    if last is None:
        if info.sequence == 1 and info.previous is None:
            return None
        return _("This is bundle {sequence} from {name}; the earlier ones have not been "
                 "imported.").format(sequence=info.sequence, name=name)
    last_id, last_seq = last
    if info.sequence == last_seq + 1 and info.previous == last_id:
        return None
    if info.sequence <= last_seq:
        return _("This bundle ({sequence}) is older than the last one imported from {name} "
                 "({last}).").format(sequence=info.sequence, name=name, last=last_seq)
    if info.sequence == last_seq + 1:
        return _("This bundle does not follow the last one imported from {name}.").format(
            name=name)
    missing = info.sequence - last_seq - 1
    return ngettext("Bundle {sequence} from {name} follows bundle {last}; {n} in between has "
                    "not been imported.",
                    "Bundle {sequence} from {name} follows bundle {last}; {n} in between have "
                    "not been imported.", missing).format(
        sequence=info.sequence, name=name, last=last_seq, n=missing)


def _missing_blobs(conn, start_seq: int) -> int:
    return conn.execute(
        "SELECT count(*) FROM revisions r WHERE r.seq > ? "
        "AND json_extract(r.line, '$.record.type') = 'attachment' "
        "AND json_extract(r.line, '$.record.deleted') = 0 AND NOT EXISTS ("
        "SELECT 1 FROM blobs b WHERE b.sha256 = json_extract(r.line, '$.record.data.sha256'))",
        (start_seq,)).fetchone()[0]


def _check_sizes(conn, start_seq: int) -> None:
    """Every attachment record this import added declares the size its bytes have."""
    lies = conn.execute(
        "SELECT 1 FROM revisions r JOIN blobs b "
        "ON b.sha256 = json_extract(r.line, '$.record.data.sha256') WHERE r.seq > ? "
        "AND json_extract(r.line, '$.record.type') = 'attachment' "
        "AND json_extract(r.line, '$.record.deleted') = 0 "
        "AND b.size != json_extract(r.line, '$.record.data.size') LIMIT 1",
        (start_seq,)).fetchone()
    if lies:
        raise BundleRejected(_(_SIZE_LIES))


def _check_references(conn, start_seq: int) -> None:
    """Every reference in a record this import touched points at a record of the right type in
    the same case (so the sender's own, since an imported case takes nothing from anyone
    else). The target may have been deleted since, as it may be in the sender's vault."""
    touched = conn.execute(
        "SELECT id, type, case_id, data FROM records WHERE id IN "
        "(SELECT record_id FROM revisions WHERE seq > ?) AND deleted = 0", (start_seq,))
    for _rid, rtype, case_id, text in touched.fetchall():
        for _name, value, _field, want in model.references(rtype, json.loads(text)):
            row = conn.execute("SELECT type, case_id FROM records WHERE id = ?",
                               (value,)).fetchone()
            if row is None or row[1] != case_id or (want and row[0] != want):
                raise BundleRejected(_("A record in this bundle refers to a record that is not in its case."))


def import_bundle(vault, path, job: Job | None = None, conn=None,
                  ahead: reader.ReadAhead | None = None) -> ImportResult:
    """Verify and import a bundle in one transaction (see module). ``ahead``: the file's
    decryption already started, as a batch does for the next file while this one is taken —
    the second core is then busy with that file, so this one's attachments are hashed and
    sealed here rather than on threads of their own."""
    conn = conn or vault.conn
    made: list[BlobWriter] = []  # the attachment files this import writes
    try:
        with checkpoint_later(conn), transaction(conn):
            return _import(conn, path, job, made, ahead)
    except _AlreadyImported as done:
        return done.args[0]
    except BaseException:
        upkeep.discard(conn, made)  # the files of blobs whose rows were rolled back
        raise


_HASH_ASIDE = 8 << 20  # attachments from this size are hashed on a thread of their own


def _add_payload(conn, stream: reader.BundleStream, sender: str, hashes,
                 made: list, aside: bool = True) -> tuple[int, int, int]:
    """Add the revisions and attachment bytes that are new; returns (added, skipped, blobs)."""
    added = skipped = blobs_added = 0
    for number, line in stream.record_lines():
        obj, text = _parse(number, line, sender)
        hashes.update(obj["hash"].encode("ascii") + b"\n")
        if conn.execute("SELECT 1 FROM revisions WHERE hash = ?", (obj["hash"],)).fetchone():
            skipped += 1
            continue
        _check_fits(conn, obj, sender)
        revisions.apply(conn, obj, text, origin=sender)
        added += 1

    hashers: list[Sha256] = []  # a big blob's: hashed beside the SQLCipher writes

    def sink_for(sha: str, size: int):
        nonlocal blobs_added
        if conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone():
            return reader.Hasher()
        blobs_added += 1
        # A thread of its own costs more than hashing a photo: only big blobs get one.
        hasher = Sha256() if aside and size >= _HASH_ASIDE else None
        hashers[:] = [hasher] if hasher else []
        made.append(BlobWriter(conn, hasher=hasher, threaded=size >= _HASH_ASIDE))
        return made[-1]

    try:
        for _ in stream.attachments(sink_for):
            pass
    finally:
        for h in hashers:
            h.close()
    return added, skipped, blobs_added


def _import(conn, path, job, made: list, ahead=None) -> ImportResult:
    hashes = hashlib.sha256()  # of the revision hashes, as a receipt names them
    start_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM revisions").fetchone()[0]
    with reader.open_bundle(conn, path, job, ahead) as stream:
        sender = stream.info.sender
        before = conn.execute("SELECT revisions FROM bundles_received WHERE bundle_id = ?",
                              (stream.info.bundle_id,)).fetchone()
        if before is not None:
            # Still check every byte: a damaged copy of a bundle imported before must be
            # reported as damaged, not waved through as "already imported".
            _check_payload(stream)
        else:
            added, skipped, blobs_added = _add_payload(conn, stream, sender, hashes, made,
                                                       aside=ahead is None)
    info = _info(stream)
    if before is not None:
        raise _AlreadyImported(ImportResult(
            info.bundle_id, sender, info.sender_name, 0, before[0] or 0, 0, info.sequence,
            None, True))
    if _missing_blobs(conn, start_seq):
        raise BundleRejected(_("The bundle lacks the bytes of an attachment it lists."))
    _check_sizes(conn, start_seq)
    _check_references(conn, start_seq)
    gap = _gap(conn, info)
    conn.execute(
        "INSERT INTO bundles_received(bundle_id, sender, sequence, previous, created, sha256, "
        "imported, added, skipped, revisions, revisions_sha256) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (info.bundle_id, sender, info.sequence, info.previous, info.created, info.sha256,
         utc_now(), added, skipped, info.revisions, hashes.hexdigest()))
    audit.append(conn, "bundle.imported", None, {
        "bundle_id": info.bundle_id, "sender": sender, "sha256": info.sha256, "added": added,
        "skipped": skipped, "attachments_added": blobs_added, "gap": gap is not None})
    return ImportResult(info.bundle_id, sender, info.sender_name, added, skipped, blobs_added,
                        info.sequence, gap, False, info.sha256, _cases_touched(conn, start_seq),
                        stream.info.extra.get(COPIES_KEY))


def _cases_touched(conn, start_seq: int) -> list[dict]:
    rows = conn.execute(
        "SELECT c.id, c.data FROM records c WHERE c.type = 'case' AND c.id IN (SELECT "
        "rec.case_id FROM revisions r JOIN records rec ON rec.id = r.record_id WHERE r.seq > ?) "
        "ORDER BY c.created, c.id", (start_seq,)).fetchall()
    return [{"id": cid, "title": model.title_of("case", json.loads(data))} for cid, data in rows]


