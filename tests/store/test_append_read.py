"""The append API (recordings) and the random-access reader."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crypto.age_format import CHUNK
from fieldnotes import attachments, audit
from fieldnotes.blobstore import Appender, BlobFile, layout
from fieldnotes.errors import AttachmentCorrupt, FieldnotesError
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def case(store):
    return store.create("case", {"title": "Recordings"})


def _files(conn):
    return sorted(p for _, p in layout.files(layout.folder_of(conn)))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 77,
                                  (1 << 20) + 3])
def test_random_access_matches_the_bytes(store, case, tmp_path, size):
    data = os.urandom(size)
    src = tmp_path / "f.bin"
    src.write_bytes(data)
    _, sha = attachments.attach_file(store, case, src)
    rng = random.Random(size)
    with BlobFile(store.conn, sha) as f:
        assert f.size == size and f.seekable()
        for _ in range(60):
            pos = rng.randrange(0, size + 2)
            n = rng.choice([1, 7, 4096, CHUNK, CHUNK + 5, 3 * CHUNK, 1 << 20])
            f.seek(pos)
            want = data[pos:pos + n]
            assert f.read(n) == want
            assert f.tell() == pos + len(want)
        f.seek(-min(10, size), os.SEEK_END)
        assert f.read() == data[-min(10, size):] if size else f.read() == b""


def test_reader_opens_only_the_chunks_it_needs(store, case, tmp_path, monkeypatch):
    data = os.urandom(40 * CHUNK)
    src = tmp_path / "long.wav"
    src.write_bytes(data)
    _, sha = attachments.attach_file(store, case, src)
    opened = []
    with BlobFile(store.conn, sha) as f:
        real = f._source.units
        monkeypatch.setattr(f._source, "units", lambda first, count: (
            opened.append((first, count)), real(first, count))[1])
        f.seek(30 * CHUNK + 100)
        assert f.read(200) == data[30 * CHUNK + 100:30 * CHUNK + 300]
        assert f.read(200) == data[30 * CHUNK + 300:30 * CHUNK + 500]  # from the kept chunk
    assert opened == [(30, 1)]


def test_append_sync_finish(store, case, vault):
    testimony = store.create("testimony", {"title": "t", "text": "x",
                                           "consent": {"scope": "internal"}}, case)
    rec = Appender(store, case, "interview.wav", record_id=testimony, description="first")
    rec.sync({"markers": [{"at_ms": 5, "label": "start"}]})
    data = os.urandom(5 * CHUNK + 1234)
    for i in range(0, len(data), 3000):
        rec.append(data[i:i + 3000])
        if i % 60000 == 0:
            assert rec.sync() == rec.size // CHUNK * CHUNK  # whole chunks are promised
    row = store.conn.execute("SELECT durable, tail, state FROM blobs WHERE id = ?",
                             (rec.blob_id,)).fetchone()
    assert row[2] == "appending" and row[0] * CHUNK == rec.durable
    with BlobFile(store.conn, blob_id=rec.blob_id) as live:  # playable while recording,
        assert live.read() == data[:row[0] * CHUNK + row[1]]  # the written tail included
    att = rec.finish({"duration_ms": 1234})
    assert att.sha256 == hashlib.sha256(data).hexdigest() and att.size == len(data)
    got = store.get(att.id)
    assert got["data"] == {"sha256": att.sha256, "size": len(data), "filename": "interview.wav",
                           "mime": "audio/wav", "record_id": testimony, "description": "first",
                           "duration_ms": 1234}
    assert attachments.read_all(store.conn, att.sha256) == data
    [path] = _files(store.conn)
    assert path.stat().st_size == layout.file_length(len(data))
    with pytest.raises(FieldnotesError):
        rec.append(b"more")


def test_append_exactly_on_a_chunk_boundary(store, case):
    rec = Appender(store, case, "a.wav")
    data = os.urandom(3 * CHUNK)
    rec.append(data[:CHUNK])
    rec.sync()
    rec.append(data[CHUNK:])
    rec.sync()
    att = rec.finish()
    assert attachments.read_all(store.conn, att.sha256) == data


def test_abort_leaves_nothing(store, case):
    rec = Appender(store, case, "a.wav")
    rec.append(os.urandom(3 * CHUNK))
    rec.sync()
    rec.abort()
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    assert _files(store.conn) == [] and store.list("attachment", case) == []


def test_appender_refuses_a_missing_case(store):
    with pytest.raises(FieldnotesError):
        Appender(store, "no-such-case", "a.wav")
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0


RECORDER = textwrap.dedent("""
    import os, sys
    from fieldnotes.vault import Vault
    from fieldnotes.records.store import Store
    from fieldnotes.blobstore import Appender
    v = Vault.open(sys.argv[1], sys.argv[2])
    s = Store(v.conn, v.fingerprint)
    case = s.list("case")[0]["id"]
    rec = Appender(s, case, "interview.wav")
    i = 0
    while True:
        piece = bytes([i % 251]) * 10000 + i.to_bytes(4, "big")
        rec.append(piece)
        i += 1
        if i % 17 == 0:                      # durable bytes, reported only once durable
            print(rec.sync({"markers": [{"at_ms": i, "label": "consent given"}]}), flush=True)
