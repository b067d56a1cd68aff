"""Attachments in sealed files beside vault.db (format 2); the hash-chained audit log."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from fieldnotes import attachments, audit
from fieldnotes.blobstore import layout
from fieldnotes.errors import AttachmentCorrupt, Cancelled, FieldnotesError
from fieldnotes.jobs import Job


@pytest.fixture
def case(store):
    return store.create("case", {"title": "Attachments"})


def test_attach_and_read_back(store, case, tmp_path):
    payload = os.urandom(3 * attachments.CHUNK_SIZE + 12345)
    src = tmp_path / "interview.ogg"
    src.write_bytes(payload)
    rid, digest = attachments.attach_file(store, case, src)
    assert digest == hashlib.sha256(payload).hexdigest()
    rec = store.get(rid)
    assert rec["data"]["size"] == len(payload) and rec["data"]["filename"] == "interview.ogg"
    assert store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
    [path] = _files(store)
    assert path.stat().st_size == layout.file_length(len(payload))
    assert payload[:4096] not in path.read_bytes()  # sealed, not stored as it came
    out = io.BytesIO()
    attachments.copy_out(store.conn, digest, out)
    assert out.getvalue() == payload


def test_identical_files_are_stored_once(store, case, tmp_path):
    src = tmp_path / "a.bin"
    src.write_bytes(b"same bytes" * 1000)
    attachments.attach_file(store, case, src)
    attachments.attach_file(store, case, src)
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1
    assert len(store.list("attachment", case)) == 2


def _files(store):
    return [p for _, p in layout.files(layout.folder_of(store.conn))]


def test_corruption_is_reported_on_read(store, case, tmp_path):
    src = tmp_path / "photo.jpg"
    src.write_bytes(os.urandom(2 * attachments.CHUNK_SIZE))
    _, digest = attachments.attach_file(store, case, src)
    [path] = _files(store)
    data = bytearray(path.read_bytes())
    data[layout.chunk_offset(20) + 5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(AttachmentCorrupt, match="photo.jpg.*altered"):
        attachments.copy_out(store.conn, digest, io.BytesIO())
    path.write_bytes(bytes(data[:-1]))
    with pytest.raises(AttachmentCorrupt, match="photo.jpg.*cut short"):
        attachments.read_all(store.conn, digest)
    path.unlink()
    with pytest.raises(AttachmentCorrupt, match="photo.jpg.*missing"):
        attachments.read_all(store.conn, digest)


def test_cancelled_intake_leaves_nothing(store, case, tmp_path):
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(5 * attachments.CHUNK_SIZE))
    job = Job(progress=lambda done, total: job.cancel() if done >= 2 * attachments.CHUNK_SIZE else None)
    with pytest.raises(Cancelled):
        attachments.attach_file(store, case, src, job=job)
    for table in ("blobs", "chunks"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert store.list("attachment", case) == []
    assert _files(store) == []


def test_purge_removes_bytes(store, case, tmp_path):
    src = tmp_path / "doc.pdf"
    src.write_bytes(b"%PDF secret" * 100)
    rid, _ = attachments.attach_file(store, case, src)
    assert len(_files(store)) == 1
    store.purge(rid)
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    assert _files(store) == []


def test_audit_chain_detects_alter_remove_reorder(store, case):
    for i in range(5):
        store.create("note", {"text": f"n{i}"}, case)
    conn = store.conn
    assert audit.verify(conn) == []
    n = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert n >= 7

    conn.execute("UPDATE audit SET action='record.deleted' WHERE seq=3")
    assert any("entry 3 has been altered" in p for p in audit.verify(conn))
    conn.execute("UPDATE audit SET action='record.created' WHERE seq=3")
    assert audit.verify(conn) == []

    row = conn.execute("SELECT * FROM audit WHERE seq=4").fetchone()
    conn.execute("DELETE FROM audit WHERE seq=4")
    problems = audit.verify(conn)
    assert any("missing" in p for p in problems)
    conn.execute("INSERT INTO audit VALUES(?,?,?,?,?,?,?)", row)
    assert audit.verify(conn) == []

    # Swap two entries' contents, keeping their places.
    a = conn.execute("SELECT time, action, record_id, detail, prev, hash FROM audit WHERE seq=5").fetchone()
    b = conn.execute("SELECT time, action, record_id, detail, prev, hash FROM audit WHERE seq=6").fetchone()
    for seq, vals in ((5, b), (6, a)):
        conn.execute("UPDATE audit SET time=?, action=?, record_id=?, detail=?, prev=?, hash=? "
                     "WHERE seq=?", (*vals, seq))
    assert audit.verify(conn)


def test_audit_holds_no_content(store, case):
    store.create("note", {"text": "the secret name is Zhang Wei"}, case)
    for (detail,) in store.conn.execute("SELECT detail FROM audit"):
        assert "Zhang" not in detail


def test_saved_copy_is_whole_or_absent(store, case, tmp_path):
    """A decrypted copy that fails (damaged file, cancel, existing target) leaves no partial
    plaintext behind and no audit entry; a good one is whole and audited."""
    payload = os.urandom(3 * attachments.CHUNK_SIZE)
    src = tmp_path / "photo.jpg"
    src.write_bytes(payload)
    rid, digest = attachments.attach_file(store, case, src)
    saved = lambda: [e for e in audit.entries(store.conn)  # noqa: E731
                     if e["action"] == "attachment.saved_copy"]

    target = tmp_path / "copy.jpg"
    job = Job(progress=lambda done, total: job.cancel() if done >= attachments.CHUNK_SIZE else None)
    with pytest.raises(Cancelled):
        attachments.save_copy(store.conn, rid, digest, target, job)
    assert not target.exists() and saved() == []

    [path] = _files(store)
    good = path.read_bytes()
    data = bytearray(good)
    data[layout.chunk_offset(40) + 5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(AttachmentCorrupt, match="photo.jpg"):
        attachments.save_copy(store.conn, rid, digest, target)
    assert not target.exists() and saved() == []

    path.write_bytes(good)
    assert attachments.save_copy(store.conn, rid, digest, target) == len(payload)
    assert target.read_bytes() == payload and len(saved()) == 1
    with pytest.raises(FieldnotesError, match="copy.jpg already exists"):
        attachments.save_copy(store.conn, rid, digest, target)
    assert target.read_bytes() == payload and len(saved()) == 1
