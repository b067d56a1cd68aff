"""Pin down the pyrage behaviour crypto/_ageio.py relies on.

If a pyrage upgrade changes any of this, these tests say so before the error
mapping silently degrades (e.g. a wrong identity reported as damage).
"""

import io

import pyrage
import pytest

IDENT = pyrage.x25519.Identity.generate()
OTHER = pyrage.x25519.Identity.generate()
CT = pyrage.encrypt(b"x" * 200_000, [IDENT.to_public()])


def _decrypt(data, identity=IDENT):
    pyrage.decrypt_io(io.BytesIO(data), io.BytesIO(), [identity])


def test_wrong_identity_message():
    with pytest.raises(pyrage.DecryptError, match="No matching keys"):
        _decrypt(CT, OTHER)


def test_payload_damage_is_a_plain_oserror():
    data = bytearray(CT)
    data[-100] ^= 1
    with pytest.raises(OSError) as info:
        _decrypt(bytes(data))
    assert not isinstance(info.value, pyrage.DecryptError)


def test_header_damage_is_decrypt_error():
    with pytest.raises(pyrage.DecryptError):
        _decrypt(CT[:50])


def test_writer_exception_passes_through_decrypt_io():
    class Boom(Exception):
        pass

    class W:
        def write(self, b):
            raise Boom()

    with pytest.raises(Boom):
        pyrage.decrypt_io(io.BytesIO(CT), W(), [IDENT])


class _Full:
    def write(self, b):
        raise OSError(28, "full")


def test_encrypt_io_wraps_write_errors_in_encrypt_error():
    with pytest.raises(pyrage.EncryptError):
        pyrage.encrypt_io(io.BytesIO(b"z" * 100_000), _Full(), [IDENT.to_public()])


def test_encrypt_io_swallows_a_failing_final_flush():
    # A small output stays in pyrage's 8 KiB buffer until it is dropped, and the
    # error of that last flush is lost: encrypt_io "succeeds" having written nothing.
    # crypto/_ageio.Tap records the error so that envelope raises it anyway.
    pyrage.encrypt_io(io.BytesIO(b"abc"), _Full(), [IDENT.to_public()])


def test_reading_more_than_asked_breaks_encrypt_io():
    class Greedy:
        done = False

        def read(self, n=-1):
            if self.done:
                return b""
            self.done = True
            return b"y" * (n + 1000)

    with pytest.raises(pyrage.EncryptError):
        pyrage.encrypt_io(Greedy(), io.BytesIO(), [IDENT.to_public()])


def test_key_strings():
    assert str(IDENT).startswith("AGE-SECRET-KEY-1")
    assert str(IDENT.to_public()).startswith("age1")
    with pytest.raises(pyrage.RecipientError):
        pyrage.x25519.Recipient.from_str("age1nope")
    with pytest.raises(pyrage.IdentityError):
        pyrage.x25519.Identity.from_str("AGE-SECRET-KEY-1NOPE")
