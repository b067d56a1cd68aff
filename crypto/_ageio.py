"""Adapters between the caller's files and our age encryptor, and the mapping of its errors.

pyrage is used only to generate and parse X25519 keys (crypto/identity.py and
:func:`parse_recipients`); encrypting and decrypting are ours
(crypto/age_writer.py, crypto/age_reader.py), because pyrage 1.4 holds the GIL
for the whole of ``encrypt_io``/``decrypt_io`` and so stops every other thread
of an export or import.

An exception from the caller's own reader or writer (disk full, a cancel
exception from a progress wrapper) must reach the caller unchanged, while a
failure of age itself becomes a CryptoError sentence. The caller's files are
therefore wrapped in :class:`Tap`, which remembers the exception a file raised.
"""

from __future__ import annotations

import pyrage

from .errors import CardError, CryptoError

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


class Tap:
    """Pass-through file wrapper that remembers the exception its file raised."""

    def __init__(self, f) -> None:
        self.f = f
        self.error: BaseException | None = None

    def read(self, n: int = -1) -> bytes:
        try:
            data = self.f.read(n)
        except BaseException as e:
            self.error = e
            raise
        if data is None:  # a non-blocking file with nothing to read yet
            raise OSError("non-blocking files are not supported")
        return data

    def write(self, b) -> int:
        try:
            n = self.f.write(b)
        except BaseException as e:
            self.error = e
            raise
        return len(b) if n is None else n


def encrypt_failure(exc: BaseException, source: Tap, sink: Tap) -> BaseException:
    if source.error is not None:
        return source.error
    if sink.error is not None:
        return sink.error
    return CryptoError("The bundle could not be encrypted.")
