"""Decrypt age v1 (binary) with an X25519 identity, written to the spec with `cryptography`.

Why not pyrage: pyrage 1.4 holds the GIL for the whole of ``decrypt_io``, so while a bundle is
decrypted no other Python thread runs, and an import that decrypts, hashes and writes to
SQLCipher cannot overlap those steps. ChaCha20-Poly1305 from `cryptography` lets the GIL go.
Tests check this reader against files made by the real ``age`` and by pyrage, at every chunk
boundary, and against damage in every part of the file (tests/crypto/test_age_reader.py).

What is checked, as the spec (https://age-encryption.org/v1) asks:

- the header: the version line; stanzas of ``-> `` and space-separated non-empty arguments of
  printable ASCII, with bodies of canonical unpadded base64 in full 64-column lines ended by a
  shorter one; the ``---`` line with a 32-byte MAC; a cap on the header's size;
- X25519 stanzas: exactly one 32-byte share and a 32-byte body; a share giving the all-zero
  shared secret is refused; the file key is the one the first matching stanza unwraps;
- the header MAC under that file key, before any plaintext is handed out;
- the STREAM payload: 64 KiB chunks, the last marked, no chunk after it, no data after the
  file, an empty last chunk only when it is the only one; a file cut at a chunk boundary is
  refused because no chunk was marked last (the chunks before the cut are still handed out,
  each proven genuine, and then the error is raised). A full-length chunk is opened as a
  middle chunk, and failing that as the last; a last chunk is handed out before data found
  after it is refused. This is what the reference reader releases before a failure, and the
  C2SP CCTV vectors check it (tests/crypto/test_cctv_age.py).

Only the binary format is read: a bundle is never armored, so an armored file is "not age".

Errors: :class:`NotAgeFile` (the file does not begin like age), :class:`NoMatch` (no stanza
for this identity — or a damaged one: the two cannot be told apart), :class:`Damaged`
(anything else; :class:`HeaderMacMismatch` and :class:`PayloadDamaged` say which part). The caller maps them to user sentences (crypto/envelope.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import constant_time
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from .age_format import (
    CHUNK,
    MAGIC,
    NONCE,
    TAG,
    X25519_INFO,
    ChunkInput,
    b64_strict,
    bech32_key,
    header_mac,
    hkdf,
    payload_nonce,
)

MAX_HEADER = 1 << 20  # a header larger than this is refused, whatever it claims
_SEALED = CHUNK + TAG
_BATCH = 16  # chunks decrypted per block handed out (1 MiB of plaintext)


class AgeError(Exception):
    pass


class NotAgeFile(AgeError):
    pass


class NoMatch(AgeError):
    pass


class Damaged(AgeError):
    pass


class HeaderMacMismatch(Damaged):
    """A well-formed header whose MAC is not the one the file key gives."""


class PayloadDamaged(Damaged):
    """The header was right; the payload after it is not (cut, altered, or trailing data)."""


def identity_key(secret: str) -> X25519PrivateKey:
    """The X25519 key of an ``AGE-SECRET-KEY-1…`` string (ValueError if it is not one)."""
    return X25519PrivateKey.from_private_bytes(bech32_key(secret, "age-secret-key-"))


def _args(line: bytes) -> list[bytes]:
    args = line[3:-1].split(b" ")
    for a in args:
        if not a or any(c < 0x21 or c > 0x7E for c in a):
            raise Damaged("header")
    return args


def _line(src: ChunkInput, budget: int) -> bytes:
    line = src.line(budget)
    if line is None:
        raise Damaged("header")
    return line


def _body(src: ChunkInput, budget: int) -> tuple[bytes, bytes]:
    """A stanza body: (decoded bytes, raw lines), at most ``budget`` bytes of it."""
    raw, text = [], []
    while True:
        line = _line(src, budget)
        budget -= len(line)
        raw.append(line)
        content = line[:-1]
        if len(content) > 64:
            raise Damaged("header")
        text.append(content)
        if len(content) < 64:
            break
    try:
        return b64_strict(b"".join(text)), b"".join(raw)
    except ValueError:
        raise Damaged("header") from None


def _unwrap(key: X25519PrivateKey, mine: bytes, args: list[bytes], body: bytes) -> bytes | None:
    """The file key if this X25519 stanza is for ``key``; None if it is not (or is damaged)."""
    if len(args) != 2 or len(body) != 32:
        raise Damaged("header")
    try:
        share = b64_strict(args[1])
    except ValueError:
        raise Damaged("header") from None
    if len(share) != 32:
        raise Damaged("header")
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:  # a low-order share: the all-zero secret
        raise Damaged("header") from None
    if shared == bytes(32):
        raise Damaged("header")
    try:
        return ChaCha20Poly1305(hkdf(shared, share + mine, X25519_INFO)).decrypt(
            bytes(12), body, None)
    except InvalidTag:
        return None


def _mac(line: bytes) -> bytes:
    """The 32-byte MAC of a ``--- `` line, which must be exactly that and canonical."""
    try:
        mac = b64_strict(line[4:-1])
    except ValueError:
        raise Damaged("header") from None
    if len(mac) != 32:
        raise Damaged("header")
    return mac


def _header(src: ChunkInput, key: X25519PrivateKey) -> bytes:
    """Parse and check the header; return the file key.

    The whole header is parsed (the MAC line included) before it is decided whether a stanza
    is ours, so a malformed header is a header failure whoever reads it, as in the reference
    implementation; a well-formed one is then "no match" or a MAC mismatch."""
    first = bytes(src.take(len(MAGIC)))
    if first != MAGIC:
        raise NotAgeFile("not age") if not MAGIC.startswith(first) or not first else \
            Damaged("header")
    mine = key.public_key().public_bytes_raw()
    seen, size, file_key, kinds = [MAGIC], len(MAGIC), None, []
    while True:
        budget = MAX_HEADER - size
        line = _line(src, budget)
        if line.startswith(b"--- "):
            break
        if not line.startswith(b"-> "):
            raise Damaged("header")
        args = _args(line)
        body, raw = _body(src, budget - len(line))
        seen += [line, raw]
        size += len(line) + len(raw)
        kinds.append(args[0])
        if args[0] == b"X25519":
            found = _unwrap(key, mine, args, body)
            file_key = file_key or found
    mac = _mac(line)
    if not kinds or (b"scrypt" in kinds and len(kinds) > 1):
        raise Damaged("header")  # no stanza at all; an scrypt stanza must be alone
    if file_key is None or len(file_key) != 16:
        raise NoMatch("no identity matched")
    if not constant_time.bytes_eq(mac, header_mac(file_key, b"".join(seen) + b"---")):
        raise HeaderMacMismatch("header MAC")
    return file_key


def _open(aead: ChaCha20Poly1305, counter: int, sealed: memoryview) -> tuple[bytes, bool]:
    """(plaintext, is it the last chunk) of one sealed chunk, as the reference reader opens
    it: a short chunk must be the last; a full one is tried as a middle chunk, then as the
    last (a full-length final chunk)."""
    if len(sealed) < _SEALED:
        if len(sealed) < TAG or (len(sealed) == TAG and counter):
            raise PayloadDamaged("truncated")  # only a lone last chunk may be empty
        tries = (True,)
    else:
        tries = (False, True)
    for last in tries:
        with contextlib.suppress(InvalidTag):
            return aead.decrypt(payload_nonce(counter, last), sealed, None), last
    raise PayloadDamaged("payload")


def decrypt(reader, secret: str) -> Iterator[bytes]:
    """Yield the plaintext of the age file read from ``reader`` in blocks of up to 1 MiB.

    Each block is authenticated before it is yielded, but the file is proven complete only
    when the generator finishes without raising. ``reader.read(n)`` may return fewer bytes.
    """
    try:
        key = identity_key(secret)
    except ValueError:
        raise NoMatch("not an identity") from None
    src = ChunkInput(reader)
    file_key = _header(src, key)
    nonce = bytes(src.take(NONCE))
    if len(nonce) != NONCE:
        raise Damaged("no payload")  # the reference counts the nonce as part of the header
    aead = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload"))
    counter = 0
    while True:
        view = src.take(_SEALED * _BATCH)
        out, failure, last = [], None, False
        if not view:
            failure = PayloadDamaged("truncated")  # the previous chunk was not marked last
        for start in range(0, len(view), _SEALED):
            try:
                plain, last = _open(aead, counter, view[start:start + _SEALED])
            except PayloadDamaged as e:
                failure = e
                break
            out.append(plain)
            counter += 1
            if last:
                if start + _SEALED < len(view) or not src.at_end():
                    failure = PayloadDamaged("trailing data")
                break
        if out:  # the chunks proven so far, even when a later one failed
            yield b"".join(out) if len(out) > 1 else out[0]
        if failure is not None:
            raise failure
        if last:
            return
