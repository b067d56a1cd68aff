"""Our age decryptor (crypto/age_reader.py) against files made by the real ``age`` CLI and by
pyrage, at every chunk boundary, and against damage in every part of a file."""

from __future__ import annotations

import base64
import io
import os
import subprocess

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import age_reader
from crypto.age_format import CHUNK, TAG, b64, b64_strict, header_mac
from crypto.identity import Identity

from .tooling import require_tool

SEALED = CHUNK + TAG
SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 16 * CHUNK, 16 * CHUNK + 1, 17 * CHUNK + 5]


@pytest.fixture(scope="module")
def people():
    return [Identity.generate(n) for n in ("Alice", "Bob", "Carol")]


class Trickle(io.RawIOBase):
    """Hands out odd-sized pieces, like a pipe would."""

    def __init__(self, data: bytes, piece: int = 7919):
        self.src, self.piece = io.BytesIO(data), piece

    def read(self, n=-1):
        return self.src.read(self.piece)


def _decrypt(data: bytes, secret: str, piece: int = 7919) -> bytes:
    return b"".join(age_reader.decrypt(Trickle(data, piece), secret))


def _pyrage(data: bytes, *people) -> bytes:
    return pyrage.encrypt(data, [p.age_identity.to_public() for p in people])


def _payload_start(blob: bytes) -> int:
    end = blob.index(b"\n---") + 1
    return blob.index(b"\n", end) + 1 + 16


@pytest.mark.parametrize("size", SIZES)
def test_reads_what_pyrage_writes_at_every_boundary(people, size):
    data = os.urandom(size)
    blob = _pyrage(data, people[0])
    assert _decrypt(blob, people[0].age_secret()) == data
    assert _decrypt(blob, people[0].age_secret(), piece=1 << 22) == data


@pytest.mark.parametrize("size", [0, CHUNK, 16 * CHUNK + 1])
def test_reads_what_the_age_cli_writes(tmp_path, people, size):
    age = require_tool("age")
    data = os.urandom(size)
    plain = tmp_path / "plain"
    plain.write_bytes(data)
    recipients = [a for p in people[:2] for a in ("-r", p.card().age_recipient)]
    blob = subprocess.run([age, *recipients, str(plain)], capture_output=True,
                          check=True).stdout
    for p in people[:2]:
        assert _decrypt(blob, p.age_secret()) == data
    with pytest.raises(age_reader.NoMatch):
        _decrypt(blob, people[2].age_secret())


def test_each_recipient_and_only_them(people):
    blob = _pyrage(b"for two", people[0], people[1])
    assert _decrypt(blob, people[1].age_secret()) == b"for two"
    with pytest.raises(age_reader.NoMatch):
        _decrypt(blob, people[2].age_secret())


