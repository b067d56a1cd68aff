"""Helpers for the bundle tests: two parties, sample material, vault fingerprints, forgeries."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from crypto import kdf
from crypto.identity import Identity
from fieldnotes import attachments, contacts
from fieldnotes.bundle import importer, layout, tarstream
from fieldnotes.errors import BundleRejected, FieldnotesError
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS


def new_vault(path: Path, name: str) -> Vault:
    return Vault.create(path, PASS, name=name, params=kdf.minimum_params())[0]


def store(v: Vault) -> Store:
    return Store(v.conn, v.fingerprint)


def card(v: Vault) -> str:
    return v.identity.card().to_text()


def befriend(a: Vault, b: Vault, verified: bool = True) -> tuple[str, str]:
    """a and b add each other's cards; returns (b's fpr as a sees it, a's fpr as b sees it)."""
    return (contacts.add_contact(a.conn, card(b), verified=verified),
            contacts.add_contact(b.conn, card(a), verified=verified))


def populate(v: Vault, tmp: Path, coordinator_name: str = "Coordinator", size: int = 1500_000
             ) -> dict[str, str]:
    """One case holding every record type, an edit, a tombstone and two attachments."""
    s = store(v)
    ids: dict[str, str] = {}
    ids["case"] = s.create("case", {"title": "Detention of lawyer Z", "tags": ["709"]})
    ids["person"] = s.create("person", {"name": "王全璋", "pseudonym": "W.",
                                        "risk_level": "high"}, ids["case"])
    ids["event"] = s.create("event", {"type": "enforced_disappearance", "title": "Taken",
                                      "date": "~2015-08", "place": "Tianjin"}, ids["case"])
    ids["link"] = s.create("link", {"person_id": ids["person"], "event_id": ids["event"],
                                    "role": "victim"}, ids["case"])
    ids["testimony"] = s.create("testimony", {
        "title": "Wife", "interviewee_id": ids["person"], "text": "我们一直不知道他在哪里。",
        "consent": {"scope": "share_named", "organisations": [coordinator_name]}}, ids["case"])
    ids["public"] = s.create("testimony", {
        "title": "Neighbour", "text": "Cars came at night.",
        "consent": {"scope": "publish_anonymised"}}, ids["case"])
    ids["note"] = s.create("note", {"text": "first"}, ids["case"])
    s.update(ids["note"], {"text": "first, edited"})
    ids["gone"] = s.create("note", {"text": "to be deleted"}, ids["case"])
    s.delete(ids["gone"])
    f = tmp / f"audio-{os.urandom(4).hex()}.bin"
    f.write_bytes(os.urandom(size))
    ids["attachment"], ids["sha"] = attachments.attach_file(s, ids["case"], f,
                                                            record_id=ids["testimony"])
    g = tmp / f"photo-{os.urandom(4).hex()}.jpg"
    g.write_bytes(os.urandom(1000))
    ids["photo"], ids["photo_sha"] = attachments.attach_file(s, ids["case"], g)
    f.unlink()
    g.unlink()
    return ids


def blob(v: Vault, sha: str) -> bytes:
    out = io.BytesIO()
    attachments.copy_out(v.conn, sha, out)
    return out.getvalue()


def db_state(v: Vault) -> str:
    """A digest of every table's rows: equal digests mean nothing changed logically."""
    h = hashlib.sha256()
    for table in ("records", "revisions", "blobs", "chunks", "audit", "contacts",
                  "bundles_sent", "bundle_revisions", "bundles_received", "fts"):
        for row in v.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            h.update(repr(row).encode())
    blobs = v.path / "blobs"  # the attachment store's files: a rolled-back import leaves none
    for f in sorted(blobs.rglob("*")) if blobs.is_dir() else ():
        if f.is_file():
            h.update(f.relative_to(blobs).as_posix().encode() + f.read_bytes())
    return h.hexdigest()


def files_digest(path: Path) -> str:
    h = hashlib.sha256()
    for name in ("vault.db", "keyslots.json"):
        h.update((path / name).read_bytes())
    assert not (path / "vault.db-wal").exists() or (path / "vault.db-wal").stat().st_size == 0
    return h.hexdigest()


def import_rolled_back(genuine, path):
    """Import inside an outer transaction that is always rolled back, so a (legitimately)
    successful import leaves the shared vault as it was too."""
    conn = genuine.c.conn
    before = db_state(genuine.c)
    conn.execute("BEGIN IMMEDIATE")
    try:
        importer.import_bundle(genuine.c, path, conn=conn)
    except FieldnotesError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert db_state(genuine.c) == before
        return exc
    finally:
        conn.execute("ROLLBACK")
    return None


class Party:
    """A vault that can be closed and reopened (to compare its files byte for byte)."""

    def __init__(self, path, name):
        self.path = path
        self.v = new_vault(path, name)

    def reopen(self) -> Vault:
        self.v.close()
        self.v = Vault.open(self.path, PASS)
        return self.v

    def files_digest(self) -> str:
        self.v.close()
        digest = files_digest(self.path)
        self.v = Vault.open(self.path, PASS)
        return digest

    def refuses(self, bundle_path, match: str, verify: bool = True) -> BundleRejected:
        """Import (and verify, unless the problem is how the bundle fits this vault) refuse
        the bundle with ``match``; the vault's files are byte-for-byte what they were."""
        before = self.files_digest()
        if verify:
            with pytest.raises(BundleRejected, match=match) as verified:
                importer.verify_bundle(self.v, bundle_path)
        with pytest.raises(BundleRejected, match=match) as imported:
            importer.import_bundle(self.v, bundle_path)
        if verify:
            assert str(verified.value) == str(imported.value)
        assert self.files_digest() == before
        return imported.value


