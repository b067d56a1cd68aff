"""Our age encryptor (crypto/age_writer.py) against the reference decryptors: the real ``age``
CLI and pyrage, at every chunk boundary, with one and several recipients."""

from __future__ import annotations

import io
import os
import subprocess

import pyrage
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import age_writer
from crypto.age_format import CHUNK
from crypto.errors import CardError
from crypto.identity import Identity

from .tooling import require_tool

C = CHUNK
SIZES = [0, 1, C - 1, C, C + 1, 2 * C, 3 * C + 17]


@pytest.fixture(scope="module")
def people():
    return [Identity.generate(n) for n in ("Alice", "Bob", "Carol")]


def _encrypt(data: bytes, recipients: list[str], piece: int = 7919) -> bytes:
    class Trickle(io.RawIOBase):  # hands out odd-sized pieces, like a pipe would
        def __init__(self):
            self.src = io.BytesIO(data)

        def read(self, n=-1):
            return self.src.read(min(n, piece) if n and n > 0 else piece)

    out = io.BytesIO()
    age_writer.encrypt(Trickle(), out, recipients)
    return out.getvalue()


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_decrypts_every_boundary(people, size):
    data = os.urandom(size)
    blob = _encrypt(data, [people[0].card().age_recipient])
    assert blob.startswith(b"age-encryption.org/v1\n-> X25519 ")
    assert pyrage.decrypt(blob, [people[0].age_identity]) == data
    # Size: header + 16-byte nonce + one 16-byte tag per chunk (at least one chunk).
    chunks = max(1, -(-size // C))
    header_len = blob.index(b"\n", blob.index(b"--- ")) + 1
    assert len(blob) == header_len + 16 + size + 16 * chunks


@pytest.mark.interop
@pytest.mark.parametrize("size", SIZES)
def test_age_cli_decrypts_every_boundary(tmp_path, people, size):
    age = require_tool("age")
    data = os.urandom(size)
    path = tmp_path / "x.age"
    path.write_bytes(_encrypt(data, [p.card().age_recipient for p in people]))
    for p in people:
        key = tmp_path / f"{p.name}.key"
        key.write_text(p.age_secret() + "\n")
        proc = subprocess.run([age, "-d", "-i", str(key), str(path)], capture_output=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == data


def test_each_recipient_and_only_them(people):
    blob = _encrypt(b"for two", [people[0].card().age_recipient, people[1].card().age_recipient])
    assert blob.count(b"-> X25519 ") == 2
    for p in people[:2]:
        assert pyrage.decrypt(blob, [p.age_identity]) == b"for two"
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(blob, [people[2].age_identity])


def test_fresh_keys_every_time(people):
    r = [people[0].card().age_recipient]
    assert _encrypt(b"same", r) != _encrypt(b"same", r)


def test_recipient_key_matches_pyrage(people):
    for p in people:
        text = p.card().age_recipient
        assert len(age_writer.recipient_key(text)) == 32
        # the same key decoded by pyrage round-trips to the same string
        assert str(pyrage.x25519.Recipient.from_str(text)) == text


@pytest.mark.parametrize("bad", ["", "age1", "AGE1QQQQ", "age1" + "q" * 58, "npub1abc",
                                 "age1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"])
def test_bad_recipients_refused(bad):
    with pytest.raises(CardError):
        age_writer.recipient_key(bad)


def test_a_flipped_character_breaks_the_checksum(people):
    text = people[0].card().age_recipient
    i = len(text) // 2
    swapped = text[:i] + ("q" if text[i] != "q" else "p") + text[i + 1:]
    with pytest.raises(CardError):
        age_writer.recipient_key(swapped)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=3 * C), piece=st.integers(1, 2 * C))
def test_any_data_any_read_sizes_round_trip(people, data, piece):
    blob = _encrypt(data, [people[1].card().age_recipient], piece)
    assert pyrage.decrypt(blob, [people[1].age_identity]) == data
