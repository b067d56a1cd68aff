"""Plaintext in, sealed chunks out, written at their place in a blob file.

:class:`Sealer` holds back the newest chunk (1 to 64 KiB of plaintext) until more bytes follow,
because only the end of the stream decides which chunk carries the last-chunk flag
(:class:`crypto.stream.Sealing`). Everything before it is sealed and written as it arrives,
with no copy of whole chunks of the caller's data.
"""

from __future__ import annotations

import os
import secrets

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from crypto.stream import CHUNK, Sealing, Stream
from fieldnotes.blobstore.layout import chunk_offset, file_length

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


class FileOut:
    """A blob file written the ordinary way, through the page cache: ``pwrite(buffers,
    offset)`` at any offset (returns where it ended), ``finish(length)`` cuts the file there.
    :class:`fieldnotes.blobstore.direct.DirectOut` is the same for a new file written in order
    around the page cache."""

    def __init__(self, fd: int):
        self.fd = fd

    def pwrite(self, buffers: list, offset: int) -> int:
        return write_all(self.fd, buffers, offset)

    def room(self, n: int) -> None:
        """No buffer of its own to seal into (see DirectOut.room)."""
        return None

    def finish(self, length: int) -> None:
        os.ftruncate(self.fd, length)

    def close(self) -> None:
        pass


def _out(out) -> FileOut:
    return FileOut(out) if isinstance(out, int) else out


class Sealer:
    """Seal a growing plaintext into ``out`` (a descriptor, or a :class:`FileOut` or
    :class:`~fieldnotes.blobstore.direct.DirectOut`; see module): the chunks of
    :class:`crypto.stream.Sealing`, each batch written with one ``pwrite`` at its place.
    ``size`` counts the bytes appended; ``sealed`` the chunks written for good (all full,
    none flagged last); ``tail`` the chunk held back."""

    def __init__(self, out, key: bytes, nonce: bytes, sealed: int = 0):
        self.out = _out(out)
        self._sealing = Sealing(Stream(key, nonce), sealed)
        self.size = sealed * CHUNK

    @property
    def sealed(self) -> int:
        return self._sealing.sealed

    @property
    def tail(self) -> bytearray:
        return self._sealing.tail

    def append(self, data) -> None:
        first = self._sealing.sealed
        out = self._sealing.feed(data, room=self.out.room)
        self.size += memoryview(data).nbytes
        if out:
            self.out.pwrite([out], chunk_offset(first))

    def write_tail(self) -> int:
        """Write the held-back chunk flagged last, where it belongs; returns the end offset.
        The stream is then complete as it stands; appending more overwrites that chunk."""
        return self.out.pwrite([self._sealing.last()], chunk_offset(self.sealed))


def pad(out, end: int, size: int) -> int:
    """Fill from ``end`` to the Padmé length of a ``size``-byte blob with a random keystream
    (indistinguishable from the sealed chunks), drop anything after it; returns the length.
    ``out``: a descriptor or a :class:`FileOut`-like writer (finished here)."""
    out = _out(out)
    total = file_length(size)
    stream = Cipher(algorithms.ChaCha20(secrets.token_bytes(32), secrets.token_bytes(16)),
                    None).encryptor()
    zeros = bytes(_PAD_PIECE)
    pos = end
    while pos < total:
        n = min(_PAD_PIECE, total - pos)
        pos = out.pwrite([stream.update(zeros[:n])], pos)
    out.finish(total)
    return total
