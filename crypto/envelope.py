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
import os
import queue
import threading
from collections.abc import Iterator

from . import _ageio, age_reader, age_writer
from ._ageio import NOT_A_BUNDLE  # noqa: F401 - re-exported for callers and tests
from .errors import CryptoError, EnvelopeDamaged, IdentityDamaged, NotForThisIdentity

_PIPE_SIZE = 1 << 20  # a larger pipe means fewer thread switches (Linux only)
_QUEUED_BLOCKS = 4  # 1 MiB blocks of plaintext waiting for the reader, at most


def encrypt_stream(reader, writer, recipients: list[str]) -> None:
    """Encrypt everything ``reader`` yields into ``writer`` (binary age, not armored)."""
    parsed = _ageio.parse_recipients(recipients)
    source, sink = _ageio.Tap(reader), _ageio.Tap(writer)
    try:
        age_writer.encrypt(source, sink, [str(r) for r in parsed])
    except CryptoError:
        raise
    except Exception as e:
        raise _ageio.encrypt_failure(e, source, sink) from None


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


def _pipe() -> tuple[int, int]:
    r, w = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    return r, w


class _Worker(threading.Thread):
    """Runs the age encryptor; keeps its exception for the other side to raise."""

    def __init__(self, target, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._target_fn = target
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._target_fn()
        except BaseException as e:
            self.error = e


class _AbortSource(_ageio.Tap):
    """Reads the pipe; after an abort, end-of-pipe is an error, so age never finishes."""

    aborted = False

    def read(self, n: int = -1) -> bytes:
        data = super().read(n)
        if not data and self.aborted:
            raise OSError("export cancelled")
        return data


class EncryptingWriter(io.RawIOBase):
    """What :func:`encrypting_writer` yields: write plaintext, get ciphertext out."""

    def __init__(self, fd: int, worker: _Worker, failure) -> None:
        self._fd = fd
        self._worker = worker
        self._failure = failure  # () -> exception to raise, once the worker failed

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        if self._fd < 0:
            raise ValueError("write to a finished encrypting writer")
        view = memoryview(b).cast("B")
        done = 0
        while done < len(view):
            try:
                done += os.write(self._fd, view[done:])
            except BrokenPipeError:  # the worker stopped reading: it failed
                self._worker.join()
                raise self._failure() from None
        return done

    def _close_pipe(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def close(self) -> None:  # closing = "no more plaintext"; the context exit checks
        self._close_pipe()
        super().close()


@contextlib.contextmanager
def encrypting_writer(out_binary_file, recipients: list[str]) -> Iterator[EncryptingWriter]:
    """Yield a binary file; bytes written to it are age-encrypted into ``out_binary_file``.

    A second thread runs the age encryptor (:mod:`crypto.age_writer`) on the read end of a pipe. On
    normal exit the age file is finished and any error of the worker is raised
    (mapped like :func:`encrypt_stream`). If the body raises, the worker is made
    to fail before writing age's final chunk, so ``out_binary_file`` is left
    holding an incomplete age file that will not decrypt, and the body's
    exception propagates. ``out_binary_file`` is not closed.
    """
    parsed = _ageio.parse_recipients(recipients)
    r, w = _pipe()
    source = _AbortSource(os.fdopen(r, "rb", buffering=_PIPE_SIZE))
    sink = _ageio.Tap(out_binary_file)

    def work() -> None:
        try:
            age_writer.encrypt(source, sink, [str(r) for r in parsed])
        finally:
            source.f.close()  # a body still writing now gets BrokenPipeError

    worker = _Worker(work, "age-encrypt")

    def failure() -> BaseException:
        if worker.error is None:
            return CryptoError("The bundle could not be encrypted.")
        return _ageio.encrypt_failure(worker.error, source, sink)

    writer = EncryptingWriter(w, worker, failure)
    worker.start()
    try:
        yield writer
    except BaseException:
        source.aborted = True  # set before the pipe closes, so the worker sees it
        writer.close()
        worker.join()
        raise
    writer.close()
    worker.join()
    if worker.error is not None:
        raise failure()


_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Decryptor(threading.Thread):
    """Decrypts on its own thread into a small queue of plaintext blocks."""

    def __init__(self, source, age_secret: str) -> None:
        super().__init__(name="age-decrypt", daemon=True)
        self.blocks: queue.Queue = queue.Queue(maxsize=_QUEUED_BLOCKS)
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


@contextlib.contextmanager
def decrypting_reader(in_binary_file, age_secret: str) -> Iterator[DecryptingReader]:
    """Yield a readable binary stream of the plaintext of the age file ``in_binary_file``.

    A second thread decrypts (:mod:`crypto.age_reader`) while the caller reads.
    On normal exit the rest of the stream is drained and verified, as
    :meth:`DecryptingReader.check` does, so leaving the block without an
    exception means the whole bundle was authentic and complete. If the body
    raises, decryption is abandoned without waiting for the rest, and the
    body's exception propagates. ``in_binary_file`` is not closed.
    """
    _check_identity(age_secret)
    worker = _Decryptor(in_binary_file, age_secret)
    reader = DecryptingReader(worker)
    worker.start()
    try:
        yield reader
    except BaseException:
        reader.close()
        raise
    try:
        reader.check()
    finally:
        reader.close()
