"""Pieces of the age v1 format (https://age-encryption.org/v1) shared by our encryptor
(:mod:`crypto.age_writer`) and decryptor (:mod:`crypto.age_reader`): constants, unpadded
base64, HKDF, the header MAC and Bech32 keys. Only X25519 recipients are supported.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"age-encryption.org/v1\n"
CHUNK = 64 * 1024  # plaintext bytes per STREAM chunk
TAG = 16  # Poly1305 tag per chunk
NONCE = 16  # payload nonce after the header
X25519_INFO = b"age-encryption.org/v1/X25519"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def b64(data: bytes) -> bytes:
    """Standard base64 without padding, as age writes it."""
    return base64.b64encode(data).rstrip(b"=")


def b64_strict(text: bytes) -> bytes:
    """Decode age's unpadded base64, refusing anything non-canonical (ValueError)."""
    if b"=" in text or len(text) % 4 == 1:
        raise ValueError("not canonical base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise ValueError("not canonical base64") from None
    if b64(data) != text:  # unused low bits set: another encoding of the same bytes
        raise ValueError("not canonical base64")
    return data


def hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def header_mac(file_key: bytes, header_up_to_dashes: bytes) -> bytes:
    """HMAC-SHA256 of the header up to and including ``---``, keyed from the file key."""
    mac = hmac.HMAC(hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(header_up_to_dashes)
    return mac.finalize()


def low_order(public: bytes) -> bool:
    """Whether an X25519 public key is a low-order point: any secret then gives the all-zero
    shared secret, so a file "encrypted" to it is readable by anyone. age refuses such a
    recipient; so do we. (A clamped scalar is a multiple of the cofactor, so one exchange with
    any key tells.)"""
    try:
        return X25519PrivateKey.generate().exchange(
            X25519PublicKey.from_public_bytes(public)) == bytes(32)
    except ValueError:  # cryptography refuses the all-zero result itself
        return True


def payload_nonce(counter: int, last: bool) -> bytes:
    """STREAM nonce: 11-byte big-endian chunk counter, then 1 for the last chunk."""
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32_key(text: str, hrp: str) -> bytes:
    """The 32 bytes of a Bech32 (BIP 173) string with human-readable part ``hrp``; ValueError
    if it is anything else. Upper or lower case, never mixed."""
    if not isinstance(text, str) or text not in (text.lower(), text.upper()):
        raise ValueError("not a Bech32 key")
    text = text.lower()
    if not text.startswith(hrp + "1"):
        raise ValueError("not a Bech32 key")
    try:
        values = [_BECH32.index(c) for c in text[len(hrp) + 1:]]
    except ValueError:
        raise ValueError("not a Bech32 key") from None
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    if len(values) < 6 or _polymod(expanded + values) != 1:
        raise ValueError("not a Bech32 key")
    acc, bits, out = 0, 0, bytearray()
    for v in values[:-6]:
        acc, bits = (acc << 5) | v, bits + 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits >= 5 or (acc & ((1 << bits) - 1)) or len(out) != 32:
        raise ValueError("not a Bech32 key")
    return bytes(out)


class ChunkInput:
    """The caller's ``read(n)`` turned into exact-size pieces, whatever sizes it returns (more
    or fewer bytes than asked). Pieces are memoryviews into the bytes read, not copies."""

    def __init__(self, reader):
        self._reader = reader
        self._buf = b""
        self._pos = 0
        self.eof = False

    def _available(self) -> int:
        return len(self._buf) - self._pos

    def _fill(self, want: int) -> None:
        have = self._available()
        if have >= want or self.eof:
            return
        parts = [memoryview(self._buf)[self._pos:]] if have else []
        while have < want and not self.eof:
            piece = self._reader.read(max(want - have, 1 << 20))
            if not piece:
                self.eof = True
                break
            parts.append(piece if isinstance(piece, bytes) else bytes(piece))
            have += len(piece)
        self._buf = parts[0] if len(parts) == 1 and isinstance(parts[0], bytes) else \
            b"".join(parts)
        self._pos = 0

    def take(self, n: int) -> memoryview:
        """Exactly ``n`` bytes, or fewer only at the end of the input."""
        self._fill(n)
        end = min(self._pos + n, len(self._buf))
        view = memoryview(self._buf)[self._pos:end]
        self._pos = end
        return view

    def line(self, budget: int) -> bytes | None:
        """The next line with its LF, or None if there is none within ``budget`` bytes."""
        while True:
            end = self._buf.find(b"\n", self._pos, self._pos + max(budget, 0))
            if end >= 0:
                line = self._buf[self._pos:end + 1]
                self._pos = end + 1
                return line
            if self._available() >= budget or self.eof:
                return None
            self._fill(self._available() + 4096)

    def at_end(self) -> bool:
        self._fill(1)
        return self._available() == 0
