"""Pin down the pyrage behaviour crypto relies on: only its X25519 key strings (identities are
generated and parsed by pyrage; encryption and decryption are ours)."""

import pyrage
import pytest

from crypto import age_reader, age_writer

IDENT = pyrage.x25519.Identity.generate()


def test_key_strings():
    assert str(IDENT).startswith("AGE-SECRET-KEY-1")
    assert str(IDENT.to_public()).startswith("age1")
    with pytest.raises(pyrage.RecipientError):
        pyrage.x25519.Recipient.from_str("age1nope")
    with pytest.raises(pyrage.IdentityError):
        pyrage.x25519.Identity.from_str("AGE-SECRET-KEY-1NOPE")


def test_our_key_decoding_agrees_with_pyrage():
    """The secret pyrage writes is the key whose public half is the recipient pyrage prints."""
    for _ in range(20):
        ident = pyrage.x25519.Identity.generate()
        public = age_reader.identity_key(str(ident)).public_key().public_bytes_raw()
        assert public == age_writer.recipient_key(str(ident.to_public()))
