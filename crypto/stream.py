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

__all__ = ["CHUNK", "NONCE", "TAG", "Stream", "ChunkDamaged"]


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
