import errno
import io
import os
import threading

import pyrage
import pytest

from crypto import envelope
from crypto.errors import (
    CardError,
    EnvelopeDamaged,
    IdentityDamaged,
    NotForThisIdentity,
)
from crypto.identity import Identity

from .tooling import assert_user_message

CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def alice():
    return Identity.generate("Alice")


@pytest.fixture(scope="module")
def bob():
    return Identity.generate("Bob")


@pytest.fixture(scope="module")
def plaintext():
    return os.urandom(5 * 1024 * 1024 + 123)


@pytest.fixture(scope="module")
def ciphertext(alice, plaintext):
    out = io.BytesIO()
    envelope.encrypt_stream(io.BytesIO(plaintext), out, [alice.card().age_recipient])
    return out.getvalue()


def _decrypt_streaming(data, secret, read_size=100_000):
    """Read everything through decrypting_reader; return the plaintext read."""
    got = bytearray()
    with envelope.decrypting_reader(io.BytesIO(data), secret) as reader:
        while chunk := reader.read(read_size):
            got += chunk
    return bytes(got)


def _header_length(ct):
    """Length of the age header plus the 16-byte payload nonce."""
    end = ct.index(b"\n---") + 1
    return ct.index(b"\n", end) + 1 + 16


def test_stream_round_trip(alice, plaintext, ciphertext):
    assert ciphertext.startswith(b"age-encryption.org/v1\n")
    out = io.BytesIO()
    envelope.decrypt_stream(io.BytesIO(ciphertext), out, alice.age_secret())
    assert out.getvalue() == plaintext


class _Trickle:
    """A reader handing out odd-sized pieces, as the export's tar source does."""

    def __init__(self, data, piece=77_777):
        self.data, self.piece = io.BytesIO(data), piece

    def read(self, n=-1):
        return self.data.read(self.piece)


def test_five_mib_to_two_recipients_in_odd_pieces(alice, bob, plaintext):
    out = io.BytesIO()
    recipients = [alice.card().age_recipient, bob.card().age_recipient]
    envelope.encrypt_stream(_Trickle(plaintext), out, recipients)
    data = out.getvalue()
    assert _decrypt_streaming(data, alice.age_secret()) == plaintext
    assert _decrypt_streaming(data, bob.age_secret(), read_size=4096) == plaintext


def test_empty_plaintext(alice):
    out = io.BytesIO()
    envelope.encrypt_stream(io.BytesIO(b""), out, [alice.card().age_recipient])
    assert _decrypt_streaming(out.getvalue(), alice.age_secret()) == b""


def test_reader_works_with_readinto_and_buffering(alice, plaintext, ciphertext):
    with envelope.decrypting_reader(io.BytesIO(ciphertext), alice.age_secret()) as reader:
        buffered = io.BufferedReader(reader, 1 << 20)
        assert buffered.read() == plaintext
        assert reader.read(10) == b""
        assert reader.check() == 0


def test_check_drains_and_counts_unread_bytes(alice, plaintext, ciphertext):
    with envelope.decrypting_reader(io.BytesIO(ciphertext), alice.age_secret()) as reader:
        assert reader.read(1000) == plaintext[:1000]
        assert reader.check() == len(plaintext) - 1000


def test_wrong_identity(bob, ciphertext):
    with pytest.raises(NotForThisIdentity) as info:
        envelope.decrypt_stream(io.BytesIO(ciphertext), io.BytesIO(), bob.age_secret())
    assert str(info.value) == "This bundle is not addressed to this vault."
    assert_user_message(info.value, bob.age_secret())
    with pytest.raises(NotForThisIdentity):
        _decrypt_streaming(ciphertext, bob.age_secret())


def _truncation_offsets(ct):
    header = _header_length(ct)
    return sorted(
        {
            0,
            10,
            30,
            header - 20,  # inside the header
            header,  # header complete, no payload
            header + 100,
            header + CHUNK + 16,  # exactly one whole chunk
            header + 3 * (CHUNK + 16),  # exactly three whole chunks
            len(ct) // 2,
            len(ct) - 16,
            len(ct) - 1,
        }
    )


def test_truncation_raises_and_is_not_eof(alice, ciphertext):
    for offset in _truncation_offsets(ciphertext):
        data = ciphertext[:offset]
        with pytest.raises(EnvelopeDamaged) as info:
            envelope.decrypt_stream(io.BytesIO(data), io.BytesIO(), alice.age_secret())
        assert_user_message(info.value, alice.age_secret())
        # streaming: the read that would have been end-of-stream raises instead
        got = bytearray()
        with pytest.raises(EnvelopeDamaged):
            with envelope.decrypting_reader(io.BytesIO(data), alice.age_secret()) as reader:
                while chunk := reader.read(65536):
                    got += chunk
                pytest.fail(f"truncation at {offset} was reported as a clean end of stream")
        assert len(got) < len(ciphertext)


