"""A new blob file written around the page cache (fieldnotes/blobstore/direct.py): the same bytes
as the ordinary way whatever the pieces, the ordinary way where the system refuses, and a
failure of the writing thread raised to the writer, never lost."""

from __future__ import annotations

import errno
import hashlib
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.blobstore import BlobFile, BlobWriter, direct, layout
from fieldnotes.blobstore.sealing import FileOut
from fieldnotes.vault import transaction


def _direct_works(folder) -> bool:
    fd = os.open(folder / "probe", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        return isinstance(direct.open_out(fd), direct.DirectOut)
    finally:
        os.close(fd)


def _write(path, pieces, use_room: bool) -> tuple[bytes, int]:
    """Write ``pieces`` in order through open_out, half of them sealed 'in place' through
    room(); returns the file's bytes and how many of them were written directly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        out = direct.open_out(fd)
        end = 0
        for i, piece in enumerate(pieces):
            room = out.room(len(piece)) if use_room and i % 2 and piece else None
            if room is not None:
                room[:] = piece
                end = out.pwrite([room], end)
            else:
                end = out.pwrite([piece], end)
        out.finish(end + 7)
        direct_bytes = getattr(out, "direct_bytes", 0)
    finally:
        os.close(fd)
    with open(path, "rb") as fh:
        return fh.read(), direct_bytes


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.sampled_from([0, 1, 24, 4095, 4096, 4097, 65552, 983_280,
                                       1_048_832, 3 << 20]), max_size=8),
       use_room=st.booleans())
def test_the_file_holds_exactly_what_was_written(tmp_path_factory, sizes, use_room):
    folder = tmp_path_factory.mktemp("direct")
    pieces = [os.urandom(n) for n in sizes]
    data, _ = _write(folder / "blob", pieces, use_room)
    assert data == b"".join(pieces) + bytes(7)


def test_writes_out_of_order_are_refused(tmp_path):
    if not _direct_works(tmp_path):
        pytest.skip("this filesystem has no direct writes (the ordinary way is used)")
    fd = os.open(tmp_path / "blob", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        out = direct.open_out(fd)
        out.pwrite([b"x" * 10], 0)
        with pytest.raises(ValueError):
            out.pwrite([b"y"], 5)
        out.close()
    finally:
        os.close(fd)


def test_without_o_direct_the_ordinary_way(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_DIRECT", raising=False)
    fd = os.open(tmp_path / "blob", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        assert type(direct.open_out(fd)) is FileOut
    finally:
        os.close(fd)


def test_a_disk_that_refuses_the_alignment_gets_the_ordinary_way(tmp_path, monkeypatch):
    """EINVAL from a direct write (a disk with larger sectors): the rest goes through the page
    cache, and the file is still exactly right."""
    if not _direct_works(tmp_path):
        pytest.skip("this filesystem has no direct writes (the ordinary way is used)")
    real = os.pwrite
    refused = []

    def picky(fd, data, offset):
        if direct.os.O_DIRECT & _flags(fd):
            refused.append(offset)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, data, offset)

    monkeypatch.setattr(direct.os, "pwrite", picky)
    pieces = [os.urandom(1_048_832) for _ in range(3)]
    data, direct_bytes = _write(tmp_path / "blob", pieces, use_room=True)
    assert refused and direct_bytes == 0
    assert data == b"".join(pieces) + bytes(7)


def _flags(fd: int) -> int:
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_GETFL)


def test_a_failing_disk_is_raised_by_the_writer_and_leaves_nothing(vault, monkeypatch):
    """The direct writes happen on a thread of their own: its error (here EIO) reaches the
    BlobWriter's caller, and the half-written file is removed."""
    if not _direct_works(layout.folder_of(vault.conn).parent):
        pytest.skip("this filesystem has no direct writes (the ordinary way is used)")
    real = os.pwrite

    def failing(fd, data, offset):
        if offset >= 2 << 20:
            raise OSError(errno.EIO, "Input/output error")
        return real(fd, data, offset)

    monkeypatch.setattr(direct.os, "pwrite", failing)
    data = os.urandom(8 << 20)
    with pytest.raises(OSError) as caught, transaction(vault.conn):
        w = BlobWriter(vault.conn, threaded=True)
        try:
            w.write(data)
            w.finish()
        except BaseException:
            w.discard()
            raise
    assert caught.value.errno == errno.EIO
    assert list(layout.files(layout.folder_of(vault.conn))) == []


def test_a_big_blob_goes_around_the_page_cache_and_reads_back(vault):
    folder = layout.folder_of(vault.conn)
    folder.mkdir(exist_ok=True)
    works = _direct_works(folder)
    data = os.urandom(5 << 20) + b"end"
    with transaction(vault.conn):
        w = BlobWriter(vault.conn, threaded=True)
        out = w._out
        w.write(data)
        digest = w.finish()
    assert isinstance(out, direct.DirectOut) == works
    if works:  # all but the last partial block and the padding, staged at the end
        assert out.direct_bytes >= len(data) - direct.FLUSH_AT
    assert digest == hashlib.sha256(data).hexdigest()
    with BlobFile(vault.conn, digest) as blob:
        assert b"".join(p for batch in blob.pieces() for p in batch) == data
    (name, path), = [(n, p) for n, p in layout.files(folder) if n != "probe"]
    assert path.stat().st_size == layout.file_length(len(data))
