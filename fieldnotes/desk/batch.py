"""Many bundles at once: each in its own transaction, each attempt written to the import log.

:func:`import_many` unlocks nothing itself: it takes an open vault, puts the files in an order
that lets a sender's bundles chain (by sender, then sequence number, as far as each bundle's
unproven bag-info says), and hands every file to :func:`importer.import_bundle` — one
transaction each, so a refused bundle changes nothing and the others are still taken. Every
attempt, taken or refused, leaves one row in ``import_log`` (and a refusal an audit entry) in a
transaction of its own, after the import's own has committed or rolled back.

Speed: while one file is verified and committed, the next one is already being decrypted (and
its file hashed) on the second core (:class:`reader.ReadAhead`, a few MiB of plaintext in
memory at most), so the waits on the disk — the attachment file's fsync, the folder's, the
commit's — overlap the next file's work. ``plan`` looks into each file by decrypting only its
first chunks, on this thread.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fieldnotes import contacts, sentences, userfiles
from fieldnotes.bundle import importer, layout, reader
from fieldnotes.bundle.tarstream import TarReader
from fieldnotes.desk import filekind, importlog
from fieldnotes.errors import Cancelled, FieldnotesError
from fieldnotes.i18n import _, ngettext
from fieldnotes.jobs import Job
from fieldnotes.vault import checkpoint_later, transaction

BUNDLE_SUFFIXES = (".bundle", ".age")

ADDED, ALREADY, REFUSED = "added", "already_imported", "refused"


@dataclass
class Attempt:
    """What happened to one file; the CLI's ``--json`` prints these."""

    file: str
    status: str = REFUSED
    sha256: str | None = None
    bundle_id: str | None = None
    sender: str | None = None
    sender_name: str | None = None
    sequence: int | None = None
    added: int = 0
    skipped: int = 0
    attachments: int = 0
    gaps: list[str] = field(default_factory=list)
    reason: str | None = None  # in the language the import ran in
    reason_code: dict | None = None  # the same, language-neutral (fieldnotes.sentences)
    cases: list[dict] = field(default_factory=list)
    unknown_signer: bool = False  # refused because the signer is not a verified contact
    seq_range: tuple[int, int] | None = field(default=None, repr=False)  # revisions it added
    copies: str | None = None  # "working": working copies came instead of the originals
    card: str | None = None  # refused as not a bundle: a contact card, of this fingerprint

    @property
    def taken(self) -> bool:
        return self.status != REFUSED

    def to_dict(self) -> dict:
        """For ``--json``: ``reason`` and ``gaps`` in English, ``reason_code`` and
        ``gap_codes`` their codes and fields (null for text that has none)."""
        out = asdict(self)
        del out["seq_range"]
        if self.reason_code:
            out["reason"] = sentences.english(self.reason_code)
        out["gap_codes"] = [sentences.neutral(g) for g in self.gaps]
        out["gaps"] = [sentences.english(c) if c else g
                       for g, c in zip(self.gaps, out["gap_codes"], strict=True)]
        return out


def attempt_line(a: Attempt) -> str:
    """One line saying what happened to a bundle file (the CLI and the app's queue)."""
    if a.status == ADDED:
        revisions = ngettext("{n} revision added", "{n} revisions added", a.added).format(
            n=a.added)
        attachments = ngettext("{n} attachment added", "{n} attachments added",
                               a.attachments).format(n=a.attachments)
        return _("bundle {id} from {sender}: {revisions}, {skipped} already present, "
                 "{attachments}").format(id=a.bundle_id, sender=a.sender_name or a.sender,
                                         revisions=revisions, skipped=a.skipped,
                                         attachments=attachments)
    if a.status == ALREADY:
        return _("bundle {id} was already imported; nothing changed").format(id=a.bundle_id)
    return _("refused: {reason}").format(reason=a.reason)


def bundles_in(folder) -> list[Path]:
    """The bundle files directly in ``folder`` (by suffix), in name order."""
    folder = Path(folder)
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        raise FieldnotesError(_("There is no folder {name}.").format(name=folder.name)) \
            from None
    except NotADirectoryError:
        raise FieldnotesError(_("{file} is a file, not a folder of bundles.").format(
            file=folder)) from None
    except OSError as exc:  # the sentence names the folder in the reader's language
        raise userfiles.read_error(folder, exc) from None
    return [p for p in entries if p.is_file() and not p.name.startswith(".")
            and p.suffix.lower() in BUNDLE_SUFFIXES]


_PEEK = 256 << 10  # plaintext decrypted to read bagit.txt and bag-info.txt


def peek(conn, path) -> dict | None:
    """What a bundle's bag-info says (id, sender, sequence to us), unproven; None when the file
    cannot be opened with this vault's identity or does not start like a bundle. Decrypts only
    the file's first chunks, on this thread; nothing is checked, trusted or written."""
    from crypto import envelope

    me = contacts.own_fingerprint(conn)
    try:
        with open(path, "rb") as raw:
            start = envelope.first_plaintext(raw, contacts.own_identity(conn).age_secret(), _PEEK)
        tar = TarReader(io.BytesIO(start))
        for _i in range(2):
            entry = tar.next()
            if entry is None or entry[1] > layout.MAX_TAG_FILE:
                return None
            data = _read(tar, entry[1])
        info = layout.parse_bag_info(data)
    except Exception:  # anything unreadable: the import itself will say why
        return None
    return {"bundle_id": info.bundle_id, "sender": info.sender,
            "sequence": info.sequences.get(me), "created": info.created}


def _read(tar: TarReader, size: int) -> bytes:
    parts = []
    while size:
        piece = tar.read(size)
        if not piece:
            raise EOFError
        parts.append(piece)
        size -= len(piece)
    return b"".join(parts)


