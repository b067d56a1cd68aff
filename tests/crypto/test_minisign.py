import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto import minisign
from crypto.errors import BadSignature

from .tooling import assert_user_message

KEY_ID = bytes.fromhex("0102030405060708")
DATA = b"tagmanifest contents\n" * 10
COMMENT = "timestamp:1700000000\tfile:tagmanifest-sha256.txt bundle:abc"


@pytest.fixture(scope="module")
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def pub_b64(key):
    return minisign.public_key_b64(KEY_ID, key.public_key().public_bytes_raw())


@pytest.fixture(scope="module")
def sig(key):
    return minisign.sign(key, KEY_ID, DATA, COMMENT)


def test_round_trip(pub_b64, sig):
    assert minisign.verify(pub_b64, DATA, sig) == COMMENT


def test_signature_layout(sig):
    lines = sig.split("\n")
    assert lines[0] == "untrusted comment: signature from fieldnotes"
    assert base64.b64decode(lines[1])[:10] == b"ED" + KEY_ID
    assert len(base64.b64decode(lines[1])) == 74
    assert lines[2] == "trusted comment: " + COMMENT
    assert len(base64.b64decode(lines[3])) == 64
    assert lines[4] == "" and len(lines) == 5


def test_unicode_trusted_comment_and_crlf(key, pub_b64):
    sig = minisign.sign(key, KEY_ID, DATA, "Zeugnis — شهادة", untrusted_comment="x")
    assert minisign.verify(pub_b64, DATA, sig.replace("\n", "\r\n")) == "Zeugnis — شهادة"


def test_empty_data(key, pub_b64):
    assert minisign.verify(pub_b64, b"", minisign.sign(key, KEY_ID, b"", "c")) == "c"


def _expect_bad(pub_b64, data, sig):
    with pytest.raises(BadSignature) as info:
        minisign.verify(pub_b64, data, sig)
    assert_user_message(info.value)
    return str(info.value)


def test_tampered_data(pub_b64, sig):
    assert "does not match the signed data" in _expect_bad(pub_b64, DATA + b"x", sig)
    flipped = bytearray(DATA)
    flipped[3] ^= 1
    _expect_bad(pub_b64, bytes(flipped), sig)


def test_tampered_trusted_comment(pub_b64, sig):
    tampered = sig.replace(COMMENT, COMMENT.replace("abc", "abd"))
    assert "trusted comment" in _expect_bad(pub_b64, DATA, tampered)


def test_untrusted_comment_is_not_authenticated(pub_b64, sig):
    changed = sig.replace("signature from fieldnotes", "anything at all")
    assert minisign.verify(pub_b64, DATA, changed) == COMMENT


def test_other_key_refused(sig):
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    # same key id, different key: the signature check fails
    assert "does not match" in _expect_bad(minisign.public_key_b64(KEY_ID, other), DATA, sig)
    # different key id: refused before any maths
    other_id = minisign.public_key_b64(b"\x09" * 8, other)
    assert "different key" in _expect_bad(other_id, DATA, sig)


def test_legacy_non_prehashed_refused(key, pub_b64):
    legacy_sig = key.sign(DATA)
    global_sig = key.sign(legacy_sig + COMMENT.encode())
    text = (
        "untrusted comment: legacy\n"
        + base64.b64encode(b"Ed" + KEY_ID + legacy_sig).decode()
        + "\ntrusted comment: "
        + COMMENT
        + "\n"
        + base64.b64encode(global_sig).decode()
        + "\n"
    )
    assert "old minisign format" in _expect_bad(pub_b64, DATA, text)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: "",
        lambda s: s.split("\n", 1)[1],  # no untrusted comment line
        lambda s: s.replace("untrusted comment: ", "comment: "),
        lambda s: s.replace("\ntrusted comment: ", "\ntrusted: "),
        lambda s: s + "extra line\n",
        lambda s: s.replace("\n", "\n\n"),
        lambda s: "\n".join(line[:-4] if i == 1 else line for i, line in enumerate(s.split("\n"))),
        lambda s: "\n".join(line[:-4] if i == 3 else line for i, line in enumerate(s.split("\n"))),
        lambda s: "\n".join(
            "!!" + line if i == 1 else line for i, line in enumerate(s.split("\n"))
        ),
        lambda s: "\n".join(
            base64.b64encode(b"XX" + base64.b64decode(line)[2:]).decode() if i == 1 else line
            for i, line in enumerate(s.split("\n"))
        ),
        lambda s: s * 400,
    ],
)
def test_malformed_signatures(pub_b64, sig, mangle):
    _expect_bad(pub_b64, DATA, mangle(sig))


def test_flipping_any_signature_byte_fails(pub_b64, sig):
    lines = sig.split("\n")
    for line_no in (1, 3):
        raw = bytearray(base64.b64decode(lines[line_no]))
        for i in range(len(raw)):
            raw[i] ^= 0x20
            mangled = list(lines)
            mangled[line_no] = base64.b64encode(bytes(raw)).decode()
            raw[i] ^= 0x20
            _expect_bad(pub_b64, DATA, "\n".join(mangled))


def test_public_key_parse_and_file_text(key):
    pub = key.public_key().public_bytes_raw()
    b64 = minisign.public_key_b64(KEY_ID, pub)
    assert b64.startswith("RW")
    assert minisign.parse_public_key(b64) == (KEY_ID, pub)
    text = minisign.public_key_file_text(KEY_ID, pub)
    assert text == f"untrusted comment: minisign public key 807060504030201\n{b64}\n"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "RW",
        "not base64 at all",
        base64.b64encode(b"Ed" + b"x" * 39).decode(),
        base64.b64encode(b"XY" + b"x" * 40).decode(),
        "RWQ\u00e9" * 10,
    ],
)
def test_parse_public_key_refuses(bad):
    with pytest.raises(BadSignature) as info:
        minisign.parse_public_key(bad)
    assert_user_message(info.value)


def test_sign_refuses_multiline_comments(key):
    with pytest.raises(ValueError):
        minisign.sign(key, KEY_ID, DATA, "two\nlines")
    with pytest.raises(ValueError):
        minisign.sign(key, KEY_ID, DATA, "ok", untrusted_comment="a\rb")
    with pytest.raises(ValueError):
        minisign.sign(key, b"short", DATA, "ok")
    with pytest.raises(ValueError):
        minisign.sign(key, KEY_ID, DATA, "x" * 9000)


def test_key_id_hex_matches_minisign_printf_without_padding():
    """minisign prints the key id with %PRIX64: a key id whose top byte is zero has no leading
    zeros (this once made an interop test fail one time in sixteen)."""
    from crypto import minisign as m

    assert m.key_id_hex(bytes([0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01])) == "123456789ABCDEF"
    assert m.key_id_hex(bytes([1, 0, 0, 0, 0, 0, 0, 0])) == "1"
