"""The C2SP CCTV age vectors (tests/crypto/cctv_age/, CC0) against crypto/age_reader.py, read
exactly as the reference testkit (FiloSottile/age ``testkit_test.go``) reads them.

The testkit's outcome for a vector is one of: ``success`` (the plaintext hashes to
``payload``), ``HMAC failure`` (the header MAC is wrong), ``no match`` (no identity opens a
stanza), ``header failure`` (anything else before the first byte of plaintext, the payload
nonce included), ``payload failure`` (an error while reading the payload; the plaintext
released *before* the error must hash to ``payload`` when the vector gives one) and ``armor
failure``.

Our reader reads what a bundle is: binary age to X25519 identities. Every vector of that kind
must give exactly the testkit's outcome. The others (armored, passphrase or post-quantum
identities) are outside what a bundle can be, and for each of them the only requirement is
that the reader never hands out a plaintext it has proven: they are refused, and how is
checked below so that the boundary is deliberate, not an accident.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crypto import age_reader
from crypto.identity import Identity

VECTORS = Path(__file__).with_name("cctv_age")
X25519_PREFIX = "AGE-SECRET-KEY-1"
OUTCOMES = {"success", "HMAC failure", "header failure", "armor failure", "payload failure",
            "no match"}
# Binary files with a passphrase or post-quantum identity beside an X25519 one, whose
# outcome is decided by the X25519 side and the header's rules alone.
DECIDED_BY_X25519 = {
    "scrypt_and_x25519": "an scrypt stanza must be alone; the X25519 stanza is ours",
    "hybrid_x25519_arg": "the X25519 stanza has a share of the wrong length",
}


@dataclass
class Vector:
    name: str
    expect: str = ""
    payload: bytes | None = None
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    armored: bool = False
    file: bytes = b""

    @property
    def x25519(self) -> list[str]:
        return [i for i in self.identities if i.startswith(X25519_PREFIX)]

    @property
    def ours(self) -> bool:
        """Binary, and nothing but X25519 identities (or none at all)."""
        if self.armored:
            return False
        if self.name in DECIDED_BY_X25519:
            return True
        return not self.passphrases and len(self.x25519) == len(self.identities)


def parse(path: Path) -> Vector:
    """A vector file, as testkit_test.go's parseVector reads it."""
    v, rest, compressed = Vector(path.name), path.read_bytes(), False
    while True:
        line, sep, rest = rest.partition(b"\n")
        assert sep, "invalid test file: no payload"
        if not line:
            break
        key, _, value = line.decode().partition(": ")
        if key == "expect":
            assert value in OUTCOMES, value
            v.expect = value
        elif key == "payload":
            v.payload = bytes.fromhex(value)
        elif key == "identity":
            v.identities.append(value)
        elif key == "passphrase":
            v.passphrases.append(value)
        elif key == "armored":
            v.armored = True
        elif key == "compressed":
            assert value == "zlib", value
            compressed = True
        else:
            assert key in ("file key", "comment"), key
    v.file = zlib.decompress(rest) if compressed else rest
    return v


ALL = sorted(p.name for p in VECTORS.iterdir() if p.name != "README.md")
VECTORS_BY_NAME = {name: parse(VECTORS / name) for name in ALL}
OURS = [n for n in ALL if VECTORS_BY_NAME[n].ours]
OTHERS = [n for n in ALL if not VECTORS_BY_NAME[n].ours]
_STRANGER = Identity.generate("stranger").age_secret()


def outcome(v: Vector, secret: str) -> tuple[str, bytes]:
    """(the testkit's outcome, the plaintext released before it) for one identity."""
    released = bytearray()
    blocks = age_reader.decrypt(io.BytesIO(v.file), secret)
    try:
        first = next(blocks, None)  # the header and the payload nonce are read here
    except age_reader.HeaderMacMismatch:
        return "HMAC failure", b""
    except age_reader.NoMatch:
        return "no match", b""
    except age_reader.PayloadDamaged:
        return "payload failure", b""
    except age_reader.AgeError:
        return "header failure", b""
    if first is not None:
        released += first
    try:
        for block in blocks:
            released += block
    except age_reader.PayloadDamaged:
        return "payload failure", bytes(released)
    return "success", bytes(released)


def test_every_upstream_vector_is_vendored_and_read():
    assert len(ALL) == 143
    assert len(OURS) == 69  # 67 binary X25519-only, and DECIDED_BY_X25519
    assert all(VECTORS_BY_NAME[n].expect for n in ALL)


@pytest.mark.parametrize("name", OURS)
def test_binary_x25519_vector(name):
    v = VECTORS_BY_NAME[name]
    secrets = v.x25519 or [_STRANGER]
    assert len(secrets) == 1  # the testkit tries every identity; these vectors carry one
    got, released = outcome(v, secrets[0])
    assert got == v.expect
    if v.expect == "success" or (v.expect == "payload failure" and v.payload is not None):
        assert hashlib.sha256(released).digest() == v.payload


@pytest.mark.parametrize("name", OTHERS)
def test_outside_what_a_bundle_can_be_is_refused(name):
    """Armored files are "not age" to us (a bundle is binary); a file for a passphrase or a
    post-quantum identity is, to an X25519 identity, one with no stanza it can open."""
    v = VECTORS_BY_NAME[name]
    secret = (v.x25519 or [_STRANGER])[0]
    if v.armored:
        with pytest.raises(age_reader.NotAgeFile):
            next(age_reader.decrypt(io.BytesIO(v.file), secret))
        return
    got, released = outcome(v, secret)
    assert got in ("no match", "header failure"), got
    assert released == b""
