"""Reading a bundle without trusting it: decrypt, check the tar's shape, the tag files and the
signature, then hand out the payload while checking every byte against the signed manifest.

:func:`open_bundle` is a context manager yielding a :class:`BundleStream` whose tag files are
already checked: the bundle is addressed to this vault, its sender is a verified, unrevoked
contact, the signature over the tag manifest is theirs and names this bundle, and the tag
manifest matches the tag files. The caller then takes ``record_lines()`` and
``attachments(sink_for)`` in that order. Leaving the block normally checks the end of the
archive and lets the age layer prove the file complete (a truncated bundle fails there).
Nothing is written anywhere by this module.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from crypto import envelope, minisign
from crypto import errors as cerr
from fieldnotes import contacts, userfiles
from fieldnotes import guard as vault_guard
from fieldnotes.bundle import layout
from fieldnotes.bundle.tarstream import TarReader
from fieldnotes.errors import BundleRejected, DiskFull, from_crypto
from fieldnotes.i18n import _
from fieldnotes.jobs import Job

_READ = 1 << 20
_TAG_CAPS = {layout.MANIFEST: layout.MAX_MANIFEST, layout.SIGNATURE: layout.MAX_SIGNATURE}


class _HashingReader:
    """The bundle file as the age worker reads it, hashed on the way (the bundle's SHA-256)."""

    def __init__(self, f):
        self.f, self.sha, self.count = f, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(max(n, _READ))
        self.sha.update(data)
        self.count += len(data)
        return data


class Hasher:
    """A sink for attachment bytes that only hashes them (verify, or a blob we already hold)."""

    def __init__(self):
        self._sha = hashlib.sha256()

    def write(self, data) -> None:
        self._sha.update(data)

    def finish(self) -> str:
        return self._sha.hexdigest()


class BundleStream:
    def __init__(self, conn, tar: TarReader, source: _HashingReader, total: int, job: Job):
        self.conn, self.tar, self.source, self.total, self.job = conn, tar, source, total, job
        self.sha256: str | None = None
        self.revisions = 0
        self.top = ""
        self.attachment_hashes: list[str] = []
        self._seen: set[str] = set()
        self._last_attachment: str | None = None
        self._payload_left = 0
        self._payload_files = 0

    # -- tag files ----------------------------------------------------------------------

    def _member(self, expected: str) -> int:
        """Read the next header; it must be ``expected`` (relative to the bundle's folder)."""
        entry = self.tar.next()
        if entry is None:
            raise BundleRejected(_("The bundle is missing a file listed in its manifest.")
                                 if expected.startswith("data/") else
                                 _("The bundle is incomplete: a tag file is missing."))
        path, size = entry
        top, sep, rel = path.partition("/")
        if not sep or top != self.top:
            raise BundleRejected(_("The bundle's files are not all in the one folder named for it."))
        if rel != expected:
            raise BundleRejected(self._misplaced(rel))
        return size

    def _misplaced(self, rel: str) -> str:
        if rel in self._seen or rel == self._last_attachment:
            return _("The bundle contains the same file twice.")
        name = rel[len(layout.ATTACHMENTS):]
        if rel.startswith(layout.ATTACHMENTS) and layout.is_sha256(name):
            i = bisect.bisect_left(self.attachment_hashes, name)
            if i < len(self.attachment_hashes) and self.attachment_hashes[i] == name:
                return _("The bundle's files are not in the order of its manifest (or one is "
                         "missing).")
            return _("The bundle contains a file its manifest does not list.")
        if rel in layout.TAG_FILES or rel == layout.RECORDS:
            return _("The bundle's files are not in the expected order.")
        return _("The bundle contains a file that does not belong in a bundle.")

    def read_tags(self, me: str) -> None:
        first = self.tar.next()
        if first is None:
            raise BundleRejected(_("The bundle is empty."))
        self.top = first[0].partition("/")[0]
        if not self.top.startswith(layout.TOP_PREFIX):
            raise BundleRejected(_("The bundle's files are not all in the one folder named for it."))
        tags: dict[str, bytes] = {}
        for name in layout.TAG_FILES:
            size = self._expect_first(first) if name == layout.BAGIT else self._member(name)
            if size > _TAG_CAPS.get(name, layout.MAX_TAG_FILE):
                raise BundleRejected(_("The bundle's {name} is larger than Fieldnotes accepts.").format(name=name))
            tags[name] = self._read_all(size)
            self._seen.add(name)
        self._check_tags(tags, me)

    def _expect_first(self, first: tuple[str, int]) -> int:
        rel = first[0].partition("/")[2]
        if rel != layout.BAGIT:
            raise BundleRejected(self._misplaced(rel) if rel else
                                 _("The bundle's files are not all in the one folder named for "
                                   "it."))
        return first[1]

    def _read_all(self, size: int) -> bytes:
        parts, left = [], size
        while left:
            piece = self.tar.read(left)
            parts.append(piece)
            left -= len(piece)
        return b"".join(parts)

    def _check_tags(self, tags: dict[str, bytes], me: str) -> None:
        if tags[layout.BAGIT] != layout.BAGIT_TXT:
            raise BundleRejected(_("The bundle's bagit.txt is not that of a Fieldnotes bundle."))
        info = layout.parse_bag_info(tags[layout.BAG_INFO])
        if self.top != layout.top_folder(info.bundle_id):
            raise BundleRejected(_("The bundle's folder is not named for its bundle id."))
        if me not in info.recipients:
            raise BundleRejected(_("This bundle is not addressed to this vault."))
        self.sender, card = contacts.trusted_signer(self.conn, info.sender, "bundle")
        try:
            comment = minisign.verify(card.minisign_public_key, tags[layout.TAGMANIFEST],
                                      tags[layout.SIGNATURE].decode("utf-8"))
        except (cerr.BadSignature, UnicodeDecodeError):
            raise BundleRejected(_("The bundle's signature is not valid: it was altered, or not made by its stated sender.")) from None
        if comment != layout.trusted_comment(info.bundle_id, info.sender):
            raise BundleRejected(_("The bundle's signature was made for another bundle."))
        layout.check_tagmanifest(tags[layout.TAGMANIFEST], {
            n: hashlib.sha256(tags[n]).hexdigest()
            for n in (layout.BAGIT, layout.BAG_INFO, layout.MANIFEST)})
        self.records_sha, self.attachment_hashes = layout.parse_manifest(tags[layout.MANIFEST])
        if info.payload_files != 1 + len(self.attachment_hashes):
            raise BundleRejected(_("The bundle's Payload-Oxum does not match its manifest."))
        self.info, self.me = info, me
        self._payload_left = info.payload_bytes

    # -- payload ------------------------------------------------------------------------

    def _payload_member(self, rel: str, cap: int) -> int:
        size = self._member(rel)
        if size > cap or size > self._payload_left:
            raise BundleRejected(_("The bundle declares a file larger than its payload allows."))
        self._payload_left -= size
        self._payload_files += 1
        return size

    def _step(self) -> None:
        self.job.step(self.source.count, self.total)

    def record_lines(self) -> Iterator[tuple[int, bytes]]:
        """(line number, line without its newline) of data/records.jsonl; its hash and size are
        checked at the end, each line's length as it comes."""
        left = self._payload_member(layout.RECORDS, layout.MAX_RECORDS_FILE)
        self._seen.add(layout.RECORDS)
        digest, number = hashlib.sha256(), 0
        parts: list[bytes] = []  # the line being read, when it spans pieces
        pending = 0
        while left:
            piece = self.tar.read(min(left, _READ))
            left -= len(piece)
            digest.update(piece)
            start = 0
            while (end := piece.find(b"\n", start)) >= 0:
                line = b"".join([*parts, piece[start:end]]) if parts else piece[start:end]
                parts, pending, start = [], 0, end + 1
                number += 1
                if not line:
                    raise BundleRejected(_("Record line {number} of the bundle is empty.").format(number=number))
                if len(line) > layout.MAX_LINE:
                    raise self._too_long(number)
                yield number, line
            if start < len(piece):
                parts.append(piece[start:])
                pending += len(piece) - start
            if pending > layout.MAX_LINE:
                raise self._too_long(number + 1)
            self._step()
        if parts:
            raise BundleRejected(_("The bundle's records.jsonl does not end with a new line."))
        if digest.hexdigest() != self.records_sha:
            raise BundleRejected(_("The bundle's records do not match the hash in its manifest."))
        if not number:
            # Fieldnotes never makes such a bundle ("There is nothing to export"), and one
            # would only move the sender's sequence on: not accepted as a heartbeat.
            raise BundleRejected(_("The bundle holds no records; Fieldnotes never makes such a "
                                   "bundle, so it was not imported."))
        self.revisions = number

    @staticmethod
    def _too_long(number: int) -> BundleRejected:
        return BundleRejected(_("Record line {number} of the bundle is longer than Fieldnotes accepts.").format(number=number))

    def attachments(self, sink_for) -> Iterator[str]:
        """Stream each attachment into ``sink_for(sha256, size)`` (write(bytes), finish() -> hex
        digest); yields each hash once its bytes are proven."""
        for expected in self.attachment_hashes:
            left = self._payload_member(layout.ATTACHMENTS + expected, layout.MAX_ATTACHMENT)
            sink = sink_for(expected, left)
            while left:
                piece = self.tar.read(min(left, _READ))
                left -= len(piece)
                sink.write(piece)
                self._step()
            if sink.finish() != expected:
                raise BundleRejected(_("An attachment in the bundle does not match its hash."))
            self._last_attachment = layout.ATTACHMENTS + expected
            yield expected

    def finish_tar(self) -> None:
        entry = self.tar.next()
        if entry is not None:
            path = entry[0]
            rel = path.partition("/")[2]
            raise BundleRejected(self._misplaced(rel))
        if self._payload_left or self._payload_files != self.info.payload_files:
            raise BundleRejected(_("The bundle's Payload-Oxum does not match its contents."))
        self.tar.finish()


class ReadAhead:
    """A bundle file whose decryption began before its import did: a batch starts the next
    file while the current one commits, so the second core decrypts (and hashes the file)
    while the first waits on the disk. At most ``READ_AHEAD`` MiB of plaintext wait in
    memory, never on disk; nothing is trusted before :func:`open_bundle` checks it exactly as
    it checks a file it opens itself. :meth:`start` returns None when the file cannot be
    started this way (the import then opens it and says why); one never used must be
    closed."""

    READ_AHEAD = 16  # 1 MiB blocks

    def __init__(self, raw, source: _HashingReader, plain: envelope.DecryptingReader):
        self.raw, self.source, self.plain = raw, source, plain

    @classmethod
    def start(cls, conn, path) -> ReadAhead | None:
        try:
            raw = open(path, "rb")  # noqa: SIM115 (kept open for open_bundle, or closed)
        except OSError:
            return None
        try:
            source = _HashingReader(raw)
            plain = envelope.start_decrypting(source, contacts.own_identity(conn).age_secret(),
                                              cls.READ_AHEAD)
        except Exception:
            raw.close()
            return None
        return cls(raw, source, plain)

    def close(self) -> None:
        self.plain.close()
        self.raw.close()


@contextlib.contextmanager
def open_bundle(conn, path, job: Job | None = None,
                ahead: ReadAhead | None = None) -> Iterator[BundleStream]:
    """Open and check a bundle's envelope, tar shape, tag files and signature (see module);
    ``ahead``: its decryption already started (:class:`ReadAhead`), then closed here."""
    job = job or Job()
    path = Path(path)
    identity, me = contacts.own_identity(conn), contacts.own_fingerprint(conn)
    try:
        with ahead.raw if ahead else open(path, "rb") as raw:
            total = os.fstat(raw.fileno()).st_size
            source = ahead.source if ahead else _HashingReader(raw)
            with envelope.decrypting_reader(source, identity.age_secret(),
                                            ahead.plain if ahead else None) as plain:
                stream = BundleStream(conn, TarReader(plain), source, total, job)
                stream.read_tags(me)
                yield stream
                stream.finish_tar()
            if raw.read(1):
                raise BundleRejected(_("The bundle has unexpected data after its end."))
            stream.sha256 = source.sha.hexdigest()
    except cerr.CryptoError as exc:
        raise from_crypto(exc) from None
    except OSError as exc:
        if vault_guard.is_full(exc):  # writing the attachments, not reading the bundle
            raise DiskFull(vault_guard.disk_full_sentence()) from None
        raise userfiles.read_error(path, exc) from None