""")


def _expected(n: int) -> bytes:
    return b"".join(bytes([i % 251]) * 10000 + i.to_bytes(4, "big") for i in range(n))


@pytest.mark.parametrize("syncs", [1, 4, 9])
def test_kill_while_recording_keeps_every_durable_byte(make_vault, tmp_path, syncs):
    v, _ = make_vault(f"rec{syncs}")
    Store(v.conn, v.fingerprint).create("case", {"title": "interviews"})
    path = v.path
    v.close()
    proc = subprocess.Popen([sys.executable, "-c", RECORDER, str(path), PASS],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    durable = [int(proc.stdout.readline()) for _ in range(syncs)][-1]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Vault.open(path, PASS) as again:
        s = Store(again.conn, again.fingerprint)
        [att] = s.list("attachment")
        kept = attachments.read_all(again.conn, att["data"]["sha256"])
        assert len(kept) >= durable
        assert kept == _expected(len(kept) // 10004 + 1)[:len(kept)]
        entry = [e for e in audit.entries(again.conn) if e["action"] == "attachment.recovered"]
        assert len(entry) == 1 and entry[0]["record_id"] == att["id"]
        detail = entry[0]["detail"]
        detail = json.loads(detail) if isinstance(detail, str) else detail
        assert detail["kept_bytes"] == len(kept) and detail["durable_bytes"] <= len(kept)
        assert att["data"]["markers"][0]["label"] == "consent given"  # kept at the last sync
        assert audit.verify(again.conn) == []
        assert again.conn.execute("SELECT count(*) FROM blobs WHERE state != 'sealed'"
                                  ).fetchone()[0] == 0
        [f] = _files(again.conn)
        assert f.stat().st_size == layout.file_length(len(kept))


def test_a_recording_held_by_a_live_process_is_left_alone(make_vault):
    v, _ = make_vault("live")
    s = Store(v.conn, v.fingerprint)
    case = s.create("case", {"title": "c"})
    rec = Appender(s, case, "a.wav")
    rec.append(os.urandom(2 * CHUNK))
    rec.sync()
    # A second unlock while still recording: refused now (fieldnotes/open_lock.py), so let go
    # of the first one's lock, as a Fieldnotes from before that lock would have.
    v._opener.release()
    with Vault.open(v.path, PASS) as other:
        assert other.conn.execute("SELECT state FROM blobs").fetchone()[0] == "appending"
        assert len(_files(other.conn)) == 1
    rec.append(b"end")
    att = rec.finish()
    assert att.size == 2 * CHUNK + 3


def test_damaged_recording_file_is_named(store, case):
    rec = Appender(store, case, "interview.wav")
    rec.append(os.urandom(2 * CHUNK))
    att = rec.finish()
    [path] = _files(store.conn)
    data = bytearray(path.read_bytes())
    data[layout.HEADER + 10] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises(AttachmentCorrupt, match="interview.wav.*" + att.id):
        attachments.read_all(store.conn, att.sha256)


def test_big_blobs_seal_and_hash_on_their_own_threads(tmp_path):
    """From 8 MiB, intake and import seal and hash on threads of their own; the bytes and the
    hash come out the same, and a cancel part-way leaves no file."""
    import threading

    from fieldnotes.bundle import importer, writer
    from fieldnotes.errors import Cancelled
    from fieldnotes.jobs import Job
    from tests.bundle.helpers import Pair

    pair = Pair(tmp_path)
    try:
        s = Store(pair.r.conn, pair.r.fingerprint)
        case = s.create("case", {"title": "big"})
        data = os.urandom((9 << 20) + 12345)
        src = tmp_path / "video.mp4"
        src.write_bytes(data)
        before = set(threading.enumerate())  # another test's thread may end meanwhile
        job = Job(progress=lambda d, t: job.cancel() if d > 4 << 20 else None)
        with pytest.raises(Cancelled):
            attachments.attach_file(s, case, src, job=job)
        assert _files(pair.r.conn) == [] and set(threading.enumerate()) <= before
        _, sha = attachments.attach_file(s, case, src)
        assert sha == hashlib.sha256(data).hexdigest()
        assert attachments.read_all(pair.r.conn, sha) == data
        out = tmp_path / "big.bundle"
        writer.export_bundle(pair.r, out, [pair.c_fpr], cases=[case])
        importer.import_bundle(pair.c, out)
        assert attachments.read_all(pair.c.conn, sha) == data
        assert set(threading.enumerate()) <= before  # every thread it started has ended
    finally:
        pair.close()
