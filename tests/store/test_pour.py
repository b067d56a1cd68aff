"""Intake's two-core pipeline (BlobWriter.pour): this thread reads into a few reused buffers
and hashes, the sealing thread seals and writes them and hands them back."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import threading

import pytest

from fieldnotes.blobstore import BlobFile, BlobWriter, layout, writer
from fieldnotes.errors import DiskFull
from fieldnotes.vault import transaction


class Trickle(io.RawIOBase):
    """A stream whose readinto hands over fewer bytes than asked, at odd sizes."""

    def __init__(self, data: bytes, seed: int):
        self._data, self._pos, self._rng = data, 0, random.Random(seed)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self._rng.choice((1, 4095, 65536, 65537, 300_000, len(b))),
                len(self._data) - self._pos)
        b[:n] = self._data[self._pos:self._pos + n]
        self._pos += n
        return n


class ReadOnly:
    """A stream with read() only."""

    def __init__(self, data: bytes):
        self._f = io.BytesIO(data)

    def read(self, n: int = -1) -> bytes:
        return self._f.read(n)


def _stored(conn, digest: str) -> bytes:
    with BlobFile(conn, digest) as blob:
        return b"".join(p for batch in blob.pieces() for p in batch)


@pytest.mark.parametrize("size", [0, 1, writer.BUFFER, 3 * writer.BUFFER + 12345])
@pytest.mark.parametrize("threaded", [True, False])
def test_pour_stores_every_byte_whatever_the_reads(vault, size, threaded):
    data = os.urandom(size)
    for stream in (Trickle(data, 1), ReadOnly(data), io.BytesIO(data)):
        steps = []
        with transaction(vault.conn):
            w = BlobWriter(vault.conn, threaded=threaded)
            assert w.pour(stream, steps.append) == size
            digest = w.finish()
        assert digest == hashlib.sha256(data).hexdigest()
        assert _stored(vault.conn, digest) == data
        assert steps == sorted(steps) and (steps[-1] == size if size else steps == [])
        with transaction(vault.conn):  # the next stream stores the same bytes anew
            vault.conn.execute("DELETE FROM blobs WHERE sha256 = ?", (digest,))


def test_a_failed_write_stops_pour_with_its_error_and_leaves_nothing(vault, monkeypatch):
    before = set(threading.enumerate())
    calls = []

    def full_disk(self, data):
        calls.append(len(data))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer.Sealer, "append", full_disk)
    folder = layout.folder_of(vault.conn)
    source = io.BytesIO(os.urandom(20 * writer.BUFFER))
    with pytest.raises(DiskFull), transaction(vault.conn):  # the sealing thread's error
        w = BlobWriter(vault.conn, threaded=True)
        try:
            w.pour(source)
        except BaseException:
            w.discard()
            raise
    assert source.tell() <= (2 + writer.BUFFERS) * writer.BUFFER  # it stopped reading
    assert list(layout.files(folder)) == []
    assert set(threading.enumerate()) <= before
