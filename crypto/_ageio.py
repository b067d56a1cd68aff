"""Adapters between Python file objects and pyrage, and the mapping of its errors.

What pyrage 1.4 actually does (checked by experiment; the tests pin it down):

* ``encrypt_io(reader, writer, recipients)`` / ``decrypt_io(reader, writer,
  identities)`` accept any object with ``read(n)`` / ``write(b)``; they call
  only those (no readinto, flush, seek or close), reading 8 KiB at a time.
  ``write`` must return the number of bytes written (``None`` ->
  EncryptError); ``read(n)`` must not return more than ``n`` bytes
  (EncryptError "failed to write whole buffer"). Recipients and identities
  must be ``pyrage.x25519`` objects, not strings.
* They do NOT release the GIL while encrypting or decrypting: a thread
  spinning beside ``encrypt_io`` over a BytesIO is stalled for the whole call.
  The GIL is only let go inside the Python ``read``/``write`` calls they make
  when those block (e.g. a pipe read). So pyrage and other Python threads
  take turns; only blocking I/O overlaps. (``pyrage.encrypt``/``decrypt`` on
  bytes hold it too.)
* Errors, decrypting:
  - wrong identity: ``pyrage.DecryptError("No matching keys found")`` (also
    what a damaged recipient stanza gives: the two cannot be told apart);
  - not age / empty: ``DecryptError("failed to fill whole buffer")`` or
    ``DecryptError("Header is invalid")``;
  - damaged header: ``DecryptError("Incomplete header" | "Header MAC is invalid")``;
  - damaged payload, trailing bytes: plain ``OSError("decryption error")``;
  - truncated at a chunk boundary: ``OSError("age file is truncated")``;
  - an exception raised by the Python reader or writer: re-raised as is.
  Payload chunks verified before the failure have already been written.
* Errors, encrypting: everything is ``pyrage.EncryptError`` whose text is
  the repr of the cause (e.g. ``"OSError: [Errno 28] No space left"``);
  no recipients: ``EncryptError("Missing recipients.")``. BUT the last
  flush of pyrage's 8 KiB output buffer happens when it is dropped, and its
  error is lost: encrypting a few bytes into a failing writer "succeeds".
* Bad key strings: ``pyrage.RecipientError`` / ``pyrage.IdentityError``
  ("invalid Bech32 encoding"); all four error classes derive from Exception
  only.

Because the same ``OSError`` can come from age or from a file, the caller's
files are wrapped in :class:`Tap`, which remembers the exception a file
raised. An exception from the caller's own reader or writer (disk full, a
cancel exception from a progress wrapper) is re-raised unchanged; every
failure of age itself becomes NotForThisIdentity or EnvelopeDamaged.
"""

from __future__ import annotations

import pyrage

from .errors import (
    CardError,
    CryptoError,
    EnvelopeDamaged,
    IdentityDamaged,
    NotForThisIdentity,
)

AGE_MAGIC = b"age-encryption.org/v1\n"
ARMOR_MAGIC = b"-----BEGIN AGE ENCRYPTED FILE-----"
NOT_A_BUNDLE = "This file is not a Fieldnotes bundle."


def parse_recipients(recipients: list[str]) -> list:
    if isinstance(recipients, str) or not recipients:
        raise ValueError("recipients must be a non-empty list of age1... strings")
    parsed, seen = [], set()
    for text in recipients:
        try:
            recipient = pyrage.x25519.Recipient.from_str(text)
        except Exception:  # RecipientError, TypeError for non-str
            raise CardError("A recipient's encryption key is not valid.") from None
        if str(recipient) not in seen:
            seen.add(str(recipient))
            parsed.append(recipient)
    return parsed


def parse_identity(age_secret: str):
    try:
        return pyrage.x25519.Identity.from_str(age_secret)
    except Exception:  # IdentityError, TypeError for non-str
        raise IdentityDamaged() from None


class Tap:
    """Pass-through file wrapper that remembers the exception its file raised."""

    def __init__(self, f, keep_prefix: int = 0) -> None:
        self.f = f
        self.error: BaseException | None = None
        self.prefix = b""
        self._keep = keep_prefix
        self._pending = b""

    def read(self, n: int = -1) -> bytes:
        if len(self._pending):  # left over from a read that gave more than asked
            data = self._pending
        else:
            try:
                data = self.f.read(n)
            except BaseException as e:
                self.error = e
                raise
            if data is None:  # a non-blocking file with nothing to read yet
                raise OSError("non-blocking files are not supported")
        # pyrage fails if read(n) returns more than n bytes: keep the excess, uncopied.
        view = memoryview(data)
        if 0 <= n < len(view):
            data, self._pending = view[:n], view[n:]
        else:
            self._pending = b""
        data = bytes(data)
        if len(self.prefix) < self._keep:
            self.prefix += data[: self._keep - len(self.prefix)]
        return data

    def write(self, b) -> int:
        try:
            n = self.f.write(b)
        except BaseException as e:
            self.error = e
            raise
        return len(b) if n is None else n


def looks_like_age(prefix: bytes) -> bool:
    if not prefix:
        return False
    return any(m.startswith(prefix) or prefix.startswith(m) for m in (AGE_MAGIC, ARMOR_MAGIC))


def decrypt_failure(exc: BaseException, source: Tap, sink: Tap) -> BaseException:
    """The exception to raise for a failed decrypt_io call."""
    if source.error is not None:
        return source.error
    if sink.error is not None:
        return sink.error
    if not looks_like_age(source.prefix):
        return EnvelopeDamaged(NOT_A_BUNDLE)
    if isinstance(exc, pyrage.DecryptError) and "No matching keys" in str(exc):
        return NotForThisIdentity()
    return EnvelopeDamaged()


def encrypt_failure(exc: BaseException, source: Tap, sink: Tap) -> BaseException:
    if source.error is not None:
        return source.error
    if sink.error is not None:
        return sink.error
    return CryptoError("The bundle could not be encrypted.")
