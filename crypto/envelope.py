"""The age v1 outer layer of a bundle (binary, X25519 recipients), streamed via pyrage.

Memory stays bounded whatever the size: pyrage copies through 8 KiB buffers
and age encrypts in 64 KiB chunks, each with its own authentication tag.

How pyrage behaves, and how its errors are mapped, is documented in
:mod:`crypto._ageio`.

age authenticates each 64 KiB chunk, and marks the last one, so plaintext
handed out before the end is genuine but not yet proven *complete*. The
streaming reader below therefore never reports a clean end of stream until
the whole file has been verified: a truncated bundle raises at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Iterator

import pyrage

from . import _ageio, age_writer
from ._ageio import NOT_A_BUNDLE  # noqa: F401 - re-exported for callers and tests
from .errors import CryptoError

_PIPE_SIZE = 1 << 20  # a larger pipe means fewer thread switches (Linux only)


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


def decrypt_stream(reader, writer, age_secret: str) -> None:
    """Decrypt an age file from ``reader`` into ``writer``.

    On error, ``writer`` may already hold verified plaintext of the first
    chunks: the caller must discard it.
    """
    identity = _ageio.parse_identity(age_secret)
    source, sink = _ageio.Tap(reader, keep_prefix=64), _ageio.Tap(writer)
    try:
        pyrage.decrypt_io(source, sink, [identity])
    except Exception as e:
        raise _ageio.decrypt_failure(e, source, sink) from None
    if sink.error is not None:
        raise sink.error


def _pipe() -> tuple[int, int]:
    r, w = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    return r, w


class _Worker(threading.Thread):
    """Runs one pyrage call; keeps its exception for the other side to raise."""

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


class DecryptingReader(io.RawIOBase):
    """What :func:`decrypting_reader` yields: a readable binary stream of plaintext.

    End of stream (``b""``) is returned only once age has verified the whole
    file; any failure (wrong identity, damage, truncation) is raised by the
    read that would otherwise have returned end of stream, and again by every
    read or check after it.
    """

    def __init__(self, pipe: io.FileIO, worker: _Worker, failure) -> None:
        self._pipe = pipe
        self._worker = worker
        self._failure = failure
        self._error: BaseException | None = None
        self._verified = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._error is not None:
            raise self._error.with_traceback(None)
        if self._verified:
            return 0
        n = self._pipe.readinto(b)
        if n == 0 and len(b) > 0:  # the worker closed its end: finished or failed
            self._worker.join()
            if self._worker.error is not None:
                self._error = self._failure()
                raise self._error
            self._verified = True
        return n

    def check(self) -> int:
        """Read and discard the rest, then raise if age did not verify the whole file.

        Returns how many plaintext bytes were left unread (0 if the consumer
        read everything), so a caller can refuse trailing data.
        """
        if self.closed and not self._verified and self._error is None:
            raise ValueError("the bundle stream was closed before it was verified")
        left = 0
        buffer = bytearray(1 << 16)
        while n := self.readinto(buffer):
            left += n
        return left

    def _abort(self) -> None:
        """Stop early: the worker gets BrokenPipeError on its next write and ends."""
        if not self._pipe.closed:
            self._pipe.close()
        self._worker.join()

    def close(self) -> None:
        if not self.closed:
            self._abort()
        super().close()


@contextlib.contextmanager
def decrypting_reader(in_binary_file, age_secret: str) -> Iterator[DecryptingReader]:
    """Yield a readable binary stream of the plaintext of the age file ``in_binary_file``.

    On normal exit the rest of the stream is drained and verified, as
    :meth:`DecryptingReader.check` does, so leaving the block without an
    exception means the whole bundle was authentic and complete. If the body
    raises, decryption is abandoned without waiting for the rest, and the
    body's exception propagates. ``in_binary_file`` is not closed.
    """
    identity = _ageio.parse_identity(age_secret)
    r, w = _pipe()
    source = _ageio.Tap(in_binary_file, keep_prefix=64)
    sink = _ageio.Tap(os.fdopen(w, "wb", buffering=_PIPE_SIZE))

    def work() -> None:
        try:
            pyrage.decrypt_io(source, sink, [identity])
            if sink.error is not None:  # never report success if a write was lost
                raise sink.error
        finally:
            sink.f.close()  # the consumer now reads end-of-pipe

    worker = _Worker(work, "age-decrypt")
    reader = DecryptingReader(
        os.fdopen(r, "rb", buffering=0),
        worker,
        lambda: _ageio.decrypt_failure(worker.error, source, sink),
    )
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