def test_truncated_stream_delivers_verified_part_then_raises(alice, plaintext, ciphertext):
    data = ciphertext[: _header_length(ciphertext) + 3 * (CHUNK + 16)]
    got = bytearray()
    with pytest.raises(EnvelopeDamaged):  # ... and leaving the block raises it again
        with envelope.decrypting_reader(io.BytesIO(data), alice.age_secret()) as reader:
            with pytest.raises(EnvelopeDamaged):
                while chunk := reader.read(4096):
                    got += chunk
            assert len(got) == 3 * CHUNK
            assert bytes(got) == plaintext[: len(got)]  # what was handed out is genuine
            with pytest.raises(EnvelopeDamaged):  # and the failure sticks
                reader.read(10)
            with pytest.raises(EnvelopeDamaged):
                reader.check()


def test_truncation_caught_by_exit_even_if_consumer_stops_reading(alice, ciphertext):
    data = ciphertext[:-5]
    with pytest.raises(EnvelopeDamaged):
        with envelope.decrypting_reader(io.BytesIO(data), alice.age_secret()) as reader:
            reader.read(100)  # stops here without raising: exit must verify the rest


@pytest.mark.parametrize("where", ["header", "stanza", "mac", "first chunk", "middle", "last"])
def test_flipped_byte(alice, ciphertext, where):
    header = _header_length(ciphertext)
    offset = {
        "header": 3,
        "stanza": 40,
        "mac": header - 30,
        "first chunk": header + 10,
        "middle": len(ciphertext) // 2,
        "last": len(ciphertext) - 3,
    }[where]
    data = bytearray(ciphertext)
    data[offset] ^= 0x01
    # A changed share either still parses (then it unwraps nothing: "not for this vault") or no
    # longer is canonical base64 (damage); which one depends on the random bytes.
    expected = (NotForThisIdentity, EnvelopeDamaged) if where == "stanza" else EnvelopeDamaged
    with pytest.raises(expected) as info:
        envelope.decrypt_stream(io.BytesIO(bytes(data)), io.BytesIO(), alice.age_secret())
    assert_user_message(info.value)
    with pytest.raises(expected):
        _decrypt_streaming(bytes(data), alice.age_secret())


def test_trailing_garbage(alice, ciphertext):
    with pytest.raises(EnvelopeDamaged):
        _decrypt_streaming(ciphertext + b"\0", alice.age_secret())


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 a zip file" * 100, b"hello", os.urandom(5000)])
def test_not_an_age_file(alice, data):
    with pytest.raises(EnvelopeDamaged) as info:
        envelope.decrypt_stream(io.BytesIO(data), io.BytesIO(), alice.age_secret())
    assert str(info.value) == "This file is not a Fieldnotes bundle."
    with pytest.raises(EnvelopeDamaged):
        _decrypt_streaming(data, alice.age_secret())


def test_early_exit_with_exception_does_not_hang(alice, ciphertext):
    before = threading.active_count()
    with pytest.raises(KeyError):
        with envelope.decrypting_reader(io.BytesIO(ciphertext), alice.age_secret()) as reader:
            reader.read(10)
            raise KeyError("consumer gave up")
    assert threading.active_count() == before
    with pytest.raises(KeyError):
        with envelope.decrypting_reader(io.BytesIO(ciphertext), alice.age_secret()):
            raise KeyError("before reading anything")
    assert threading.active_count() == before


def test_close_before_end_does_not_hang(alice, ciphertext):
    # Closing by hand abandons the stream; leaving the block normally then is a bug.
    with pytest.raises(ValueError, match="closed before"):
        with envelope.decrypting_reader(io.BytesIO(ciphertext), alice.age_secret()) as reader:
            reader.read(10)
            reader.close()


class _FullDisk:
    """A writer that fails like a full disk after ``limit`` bytes."""

    def __init__(self, limit):
        self.limit, self.written = limit, 0

    def write(self, b):
        if self.written + len(b) > self.limit:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(b)
        return len(b)