def file_sha256(path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def plan(conn, paths: Iterable) -> list[tuple[Path, dict | None]]:
    """The files in the order to import them: a sender's bundles by sequence number, placed
    where that sender's first file was; files that cannot be peeked stay where they are."""
    items = [(Path(p), peek(conn, p)) for p in paths]
    first_seen: dict[str, int] = {}
    keys = []
    for index, (_path, info) in enumerate(items):
        if info and info.get("sequence"):
            group = first_seen.setdefault(info["sender"], index)
            keys.append((group, info["sequence"], index))
        else:
            keys.append((index, 0, index))
    order = sorted(range(len(items)), key=keys.__getitem__)
    return [items[i] for i in order]


class _Part(Job):
    """One file's share of a batch's progress; cancelling the batch cancels it."""

    def __init__(self, parent: Job, offset: int, grand: int):
        super().__init__(lambda done, total: parent.step(offset + done, grand))
        self._cancel = parent._cancel


def import_one(vault, path, job: Job | None = None, conn=None, peeked: dict | None = None,
               ahead: reader.ReadAhead | None = None) -> Attempt:
    """Import one bundle and log the attempt, in one transaction; a refusal rolls the import
    back and is logged in a transaction of its own, and returned, not raised. Cancelling
    raises Cancelled and logs nothing (a cancelled attempt changed nothing and was not a
    refusal)."""
    conn = conn or vault.conn
    path = Path(path)
    # Sentences made during the import keep their codes, so the log stores them language-neutral.
    with sentences.keeping():
        return _import_one(vault, conn, path, job, peeked, ahead)


def _import_one(vault, conn, path: Path, job, peeked, ahead) -> Attempt:
    attempt = Attempt(file=str(path))
    before = _last_seq(conn)
    try:
        # The import and its log row commit together (one durable commit per bundle), and no
        # automatic checkpoint copies the WAL into vault.db between the bundles of a batch.
        with checkpoint_later(conn), transaction(conn):
            result = importer.import_bundle(vault, path, job, conn, ahead)
            _taken(conn, attempt, result, before)
            importlog.record(conn, attempt)
        return attempt
    except Cancelled:
        raise
    except FieldnotesError as exc:
        attempt = Attempt(file=str(path), reason=str(exc), reason_code=exc.neutral)
        info = peeked if peeked is not None else peek(conn, path)
        if info:
            attempt.bundle_id, attempt.sender = info["bundle_id"], info["sender"]
            attempt.sequence = info["sequence"]
            attempt.unknown_signer = _unknown(conn, info["sender"])
            attempt.sender_name = _name(conn, info["sender"])
        elif kind := filekind.explain(conn, path, exc):  # a card, a ZIP…: say what it is
            attempt.reason, attempt.card = kind.sentence, kind.card
            attempt.reason_code = sentences.neutral(kind.sentence)
        attempt.sha256 = file_sha256(path)
    with checkpoint_later(conn):
        importlog.record(conn, attempt)
    return attempt


def _taken(conn, attempt: Attempt, result, before: int) -> None:
    attempt.status = ALREADY if result.already_imported else ADDED
    attempt.sha256 = result.sha256 or file_sha256(attempt.file)
    attempt.bundle_id, attempt.sender = result.bundle_id, result.sender
    attempt.sender_name, attempt.sequence = result.sender_name, result.sequence
    attempt.added, attempt.skipped = result.added, result.skipped
    attempt.attachments = result.attachments_added
    attempt.gaps = [result.gap] if result.gap else []
    attempt.cases = result.cases
    if result.added:
        attempt.seq_range = (before, _last_seq(conn))
    attempt.copies = result.copies


def _last_seq(conn) -> int:
    return conn.execute("SELECT coalesce(max(seq), 0) FROM revisions").fetchone()[0]


def _unknown(conn, sender: str) -> bool:
    row = conn.execute("SELECT verified, revoked FROM contacts WHERE fingerprint = ?",
                       (sender,)).fetchone()
    return row is None or (not row[0] and not row[1])


def _name(conn, sender: str) -> str | None:
    row = conn.execute("SELECT name FROM contacts WHERE fingerprint = ?", (sender,)).fetchone()
    return row[0] if row else None


def import_many(vault, paths: Iterable, job: Job | None = None, conn=None,
                started: Callable[[int, Path], None] | None = None,
                finished: Callable[[int, Attempt], None] | None = None) -> list[Attempt]:
    """Import every file, each in its own transaction (see module). ``started(i, path)`` and
    ``finished(i, attempt)`` are called around each file, ``i`` counting in import order;
    ``job.step`` gets the bytes done of all files. Cancelling stops before the next file;
    the one in progress rolls back, those before it stay imported."""
    conn = conn or vault.conn
    job = job or Job()
    order = plan(conn, paths)
    sizes = [_size(p) for p, _info in order]
    grand, offset, out = sum(sizes), 0, []
    nxt: reader.ReadAhead | None = None  # the next file, decrypting while this one commits
    try:
        for i, ((path, info), size) in enumerate(zip(order, sizes, strict=True)):
            job.check()
            if started:
                started(i, path)
            current, nxt = nxt, (reader.ReadAhead.start(conn, order[i + 1][0])
                                 if i + 1 < len(order) else None)
            try:
                attempt = import_one(vault, path, _Part(job, offset, grand), conn,
                                     peeked=info or {}, ahead=current)
            finally:
                if current is not None:
                    current.close()  # done with, or never reached (the import failed first)
            offset += size
            job.step(offset, grand)
            out.append(attempt)
            if finished:
                finished(i, attempt)
    finally:
        if nxt is not None:
            nxt.close()
    return out


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
