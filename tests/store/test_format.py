"""The blob file format: age's STREAM under a key of our own, Padmé sizes, a versioned header."""

from __future__ import annotations

import io
import os

import pytest

from crypto import age_reader, age_writer
from crypto.age_format import CHUNK
from crypto.identity import Identity
from crypto.stream import ChunkDamaged, Stream
from fieldnotes.blobstore import layout


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_our_stream_is_an_age_payload(size):
    """Chunks sealed by crypto.stream, behind an age header for the same file key, are read by
    our age reader (itself checked against age and the CCTV vectors): the same construction."""
    ident = Identity.generate("t")
    file_key, nonce = os.urandom(16), os.urandom(16)
    plain = os.urandom(size)
    stream = Stream(file_key, nonce)
    count = layout.chunk_count(size)
    payload = b"".join(stream.seal(i, plain[i * CHUNK:(i + 1) * CHUNK], i == count - 1)
                       for i in range(count))
    recipient = age_writer.recipient_key(ident.card().age_recipient)
    data = age_writer.header(file_key, [recipient]) + nonce + payload
    assert b"".join(age_reader.decrypt(io.BytesIO(data), ident.age_secret())) == plain


def test_a_chunk_opens_only_in_its_place_and_under_its_key():
    key, nonce = os.urandom(32), os.urandom(16)
    s = Stream(key, nonce)
    sealed = s.seal(3, b"x" * CHUNK, False)
    assert s.open(3, sealed, False) == b"x" * CHUNK
    for counter, last, other in [(4, False, s), (3, True, s), (3, False, Stream(os.urandom(32), nonce)),
                                 (3, False, Stream(key, os.urandom(16)))]:
        with pytest.raises(ChunkDamaged):
            other.open(counter, sealed, last)


def test_padme_overhead_and_leakage():
    previous = 0
    for n in list(range(0, 5000)) + [10 ** k + d for k in range(4, 11) for d in (-1, 0, 1)]:
        padded = layout.padme(n)
        assert n <= padded <= n * 1.12 + 1
        assert padded >= previous or n < previous
        previous = padded
    # Many sizes share one padded length: a 1 GB file is one of about 2^22 sizes.
    assert layout.padme(10 ** 9) == layout.padme(10 ** 9 - 1000)
    assert layout.file_length(0) == layout.HEADER + 16


def test_header_is_versioned():
    nonce = os.urandom(16)
    h = layout.header(nonce)
    assert len(h) == layout.HEADER and layout.parse_header(h) == nonce
    assert layout.parse_header(b"FNBLOB\x02\x00" + nonce) is None  # a later version
    assert layout.parse_header(b"XXBLOB\x01\x00" + nonce) is None
    assert layout.parse_header(h[:-1]) is None
