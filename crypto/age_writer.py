"""Encrypt to age v1 (binary) with X25519 recipients, written to the spec with `cryptography`.

Why not pyrage here: pyrage 1.4 holds the GIL for the whole of ``encrypt_io`` and reads 8 KiB
at a time through Python, so the threads that read attachment chunks from SQLCipher starve
while it runs; a 1 GiB export took 2-4x ``tar | age``. ChaCha20-Poly1305 from `cryptography`
runs at several GB/s per call on 64 KiB chunks, and between calls the other threads run.
Decryption is ours too (crypto/age_reader.py). Every output is checked against the real
``age -d`` and pyrage in tests/crypto (interop and envelope tests).

The format (https://age-encryption.org/v1), as implemented:

    age-encryption.org/v1
    -> X25519 <base64(ephemeral share)>          one stanza per recipient
    <base64(ChaCha20-Poly1305(wrap key, zero nonce, file key))>
    --- <base64(HMAC-SHA256(HKDF(file key, "", "header"), header up to and including "---"))>
    <16-byte nonce><STREAM payload>

wrap key = HKDF-SHA256(ikm = X25519(ephemeral, recipient), salt = share || recipient,
info = "age-encryption.org/v1/X25519"). Payload key = HKDF-SHA256(file key, salt = nonce,
info = "payload"). STREAM: 64 KiB plaintext chunks sealed with nonce = 11-byte big-endian
counter || 0x00, the last one with 0x01; the last chunk may be full but is empty only when the
whole plaintext is. Base64 is standard, unpadded, wrapped at 64 columns.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from .age_format import MAGIC, X25519_INFO, b64, bech32_key, header_mac, hkdf, low_order
from .errors import N_, CardError
from .stream import Sealing, Stream

_READ = 1 << 20  # what encrypt asks its reader for at a time

LOW_ORDER = N_("The encryption key on this card is a weak key that anyone could decrypt; "
             "it cannot be used.")


def recipient_key(text: str) -> bytes:
    """The 32-byte X25519 public key of an ``age1…`` recipient (lower case, as age writes it)."""
    if not isinstance(text, str) or text.lower() != text:
        raise CardError(N_("A recipient's encryption key is not valid."))
    try:
        key = bech32_key(text, "age")
    except ValueError:
        raise CardError(N_("A recipient's encryption key is not valid.")) from None
    if low_order(key):
        raise CardError(LOW_ORDER)
    return key


def _stanza(file_key: bytes, recipient: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    if shared == bytes(32):
        raise CardError(N_("A recipient's encryption key is not valid."))
    wrap_key = hkdf(shared, share + recipient, X25519_INFO)
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    return b"-> X25519 " + b64(share) + b"\n" + b64(body) + b"\n"


def header(file_key: bytes, recipients: list[bytes]) -> bytes:
    head = MAGIC + b"".join(_stanza(file_key, r) for r in recipients) + b"---"
    return head + b" " + b64(header_mac(file_key, head)) + b"\n"


def encrypt(reader, writer, recipients: list[str]) -> None:
    """Read plaintext from ``reader`` (``read(n)``) until it returns b"", write age to
    ``writer``. ``reader`` may return more or fewer bytes than asked; each write hands over
    the sealed chunks of one read (a buffer of its own, which the writer may keep). Memory:
    what one read returns, sealed, plus a 64 KiB chunk."""
    if isinstance(recipients, str):
        raise ValueError("recipients must be a list of age1... strings, not one string")
    keys = []
    for text in recipients:
        key = recipient_key(text)
        if key not in keys:
            keys.append(key)
    if not keys:
        raise ValueError("recipients must be a non-empty list of age1... strings")
    file_key = os.urandom(16)
    nonce = os.urandom(16)
    writer.write(header(file_key, keys) + nonce)
    sealing = Sealing(Stream(file_key, nonce))  # the payload: STREAM under the file key
    while piece := reader.read(_READ):
        out = sealing.feed(piece, reuse=False)
        if out:
            writer.write(out)
    writer.write(sealing.last())