def test_output_error_surfaces_unchanged_from_streams(alice, plaintext, ciphertext):
    with pytest.raises(OSError) as info:
        envelope.encrypt_stream(
            io.BytesIO(plaintext), _FullDisk(len(plaintext) // 2), [alice.card().age_recipient]
        )
    assert info.value.errno == errno.ENOSPC
    for tiny in (b"", b"abc"):  # pyrage itself would swallow these (final flush)
        with pytest.raises(OSError) as info:
            envelope.encrypt_stream(io.BytesIO(tiny), _FullDisk(0), [alice.card().age_recipient])
        assert info.value.errno == errno.ENOSPC
    for limit in (10, len(plaintext) - 5):
        with pytest.raises(OSError) as info:
            envelope.decrypt_stream(io.BytesIO(ciphertext), _FullDisk(limit), alice.age_secret())
        assert info.value.errno == errno.ENOSPC


class _Cancelled(Exception):
    pass


class _CancellingReader:
    def __init__(self, data, after):
        self.data, self.after = io.BytesIO(data), after

    def read(self, n=-1):
        if self.data.tell() >= self.after:
            raise _Cancelled()
        return self.data.read(n)


def test_aborted_export_leaves_an_undecryptable_file(alice, plaintext):
    out = io.BytesIO()
    with pytest.raises(_Cancelled):  # the export's tar source stops: no last chunk is written
        envelope.encrypt_stream(_CancellingReader(plaintext, 300_000), out,
                                [alice.card().age_recipient])
    assert len(out.getvalue()) > 200_000
    with pytest.raises(EnvelopeDamaged):
        envelope.decrypt_stream(io.BytesIO(out.getvalue()), io.BytesIO(), alice.age_secret())


def test_reader_exception_surfaces_unchanged(alice, plaintext, ciphertext):
    with pytest.raises(_Cancelled):
        envelope.encrypt_stream(
            _CancellingReader(plaintext, 100_000), io.BytesIO(), [alice.card().age_recipient]
        )
    with pytest.raises(_Cancelled):
        envelope.decrypt_stream(
            _CancellingReader(ciphertext, 100_000), io.BytesIO(), alice.age_secret()
        )
    with pytest.raises(_Cancelled):
        source = _CancellingReader(ciphertext, 100_000)
        with envelope.decrypting_reader(source, alice.age_secret()) as reader:
            reader.read()


class _Greedy:
    """A reader that ignores the size it is asked for (pyrage alone would fail)."""

    def __init__(self, data):
        self.data, self.done = data, False

    def read(self, n=-1):
        if self.done:
            return b""
        self.done = True
        return self.data


def test_reader_returning_more_than_asked(alice, plaintext):
    out = io.BytesIO()
    envelope.encrypt_stream(_Greedy(plaintext), out, [alice.card().age_recipient])
    back = io.BytesIO()
    envelope.decrypt_stream(_Greedy(out.getvalue()), back, alice.age_secret())
    assert back.getvalue() == plaintext


def test_bad_recipients_and_secret(alice, ciphertext):
    with pytest.raises(ValueError):
        envelope.encrypt_stream(io.BytesIO(b"x"), io.BytesIO(), [])
    with pytest.raises(ValueError):
        envelope.encrypt_stream(io.BytesIO(b"x"), io.BytesIO(), alice.card().age_recipient)
    with pytest.raises(CardError) as info:
        envelope.encrypt_stream(io.BytesIO(b"x"), io.BytesIO(), ["age1nope"])
    assert_user_message(info.value)
    with pytest.raises(IdentityDamaged) as info:
        envelope.decrypt_stream(io.BytesIO(ciphertext), io.BytesIO(), "AGE-SECRET-KEY-1NOPE")
    assert_user_message(info.value)


def test_duplicate_recipients_are_merged(alice):
    rec = alice.card().age_recipient
    out = io.BytesIO()
    envelope.encrypt_stream(io.BytesIO(b"x"), out, [rec, rec])
    assert out.getvalue().count(b"-> X25519 ") == 1


def test_armored_input_is_refused_as_not_a_bundle(alice):
    """Bundles are binary age (DESIGN.md); an armored file is not one of ours."""
    armored = pyrage.encrypt(b"hello", [alice.age_identity.to_public()], armored=True)
    with pytest.raises(EnvelopeDamaged) as info:
        _decrypt_streaming(armored, alice.age_secret())
    assert str(info.value) == envelope.NOT_A_BUNDLE


def test_first_plaintext_reads_only_the_start(alice, bob, plaintext, ciphertext):
    class Counting(io.BytesIO):
        taken = 0

        def read(self, n=-1):
            data = super().read(n)
            Counting.taken += len(data)
            return data

    source = Counting(ciphertext)
    start = envelope.first_plaintext(source, alice.age_secret(), 100_000)
    assert len(start) >= 100_000 and plaintext.startswith(start)
    assert Counting.taken < 200_000 < len(ciphertext)  # the rest of the file was never read
    with pytest.raises(NotForThisIdentity):
        envelope.first_plaintext(io.BytesIO(ciphertext), bob.age_secret(), 1000)
    with pytest.raises(EnvelopeDamaged):
        envelope.first_plaintext(io.BytesIO(b"not age at all"), alice.age_secret(), 1000)


def test_a_reader_started_ahead_is_checked_as_any_other(alice, plaintext, ciphertext):
    before = set(threading.enumerate())
    ahead = envelope.start_decrypting(io.BytesIO(ciphertext), alice.age_secret(), depth=16)
    with envelope.decrypting_reader(None, alice.age_secret(), started=ahead) as reader:
        assert reader.read(-1) == plaintext
    truncated = envelope.start_decrypting(io.BytesIO(ciphertext[:-100]), alice.age_secret())
    with pytest.raises(EnvelopeDamaged):
        with envelope.decrypting_reader(None, alice.age_secret(), started=truncated) as reader:
            reader.read(-1)
    unused = envelope.start_decrypting(io.BytesIO(ciphertext), alice.age_secret())
    unused.close()  # one never handed over is closed and its thread ends
    assert set(threading.enumerate()) <= before