@pytest.mark.parametrize("size", [CHUNK, 3 * CHUNK, 16 * CHUNK, 17 * CHUNK + 5])
def test_a_file_cut_at_a_chunk_boundary_gives_the_proven_part_then_fails(people, size):
    data = os.urandom(size)
    blob = _pyrage(data, people[0])
    start = _payload_start(blob)
    for chunks in range(0, size // CHUNK):
        cut = blob[: start + chunks * SEALED]
        got = bytearray()
        with pytest.raises(age_reader.Damaged):
            for block in age_reader.decrypt(io.BytesIO(cut), people[0].age_secret()):
                got += block
        assert bytes(got) == data[: len(got)]
        assert len(got) == chunks * CHUNK


def test_not_age_and_damaged_header_and_payload(people):
    secret = people[0].age_secret()
    blob = _pyrage(os.urandom(2 * CHUNK + 3), people[0])
    for not_age in (b"", b"PK\x03\x04 a zip file", b"-----BEGIN AGE ENCRYPTED FILE-----\n"):
        with pytest.raises(age_reader.NotAgeFile):
            _decrypt(not_age, secret)
    with pytest.raises(age_reader.Damaged):
        _decrypt(blob[:10], secret)  # cut inside the version line
    with pytest.raises(age_reader.Damaged):
        _decrypt(blob + b"\0", secret)  # trailing data
    mac_at = blob.index(b"\n--- ") + 6
    for at in (mac_at, mac_at + 30, _payload_start(blob) - 3, _payload_start(blob) + 5,
               len(blob) - 1):
        flipped = bytearray(blob)
        flipped[at] ^= 0x01
        with pytest.raises(age_reader.Damaged):
            _decrypt(bytes(flipped), secret)


def _forge(people, stanzas: list[bytes], file_key: bytes, payload: bytes = b"") -> bytes:
    """A header with our own stanzas and a valid MAC, then ``payload``."""
    head = b"age-encryption.org/v1\n" + b"".join(stanzas) + b"---"
    return head + b" " + b64(header_mac(file_key, head)) + b"\n" + payload


def _real_stanza_and_key(people):
    """An X25519 stanza from a real file for people[0], and the file key it wraps."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    from crypto.age_format import X25519_INFO, hkdf

    blob = _pyrage(b"x", people[0])
    lines = blob.split(b"\n")
    stanza = lines[1] + b"\n" + lines[2] + b"\n"
    key = age_reader.identity_key(people[0].age_secret())
    share = b64_strict(lines[1].split(b" ")[2])
    shared = key.exchange(X25519PublicKey.from_public_bytes(share))
    wrap = hkdf(shared, share + key.public_key().public_bytes_raw(), X25519_INFO)
    return stanza, ChaCha20Poly1305(wrap).decrypt(bytes(12), b64_strict(lines[2]), None), blob


def test_unknown_stanzas_are_skipped_and_malformed_ones_refused(people):
    secret = people[0].age_secret()
    stanza, file_key, blob = _real_stanza_and_key(people)
    payload = blob[blob.index(b"\n---") + 1:]
    payload = payload[payload.index(b"\n") + 1:]
    other = b"-> other-kind arg1 arg2\n" + b64(os.urandom(48)) + b"\n" + b64(os.urandom(5)) + b"\n"
    assert _decrypt(_forge(people, [other, stanza], file_key, payload), secret) == b"x"
    bad = [
        b"-> X25519\n" + b64(os.urandom(32)) + b"\n",  # no share
        b"->  X25519 a\n\n",  # empty argument
        b"-> X25519 " + b64(os.urandom(32)) + b"=\n" + b64(os.urandom(32)) + b"\n",  # padding
        b"-> X25519 " + b64(os.urandom(31)) + b"\n" + b64(os.urandom(32)) + b"\n",  # short share
        b"-> X25519 " + b64(os.urandom(32)) + b"\n" + b64(os.urandom(33)) + b"\n",  # long body
        b"-> X25519 " + b64(bytes(32)) + b"\n" + b64(os.urandom(32)) + b"\n",  # low order
        b"-> kind " + b64(os.urandom(48)) + b"\n",  # body line of exactly 64, no end line
    ]
    for stanza_text in bad:
        with pytest.raises(age_reader.Damaged):
            _decrypt(_forge(people, [stanza_text, stanza], file_key, payload), secret)
    # base64 with unused low bits set decodes to the same bytes: not canonical, refused
    share = stanza.split(b" ")[2].split(b"\n")[0]
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    index = alphabet.index(share[-1:])
    noncanonical = share[:-1] + alphabet[index | 1: (index | 1) + 1]
    assert noncanonical != share and base64.b64decode(noncanonical + b"=") == \
        base64.b64decode(share + b"=")
    forged = stanza.replace(share, noncanonical)
    with pytest.raises(age_reader.Damaged):
        _decrypt(_forge(people, [forged], file_key, payload), secret)


def test_no_stanza_and_huge_header_are_refused(people):
    secret = people[0].age_secret()
    with pytest.raises(age_reader.Damaged):
        _decrypt(_forge(people, [], os.urandom(16), os.urandom(40)), secret)
    endless = b"age-encryption.org/v1\n" + b"-> kind\n" + b"A" * 64 + b"\n"
    endless += (b"A" * 64 + b"\n") * ((age_reader.MAX_HEADER // 65) + 10)
    with pytest.raises(age_reader.Damaged):
        _decrypt(endless, secret)


def test_an_endless_header_is_refused_after_reading_at_most_its_cap(people):
    """One stanza whose body never ends: refused once the header cap is passed, without
    reading (or keeping) the rest of a file that may be gigabytes long."""

    class Endless:
        def __init__(self):
            self.given = 0

        def read(self, n=-1):
            if self.given == 0:
                data = b"age-encryption.org/v1\n-> kind\n"
            else:
                data = (b"A" * 64 + b"\n") * 1000
            self.given += len(data)
            return data

    source = Endless()
    with pytest.raises(age_reader.Damaged):
        for _ in age_reader.decrypt(source, people[0].age_secret()):
            pass
    assert source.given < age_reader.MAX_HEADER + (2 << 20)


def test_a_header_mac_made_with_another_key_is_refused(people):
    stanza, file_key, blob = _real_stanza_and_key(people)
    payload = blob[blob.index(b"\n---") + 1:]
    payload = payload[payload.index(b"\n") + 1:]
    forged = _forge(people, [stanza], os.urandom(16), payload)
    with pytest.raises(age_reader.Damaged):
        _decrypt(forged, people[0].age_secret())


@pytest.fixture(scope="module")
def two_chunks(people):
    """Made once: rage adds random "grease" stanzas, so every encryption differs in length."""
    return _pyrage(b"random damage " * 9000, people[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_damage_never_passes(people, two_chunks, data):
    blob = two_chunks
    at = data.draw(st.integers(0, len(blob) - 1))
    bit = data.draw(st.integers(0, 7))
    damaged = bytearray(blob)
    damaged[at] ^= 1 << bit
    with pytest.raises(age_reader.AgeError):
        _decrypt(bytes(damaged), people[0].age_secret())
