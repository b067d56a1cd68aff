"""age's STREAM payload construction under a key of our own, chunk by chunk, for sealed files
that are read at random offsets (the attachment store, fieldnotes/blobstore).

Nothing new is built here: the payload key is HKDF-SHA256(file key, salt = nonce, info =
"payload") and chunk ``i`` is ChaCha20-Poly1305 with the nonce ``i`` (11 bytes, big-endian) ||
last-flag, exactly as :mod:`crypto.age_writer` seals an age payload (the same functions from
:mod:`crypto.age_format`). What a file of such chunks looks like around them (header, padding)
is the caller's business; tests prove a stream sealed here is read by our age reader as the
payload of an age file.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from .age_format import CHUNK, NONCE, TAG, hkdf, payload_nonce

__all__ = ["CHUNK", "NONCE", "TAG", "Stream", "Sealing", "ChunkDamaged"]

SEALED = CHUNK + TAG


class ChunkDamaged(Exception):
    """A chunk failed authentication: altered, cut, out of place, or sealed under another key."""


class Stream:
    """Seal and open the chunks of one STREAM under ``file_key`` (any length; we use 32 bytes)
    and the 16-byte ``nonce`` stored with it."""

    def __init__(self, file_key: bytes, nonce: bytes):
        if len(nonce) != NONCE:
            raise ValueError("the STREAM nonce is 16 bytes")
        self._aead = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload"))

    def seal(self, counter: int, plaintext, last: bool) -> bytes:
        """Chunk ``counter`` (at most 64 KiB; only the last may be shorter, and empty only when
        it is the only chunk)."""
        return self._aead.encrypt(payload_nonce(counter, last), plaintext, None)

    def seal_into(self, counter: int, plaintext, last: bool, out) -> None:
        """:meth:`seal` into ``out``, a writable buffer of exactly ``len(plaintext) + TAG``
        bytes (no new object per chunk: a pipeline reuses its buffers)."""
        self._aead.encrypt_into(payload_nonce(counter, last), plaintext, None, out)

    def open(self, counter: int, sealed, last: bool) -> bytes:
        try:
            return self._aead.decrypt(payload_nonce(counter, last), sealed, None)
        except InvalidTag:
            raise ChunkDamaged(counter) from None


class Sealing:
    """A growing plaintext sealed chunk by chunk into batches, for writers that do not know
    where it ends (the blob store's files, age's payload). The newest chunk is held back
    (``tail``: 1 to 64 KiB, copied) until more bytes follow, because only the end decides
    which chunk carries the last-chunk flag; every chunk before it is sealed straight from
    the caller's buffer into one output buffer (``encrypt_into``): no object per chunk.
    ``sealed`` counts the chunks sealed so far (all full, none flagged last)."""

    def __init__(self, stream: Stream, sealed: int = 0):
        self.stream = stream
        self.sealed = sealed
        self.tail = bytearray()
        self._out = bytearray()

    def feed(self, data, reuse: bool = True, room=None) -> memoryview:
        """Seal what ``data`` completes; returns the sealed chunks, in order (possibly none).
        With ``reuse`` they are a view of a buffer the next call overwrites; without, a
        buffer of their own (for a consumer on another thread). ``room(n)``, if given, may
        offer the caller's own writable buffer of ``n`` bytes to seal into (or None)."""
        view = memoryview(data)
        if view.ndim != 1 or view.itemsize != 1:
            view = view.cast("B")
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
        out = room(count * SEALED) if room is not None and count else None
        if out is None:
            out = self._room(count * SEALED, reuse)
        k = 0
        if head is not None:
            self._seal_into(head, out, 0)
            k = 1
        for i in range(full):
            self._seal_into(view[i * CHUNK:(i + 1) * CHUNK], out, k)
            k += 1
        if view:
            self.tail = bytearray(view[full * CHUNK:])
        return out

    def last(self) -> bytes:
        """The held-back chunk sealed as the last one (the stream complete as it stands)."""
        return self.stream.seal(self.sealed, bytes(self.tail), True)

    def _room(self, want: int, reuse: bool) -> memoryview:
        if not reuse:
            return memoryview(bytearray(want))
        if len(self._out) < want:
            self._out = bytearray(want)
        return memoryview(self._out)[:want]

    def _seal_into(self, plain, out: memoryview, k: int) -> None:
        self.stream.seal_into(self.sealed, plain, False, out[k * SEALED:(k + 1) * SEALED])
        self.sealed += 1