class Pair:
    def __init__(self, tmp):
        self.tmp = tmp
        self.R = Party(tmp / "researcher", "Researcher")
        self.C = Party(tmp / "coordinator", "Coordinator")
        self.c_fpr, self.r_fpr = befriend(self.R.v, self.C.v)

    @property
    def r(self) -> Vault:
        return self.R.v

    @property
    def c(self) -> Vault:
        return self.C.v

    def close(self):
        self.R.v.close()
        self.C.v.close()



# -- forging bundles ----------------------------------------------------------------------

def decrypt(data: bytes, v: Vault) -> bytes:
    return pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(v.identity.age_secret())])


def encrypt(plain: bytes, *vaults_or_recipients) -> bytes:
    recips = [pyrage.x25519.Recipient.from_str(
        r if isinstance(r, str) else r.identity.card().age_recipient)
        for r in vaults_or_recipients]
    return pyrage.encrypt(plain, recips)


@dataclass
class Member:
    name: str                  # relative to the bundle folder, unless absolute=True
    data: bytes = b""
    type: bytes = tarfile.REGTYPE
    linkname: str = ""
    absolute: bool = False
    size: int | None = None    # a declared size differing from len(data)
    fmt: int = tarfile.USTAR_FORMAT
    pax: dict | None = None


class Forge:
    """Take a genuine bundle apart, change it, sign it again and encrypt it again, so a test
    can aim at exactly one layer."""

    def __init__(self, bundle: bytes, coordinator: Vault, signer: Identity):
        plain = decrypt(bundle, coordinator)
        with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tf:
            self.entries = [(m.name, tf.extractfile(m).read()) for m in tf.getmembers()]
        self.top = self.entries[0][0].split("/")[0]
        self.files = {n.split("/", 1)[1]: d for n, d in self.entries}
        self.signer = signer
        self.info = layout.parse_bag_info(self.files[layout.BAG_INFO])

    @property
    def records(self) -> list[bytes]:
        return self.files[layout.RECORDS].splitlines()

    def data_files(self) -> list[tuple[str, bytes]]:
        return [(n, d) for n, d in self.files.items() if n.startswith("data/")]

    def retag(self, files: dict[str, bytes] | None = None, info_lines: bytes | None = None,
              manifest: bytes | None = None, sender: str | None = None,
              signer: Identity | None = None, comment: str | None = None) -> dict[str, bytes]:
        """Fresh tag files for ``files`` (default: ours): manifest, Payload-Oxum, signature."""
        files = dict(self.files if files is None else files)
        data = [(n, d) for n, d in files.items() if n.startswith("data/")]
        if manifest is None:
            recs = hashlib.sha256(files[layout.RECORDS]).hexdigest()
            atts = sorted(n.rsplit("/", 1)[1] for n, _ in data if n.startswith("data/att"))
            manifest = layout.make_manifest(recs, atts)
        info = layout.BagInfo(**{**self.info.__dict__, "extra": {}})
        info.payload_bytes = sum(len(d) for _, d in data)
        info.payload_files = len(data)
        if sender:
            info.sender = sender
        files[layout.BAG_INFO] = info_lines if info_lines is not None else \
            layout.make_bag_info(info)
        files[layout.MANIFEST] = manifest
        digests = {n: hashlib.sha256(files[n]).hexdigest()
                   for n in (layout.BAGIT, layout.BAG_INFO, layout.MANIFEST)}
        files[layout.TAGMANIFEST] = layout.make_tagmanifest(digests)
        comment = comment or layout.trusted_comment(info.bundle_id, info.sender)
        files[layout.SIGNATURE] = (signer or self.signer).sign_minisign(
            files[layout.TAGMANIFEST], comment).encode()
        return files

    def ordered(self, files: dict[str, bytes]) -> list[Member]:
        tags = [Member(n, files[n]) for n in layout.TAG_FILES]
        data = sorted((n for n in files if n.startswith("data/")),
                      key=lambda n: (n != layout.RECORDS, n))
        return tags + [Member(n, files[n]) for n in data]

    def tar(self, members: list[Member], tail: bytes = b"") -> bytes:
        out = io.BytesIO()
        for m in members:
            path = m.name if m.absolute else f"{self.top}/{m.name}"
            if m.size is not None:  # a raw header whose size lies
                out.write(tarstream.header(path, m.size, 0) + m.data)
                continue
            info = tarfile.TarInfo(path)
            info.type, info.linkname, info.size = m.type, m.linkname, len(m.data)
            info.pax_headers = dict(m.pax or {})
            buf = info.tobuf(format=m.fmt, encoding="utf-8", errors="strict")
            out.write(buf + m.data + tarstream.padding(len(m.data)))
        body = out.getvalue()
        return body + tarstream.end_of_archive(len(body)) + tail

    def build(self, members: list[Member] | None = None, files: dict[str, bytes] | None = None,
              to=None, tail: bytes = b"", **retag) -> bytes:
        if members is None:
            members = self.ordered(self.retag(files, **retag) if (files or retag) else
                                   self.files)
        return encrypt(self.tar(members, tail), *(to or [self.coordinator_recipient]))

    coordinator_recipient: str = ""


def revision_line(record: dict, parent, author: str, time: str = "2026-01-01T00:00:00.000000Z"
                  ) -> bytes:
    from fieldnotes.records import revisions

    return revisions.make(record, parent, author, time)[1].encode()


def lines_of(jsonl: bytes) -> list[dict]:
    return [json.loads(x) for x in jsonl.splitlines()]
