"""The age v1 outer layer of a bundle (binary, X25519 recipients), streamed.

Encryption is :mod:`crypto.age_writer`, decryption :mod:`crypto.age_reader`, both on
`cryptography`, which lets the GIL go while it works, so a second thread can decrypt or
encrypt while the caller reads or writes SQLCipher. Memory stays bounded whatever the size:
age works in 64 KiB chunks, each with its own authentication tag, and the threads pass at
most a few 1 MiB blocks between them.

age authenticates each 64 KiB chunk, and marks the last one, so plaintext
handed out before the end is genuine but not yet proven *complete*. The
streaming reader below therefore never reports a clean end of stream until
the whole file has been verified: a truncated bundle raises at the end.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Iterator

from . import age_reader, age_writer
from .errors import N_, CryptoError, EnvelopeDamaged, IdentityDamaged, NotForThisIdentity

NOT_A_BUNDLE = N_("This file is not a Fieldnotes bundle.")
_QUEUED_BLOCKS = 4  # 1 MiB blocks of plaintext waiting for the reader, at most


def encrypt_stream(reader, writer, recipients: list[str]) -> None:
    """Encrypt everything ``reader`` yields into ``writer`` (binary age, not armored).

    A recipient that is not an ``age1…`` key raises CardError; an error of the caller's own
    reader or writer (a full disk, a cancelled export) reaches the caller unchanged."""
    age_writer.encrypt(reader, writer, recipients)


def _decrypt_failure(exc: age_reader.AgeError) -> CryptoError:
    if isinstance(exc, age_reader.NotAgeFile):
        return EnvelopeDamaged(NOT_A_BUNDLE)
    if isinstance(exc, age_reader.NoMatch):
        return NotForThisIdentity()
    return EnvelopeDamaged()


def _check_identity(age_secret: str) -> None:
    try:
        age_reader.identity_key(age_secret)
    except (ValueError, TypeError):
        raise IdentityDamaged() from None


def decrypt_stream(reader, writer, age_secret: str) -> None:
    """Decrypt an age file from ``reader`` into ``writer``.

    On error, ``writer`` may already hold verified plaintext of the first
    chunks: the caller must discard it.
    """
    _check_identity(age_secret)
    try:
        for block in age_reader.decrypt(reader, age_secret):
            writer.write(block)
    except age_reader.AgeError as e:
        raise _decrypt_failure(e) from None


class _Capped:
    """A file read no further than ``left`` bytes."""

    def __init__(self, f, left: int) -> None:
        self._f, self._left = f, left

    def read(self, n: int = -1) -> bytes:
        data = self._f.read(min(self._left, n if n >= 0 else self._left))
        self._left -= len(data)
        return data


def first_plaintext(in_binary_file, age_secret: str, size: int) -> bytes:
    """The start of the plaintext of an age file, about ``size`` bytes (less if the file is
    shorter), decrypted on the caller's thread without reading the rest: a look at what a file
    holds before it is opened for good. Each chunk is authenticated; the file's completeness
    is not, so nothing returned here may be trusted beyond that. Raises CryptoError."""
    _check_identity(age_secret)
    blocks = age_reader.decrypt(_Capped(in_binary_file, _HEADER_ROOM + size), age_secret)
    try:
        return next(blocks, b"")
    except age_reader.AgeError as e:
        raise _decrypt_failure(e) from None
    finally:
        blocks.close()


_HEADER_ROOM = 64 << 10  # read past the age header, whose recipients' stanzas take ~200 bytes each


_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Decryptor(threading.Thread):
    """Decrypts on its own thread into a small queue of plaintext blocks."""

    def __init__(self, source, age_secret: str, depth: int = _QUEUED_BLOCKS) -> None:
        super().__init__(name="age-decrypt", daemon=True)
        self.blocks: queue.Queue = queue.Queue(maxsize=depth)
        self.stopping = threading.Event()
        self._source, self._secret = source, age_secret

    def run(self) -> None:
        try:
            for block in age_reader.decrypt(self._source, self._secret):
                self.blocks.put(block)
                if self.stopping.is_set():
                    return
            self.blocks.put(_END)
        except age_reader.AgeError as e:
            self.blocks.put(_Failed(_decrypt_failure(e)))
        except BaseException as e:  # the caller's own file failed: hand its error over as is
            self.blocks.put(_Failed(e))

    def stop(self) -> None:
        """Make the thread end: it finishes at most the block it is working on."""
        self.stopping.set()
        with contextlib.suppress(queue.Empty):  # room for its last put: it then sees the flag
            while True:
                self.blocks.get_nowait()
        self.join()


class DecryptingReader(io.RawIOBase):
    """What :func:`decrypting_reader` yields: a readable binary stream of plaintext.

    End of stream (``b""``) is returned only once age has verified the whole
    file; any failure (wrong identity, damage, truncation) is raised by the
    read that would otherwise have returned end of stream, and again by every
    read or check after it.
    """

    def __init__(self, worker: _Decryptor) -> None:
        self._worker = worker
        self._block = memoryview(b"")
        self._error: BaseException | None = None
        self._verified = False

    def readable(self) -> bool:
        return True

    def _next_block(self) -> bool:
        """Wait for the next block; False at the verified end."""
        item = self._worker.blocks.get()
        if item is _END:
            self._worker.join()
            self._verified = True
            return False
        if isinstance(item, _Failed):
            self._error = item.error
            raise self._error
        self._block = memoryview(item)
        return True

    def read(self, n: int = -1) -> bytes:
        """Up to ``n`` bytes; a whole block is handed over without a copy."""
        if n is None or n < 0:
            return self.readall()
        if self._error is not None:
            raise self._error.with_traceback(None)
        if n == 0 or self._verified or (not self._block and not self._next_block()):
            return b""
        if n >= len(self._block):
            piece, self._block = self._block, memoryview(b"")
            return piece.obj if len(piece) == len(piece.obj) else bytes(piece)
        piece, self._block = self._block[:n], self._block[n:]
        return bytes(piece)

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def check(self) -> int:
        """Read and discard the rest, then raise if age did not verify the whole file.

        Returns how many plaintext bytes were left unread (0 if the consumer
        read everything), so a caller can refuse trailing data.
        """
        if self.closed and not self._verified and self._error is None:
            raise ValueError("the bundle stream was closed before it was verified")
        left = 0
        while piece := self.read(1 << 20):
            left += len(piece)
        return left

    def close(self) -> None:
        if not self.closed:
            self._worker.stop()
        super().close()


def start_decrypting(in_binary_file, age_secret: str,
                     depth: int = _QUEUED_BLOCKS) -> DecryptingReader:
    """Start decrypting ``in_binary_file`` on a second thread, at most ``depth`` 1 MiB blocks
    ahead of the reader, and return the reader. Its blocks are authenticated, but only
    :func:`decrypting_reader` (``started=`` it) proves the file complete; a reader never handed
    to it must be closed."""
    _check_identity(age_secret)
    worker = _Decryptor(in_binary_file, age_secret, depth)
    reader = DecryptingReader(worker)
    worker.start()
    return reader


@contextlib.contextmanager
def decrypting_reader(in_binary_file, age_secret: str,
                      started: DecryptingReader | None = None) -> Iterator[DecryptingReader]:
    """Yield a readable binary stream of the plaintext of the age file ``in_binary_file``.

    A second thread decrypts (:mod:`crypto.age_reader`) while the caller reads.
    On normal exit the rest of the stream is drained and verified, as
    :meth:`DecryptingReader.check` does, so leaving the block without an
    exception means the whole bundle was authentic and complete. If the body
    raises, decryption is abandoned without waiting for the rest, and the
    body's exception propagates. ``in_binary_file`` is not closed. ``started``: a reader
    :func:`start_decrypting` already began on that file (read ahead while the caller was busy).
    """
    reader = started or start_decrypting(in_binary_file, age_secret)
    try:
        yield reader
    except BaseException:
        reader.close()
        raise
    try:
        reader.check()
    finally:
        reader.close()
