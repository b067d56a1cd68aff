"""Plaintext in, sealed chunks out, written at their place in a blob file.

:class:`Sealer` holds back the newest chunk (1 to 64 KiB of plaintext) until more bytes follow,
because only the end of the stream decides which chunk carries the last-chunk flag. Everything
before it is sealed and written as it arrives, with no copy of whole chunks of the caller's data.
"""

from __future__ import annotations

import os
import secrets

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from crypto.stream import CHUNK, Stream
from fieldnotes.blobstore.layout import SEALED, chunk_offset, file_length

_IOV = 256  # buffers per pwritev (the system's limit is 1024)
_PAD_PIECE = 1 << 20


def write_all(fd: int, buffers: list, offset: int) -> int:
    """Write every buffer at ``offset`` onwards (pwritev may write fewer bytes than asked)."""
    for start in range(0, len(buffers), _IOV):
        group = buffers[start:start + _IOV]
        want = sum(len(b) for b in group)
        done = os.pwritev(fd, group, offset)
        if done < want:  # rare (a signal, a full disk): finish piece by piece
            joined = memoryview(b"".join(group))[done:]
            while joined:
                n = os.pwrite(fd, joined, offset + done)
                done += n
                joined = joined[n:]
        offset += want
    return offset


class Sealer:
    """Seal a growing plaintext into ``fd`` (see module). ``size`` counts the bytes appended;
    ``sealed`` the chunks written for good (all full, none flagged last).

    Chunks are sealed straight into one reusable output buffer (``encrypt_into``) and written
    with one ``pwrite`` per call, so a caller handing over a few MiB at a time costs no new
    object per chunk and one system call."""

    def __init__(self, fd: int, key: bytes, nonce: bytes, sealed: int = 0):
        self.fd = fd
        self.stream = Stream(key, nonce)
        self.sealed = sealed
        self.tail = bytearray()
        self.size = sealed * CHUNK
        self._out = bytearray()

    def _room(self, chunks: int) -> memoryview:
        want = chunks * SEALED
        if len(self._out) < want:
            self._out = bytearray(want)
        return memoryview(self._out)

    def append(self, data) -> None:
        view = memoryview(data)
        if view.ndim != 1 or view.itemsize != 1:
            view = view.cast("B")
        self.size += len(view)
        first = self.sealed
        head = None  # the held-back chunk, completed by this data: sealed first
        if self.tail and view:
            if len(self.tail) < CHUNK:
                take = CHUNK - len(self.tail)
                self.tail += view[:take]
                view = view[take:]
            if len(self.tail) == CHUNK and view:
                head, self.tail = self.tail, bytearray()
        full = 0
        if view:
            full, rest = divmod(len(view), CHUNK)
            if not rest:
                full -= 1  # keep the newest chunk back: it may turn out to be the last
        count = full + (head is not None)
        if count:
            out = self._room(count)
            k = 0
            if head is not None:
                self._seal_into(head, out, 0)
                k = 1
            for i in range(full):
                self._seal_into(view[i * CHUNK:(i + 1) * CHUNK], out, k)
                k += 1
            write_all(self.fd, [out[:count * SEALED]], chunk_offset(first))
        if view:
            self.tail = bytearray(view[full * CHUNK:])

    def _seal_into(self, plain, out: memoryview, k: int) -> None:
        self.stream.seal_into(self.sealed, plain, False, out[k * SEALED:(k + 1) * SEALED])
        self.sealed += 1

    def write_tail(self) -> int:
        """Write the held-back chunk flagged last, where it belongs; returns the end offset.
        The stream is then complete as it stands; appending more overwrites that chunk."""
        sealed = self.stream.seal(self.sealed, bytes(self.tail), True)
        return write_all(self.fd, [sealed], chunk_offset(self.sealed))


def pad(fd: int, end: int, size: int) -> int:
    """Fill from ``end`` to the Padmé length of a ``size``-byte blob with a random keystream
    (indistinguishable from the sealed chunks), drop anything after it; returns the length."""
    total = file_length(size)
    stream = Cipher(algorithms.ChaCha20(secrets.token_bytes(32), secrets.token_bytes(16)),
                    None).encryptor()
    zeros = bytes(_PAD_PIECE)
    pos = end
    while pos < total:
        n = min(_PAD_PIECE, total - pos)
        pos = write_all(fd, [stream.update(zeros[:n])], pos)
    os.ftruncate(fd, total)
    return total
