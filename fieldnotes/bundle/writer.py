"""Export: plan what goes to which recipients, then write a signed, encrypted bundle.

The export runs in one read transaction on its connection, so what is hashed is what is sent.
records.jsonl is generated twice from the database — once only to hash and count it (its hash
must be in the signed manifest, which comes first in the tar), once to write it — instead of
being held in memory. Attachments are named by their SHA-256 already. The payload flows through
a pipeline (see ``payload``): a thread reads and checks chunks from the database while this
thread frames the tar and an age worker encrypts, so memory stays at a few MiB whatever the size.

The bundle is written under a temporary name next to the destination and renamed only once it
is complete and its sending committed (``bundles_sent``, ``bundle_revisions``, audit); a
cancelled or failed export leaves no file behind, and one killed midway is settled by the next
export (fieldnotes/bundle/delivery.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from crypto import envelope
from crypto import errors as cerr
from fieldnotes import audit, contacts, userfiles
from fieldnotes.bundle import delivery, layout, payload, select, tarstream
from fieldnotes.errors import FieldnotesError, from_crypto
from fieldnotes.i18n import _
from fieldnotes.jobs import Job
from fieldnotes.timeutil import parse_utc, utc_now
from fieldnotes.vault import transaction


@dataclass
class ExportPlan:
    recipients: list[dict]          # fingerprint, name, sequence, previous
    revisions: int
    records: int
    attachments: int
    payload_bytes: int
    left_out: list[dict] = field(default_factory=list)   # id, type, title, reason
    withdrawals: list[dict] = field(default_factory=list)  # withdrawal notices that go

    @property
    def empty(self) -> bool:
        return self.revisions == 0


@dataclass
class ExportResult:
    bundle_id: str
    sha256: str
    path: Path
    revisions: int
    records: int
    attachments: int
    payload_bytes: int
    left_out: list[dict] = field(default_factory=list)
    withdrawals: list[dict] = field(default_factory=list)


@contextlib.contextmanager
def _read_transaction(conn):
    """One consistent snapshot for the whole export (or the caller's open transaction)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM meta").fetchone()
        yield
    finally:
        conn.execute("ROLLBACK")


def _plan(conn, sel: select.Selection) -> tuple[ExportPlan, list[tuple[str, int]]]:
    revisions, records, records_bytes = select.counts(conn, sel)
    blobs = select.attachments(conn, sel)
    recipients = []
    for c in sel.recipients:
        row = conn.execute(
            "SELECT sequence, bundle_id FROM bundles_sent WHERE recipient = ? "
            "ORDER BY sequence DESC LIMIT 1", (c["fingerprint"],)).fetchone()
        recipients.append({"fingerprint": c["fingerprint"], "name": c["name"],
                           "sequence": (row[0] + 1) if row else 1,
                           "previous": row[1] if row else None})
    size = records_bytes + sum(n for _sha, n in blobs)
    return ExportPlan(recipients, revisions, records, len(blobs), size, sel.left_out,
                      sel.withdrawals), blobs


def plan_export(vault, recipients: list[str], *, cases: list[str] | None = None,
                everything: bool = False, since_last: bool = False,
                include: set[str] = frozenset(), conn=None, copies: str = "both") -> ExportPlan:
    """What an export would hold, and what consent leaves out; changes nothing. ``copies``:
    "originals" or "working" sends only one of an attachment and its working copy."""
    conn = conn or vault.conn
    with _read_transaction(conn):
        sel = select.select(conn, recipients, cases=cases, everything=everything,
                            since_last=since_last, include=include, copies=copies)
        return _plan(conn, sel)[0]


def _check_exportable(conn, sel, plan: ExportPlan, blobs) -> None:
    if plan.empty:
        raise FieldnotesError(_("There is nothing to export: nothing new, or everything chosen was left out."))
    if len(blobs) > layout.MAX_ATTACHMENTS:
        raise FieldnotesError(_("An export can hold at most {limit:,} attachments; export fewer cases at a time."
                                ).format(limit=layout.MAX_ATTACHMENTS))
    if any(n > layout.MAX_ATTACHMENT for _sha, n in blobs):
        raise FieldnotesError(_("An attachment larger than 8 GiB cannot go in a bundle."))
    wanted = conn.execute(
        "SELECT count(DISTINCT json_extract(r.line, '$.record.data.sha256')) "
        "FROM revisions r JOIN records rec ON rec.id = r.record_id "
        f"WHERE {sel.where} AND rec.type = 'attachment' "
        "AND json_extract(r.line, '$.record.deleted') = 0", sel.params).fetchone()[0]
    if wanted != len(blobs):
        raise FieldnotesError(_("The bytes of an attachment in this export are missing from the vault; nothing was exported."))


def _records_digest(conn, sel) -> tuple[str, int, str]:
    """First pass over records.jsonl: its SHA-256 and size, and the digest of the revision
    hashes (what a receipt confirms)."""
    body, hashes, size = hashlib.sha256(), hashlib.sha256(), 0
    for digest, line in select.revision_lines(conn, sel):
        data = line.encode("utf-8") + b"\n"
        body.update(data)
        hashes.update(digest.encode("ascii") + b"\n")
        size += len(data)
    if size > layout.MAX_RECORDS_FILE:
        raise FieldnotesError(_("This export's records exceed 2 GiB; export fewer cases at a time."))
    return body.hexdigest(), size, hashes.hexdigest()


def _tag_files(identity, sender: str, bundle_id: str, created: str, plan: ExportPlan,
               records_sha: str, records_size: int, blobs,
               copies: str = "both") -> list[tuple[str, bytes]]:
    info = layout.BagInfo(
        bundle_id, sender, [r["fingerprint"] for r in plan.recipients],
        {r["fingerprint"]: r["sequence"] for r in plan.recipients},
        {r["fingerprint"]: r["previous"] for r in plan.recipients},
        created, records_size + sum(n for _sha, n in blobs), 1 + len(blobs),
        {layout.COPIES_KEY: copies} if copies != "both" else {})
    files = {
        layout.BAGIT: layout.BAGIT_TXT,
        layout.BAG_INFO: layout.make_bag_info(info),
        layout.MANIFEST: layout.make_manifest(records_sha, [h for h, _n in blobs]),
    }
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    files[layout.TAGMANIFEST] = layout.make_tagmanifest(digests)
    files[layout.SIGNATURE] = identity.sign_minisign(
        files[layout.TAGMANIFEST], layout.trusted_comment(bundle_id, sender)).encode("ascii")
    return list(files.items())


def _temp_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")


def export_bundle(vault, out_path, recipients: list[str], *, cases: list[str] | None = None,
                  everything: bool = False, since_last: bool = False,
                  include: set[str] = frozenset(), job: Job | None = None,
                  conn=None, copies: str = "both") -> ExportResult:
    """Write a bundle to ``out_path`` for the given verified contacts (fingerprints)."""
    conn = conn or vault.conn
    job = job or Job()
    out = Path(out_path)
    userfiles.check_new(out)
    delivery.reconcile(conn)
    identity, sender = contacts.own_identity(conn), contacts.own_fingerprint(conn)
    bundle_id, created = str(uuid.uuid4()), utc_now()
    tmp = _temp_path(out)
    delivery.begin(conn, bundle_id, tmp, out)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        delivery.abandon(conn, bundle_id, tmp)
        raise userfiles.write_error(out, exc) from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            with _read_transaction(conn):
                sel = select.select(conn, recipients, cases=cases, everything=everything,
                                    since_last=since_last, include=include, copies=copies)
                plan, blobs = _plan(conn, sel)
                _check_exportable(conn, sel, plan, blobs)
                records_sha, records_size, hashes_sha = _records_digest(conn, sel)
                tags = _tag_files(identity, sender, bundle_id, created, plan, records_sha,
                                  records_size, blobs, copies)
                sink = payload.HashingSink(fh, tmp)
                ages = [contacts.parse_card(c["card"]).age_recipient for c in sel.recipients]
                chunking = select.chunk_sizes(conn, blobs)
                with payload.ChunkReaders(vault.connect, vault.release, chunking) as readers, \
                        sink:
                    pieces = _tar_pieces(conn, sel, bundle_id, created, tags,
                                         (records_sha, records_size), blobs, readers, job)
                    envelope.encrypt_stream(payload.TarSource(pieces), sink, ages)
            fh.flush()
            os.fsync(fh.fileno())
        sha = sink.sha.hexdigest()
        if out.exists():
            raise FieldnotesError(_("{name} already exists; choose another name.").format(name=out.name))
        _record(conn, sel, plan, bundle_id, created, sha, hashes_sha)
    except cerr.CryptoError as exc:
        delivery.abandon(conn, bundle_id, tmp)
        raise from_crypto(exc) from None
    except OSError as exc:
        delivery.abandon(conn, bundle_id, tmp)
        raise userfiles.write_error(out, exc) from None
    except BaseException:
        delivery.abandon(conn, bundle_id, tmp)
        raise
    _deliver(conn, bundle_id, tmp, out)
    return ExportResult(bundle_id, sha, out, plan.revisions, plan.records, plan.attachments,
                        plan.payload_bytes, plan.left_out, plan.withdrawals)


def _deliver(conn, bundle_id: str, tmp: Path, out: Path) -> None:
    """The sending is committed: move the bundle into place. If that fails now, the bundle is
    complete under its temporary name and the next export moves it (delivery.reconcile)."""
    try:
        delivery.deliver(conn, bundle_id, tmp, out)
    except FileExistsError:
        raise FieldnotesError(_("The bundle was made and recorded as sent, but {name} appeared "
                                "meanwhile; it is kept as {kept}.").format(
                                    name=out.name, kept=tmp.name)) from None
    except OSError as exc:
        raise FieldnotesError(_("The bundle was made and recorded as sent, but could not be "
                                "given its name ({reason}); the next export will do it.").format(
                                    reason=userfiles.system_reason(exc))) from None


def _tar_pieces(conn, sel, bundle_id: str, created: str, tags, records, blobs,
                readers, job: Job):
    """The whole tar, piece by piece: tag files, records.jsonl (second pass, checked against
    the first), the attachments, the end of the archive."""
    top = layout.top_folder(bundle_id) + "/"
    mtime = int(parse_utc(created).timestamp())
    written = 0
    for name, data in tags:
        block = tarstream.header(top + name, len(data), mtime) + data + tarstream.padding(len(data))
        written += len(block)
        yield block
    records_sha, records_size = records
    total = records_size + sum(n for _sha, n in blobs)
    done = 0
    yield tarstream.header(top + layout.RECORDS, records_size, mtime)
    digest, buf = hashlib.sha256(), bytearray()
    for _hash, line in select.revision_lines(conn, sel):
        buf += line.encode("utf-8")
        buf += b"\n"
        if len(buf) >= payload.PIECE:
            digest.update(buf)
            done += len(buf)
            yield bytes(buf)
            buf.clear()
            job.step(done, total)
    digest.update(buf)
    done += len(buf)
    yield bytes(buf)
    if digest.hexdigest() != records_sha or done != records_size:
        raise FieldnotesError(_("The vault changed while exporting; nothing was exported."))
    yield tarstream.padding(records_size)
    written += tarstream.BLOCK + records_size + len(tarstream.padding(records_size))
    for sha, size in blobs:
        yield tarstream.header(top + layout.ATTACHMENTS + sha, size, mtime)
        for chunk in readers.blob(sha, size):
            done += len(chunk)
            yield chunk
            job.step(done, total)
        yield tarstream.padding(size)
        written += tarstream.BLOCK + size + len(tarstream.padding(size))
    yield tarstream.end_of_archive(written)


def _record(conn, sel, plan: ExportPlan, bundle_id: str, created: str, sha: str,
            hashes_sha: str) -> None:
    """Remember what was sent to whom, in one transaction; the file is moved into place only
    after it commits (delivery.py)."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO bundle_revisions(bundle_id, hash) SELECT ?, r.hash FROM revisions r "
            f"JOIN records rec ON rec.id = r.record_id WHERE {sel.where}",
            [bundle_id, *sel.params])
        for r in plan.recipients:
            conn.execute(
                "INSERT INTO bundles_sent(bundle_id, recipient, sequence, previous, created, "
                "sha256, last_seq, revisions, revisions_sha256) VALUES(?,?,?,?,?,?,?,?,?)",
                (bundle_id, r["fingerprint"], r["sequence"], r["previous"], created, sha,
                 sel.high_seq, plan.revisions, hashes_sha))
        audit.append(conn, "bundle.exported", None, {
            "bundle_id": bundle_id, "sha256": sha, "revisions": plan.revisions,
            "attachments": plan.attachments,
            "recipients": [r["fingerprint"] for r in plan.recipients],
            "left_out": len(plan.left_out), "withdrawals": len(plan.withdrawals)})
