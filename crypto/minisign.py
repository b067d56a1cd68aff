"""minisign-compatible signatures (prehashed "ED" algorithm only).

A bundle's ``tagmanifest-sha256.txt.minisig`` is checked by anyone with
``minisign -V -P <public key> -m tagmanifest-sha256.txt``. The formats, as
minisign 0.11 reads and writes them:

Public key: base64 of ``b"Ed" + key_id(8) + ed25519_public(32)`` (42 bytes).
The algorithm tag of a public key is always ``Ed``, even for prehashed
signatures. minisign prints the key id as the 8 bytes read as a
little-endian integer, in upper-case hex (so the bytes reversed).

Signature file, four lines::

    untrusted comment: <anything, not authenticated>
    base64(b"ED" + key_id(8) + Ed25519(BLAKE2b-512(data)))      (74 bytes)
    trusted comment: <text, authenticated>
    base64(Ed25519(signature(64) + trusted_comment_utf8))       (64 bytes)

We sign only with "ED" (BLAKE2b-512 prehash, so huge files need not be in
memory twice) and refuse the legacy non-prehashed "Ed" signatures when
verifying: we never produce them, so one that claims to be ours is forged or
damaged. Refusing them also removes any algorithm-confusion question.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .errors import N_, BadSignature

KEY_ALG = b"Ed"  # the tag in public keys
SIG_ALG_PREHASHED = b"ED"  # the tag in signatures we make and accept
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
COMMENT_MAX = 1024  # minisign's own limit for the untrusted comment line
TRUSTED_COMMENT_MAX = 8192  # and for the trusted comment
_MAX_SIGNATURE_TEXT = 16 * 1024

_MALFORMED_KEY = N_("The signing key is not a valid minisign public key.")
_MALFORMED_SIG = N_("The signature file is damaged or is not a minisign signature.")
_LEGACY = N_("The signature uses an old minisign format that Fieldnotes does not accept.")
_OTHER_KEY = N_("The signature was made with a different key.")
_INVALID = N_("The signature does not match the signed data.")
_COMMENT = N_("The signature's trusted comment has been altered.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, length: int, message: str) -> bytes:
    """Strict base64 decoding of exactly ``length`` bytes, else BadSignature(message)."""
    try:
        raw = base64.b64decode(text.strip().encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise BadSignature(message) from None
    if len(raw) != length:
        raise BadSignature(message)
    return raw


def _check_comment(text: str, limit: int, what: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str")
    if "\n" in text or "\r" in text or "\0" in text:
        raise ValueError(f"{what} must be a single line")
    if len(text.encode("utf-8")) > limit - 64:
        raise ValueError(f"{what} is too long")


def key_id_hex(key_id: bytes) -> str:
    """The key id as ``minisign`` prints it: the little-endian u64 in upper-case hex, without
    leading zeros (minisign formats it with ``%" PRIX64``, no padding)."""
    return format(int.from_bytes(key_id, "little"), "X")


def sign(
    signing_key: Ed25519PrivateKey,
    key_id: bytes,
    data: bytes,
    trusted_comment: str,
    untrusted_comment: str = "signature from fieldnotes",
) -> str:
    """Return the text of a ``.minisig`` file for ``data``."""
    if len(key_id) != 8:
        raise ValueError("key_id must be 8 bytes")
    _check_comment(trusted_comment, TRUSTED_COMMENT_MAX, "trusted comment")
    _check_comment(untrusted_comment, COMMENT_MAX, "untrusted comment")
    digest = hashlib.blake2b(data, digest_size=64).digest()
    signature = signing_key.sign(digest)
    global_signature = signing_key.sign(signature + trusted_comment.encode("utf-8"))
    return (
        f"{UNTRUSTED_PREFIX}{untrusted_comment}\n"
        f"{_b64(SIG_ALG_PREHASHED + key_id + signature)}\n"
        f"{TRUSTED_PREFIX}{trusted_comment}\n"
        f"{_b64(global_signature)}\n"
    )


def public_key_file_text(key_id: bytes, public: bytes) -> str:
    """The content of a ``minisign.pub`` file, as ``minisign -G`` writes it."""
    return (
        f"{UNTRUSTED_PREFIX}minisign public key {key_id_hex(key_id)}\n"
        f"{public_key_b64(key_id, public)}\n"
    )


def public_key_b64(key_id: bytes, public: bytes) -> str:
    """The one-line public key, as ``minisign -P`` accepts it."""
    if len(key_id) != 8 or len(public) != 32:
        raise ValueError("key_id must be 8 bytes and public 32 bytes")
    return _b64(KEY_ALG + key_id + public)


def parse_public_key(b64: str) -> tuple[bytes, bytes]:
    """``(key_id, ed25519_public)`` from the one-line base64 form; BadSignature if malformed."""
    if not isinstance(b64, str):
        raise BadSignature(_MALFORMED_KEY)
    raw = _unb64(b64, 42, _MALFORMED_KEY)
    if raw[:2] != KEY_ALG:
        raise BadSignature(_MALFORMED_KEY)
    return raw[2:10], raw[10:]


def _split_signature(signature_text: str) -> tuple[str, str, str]:
    """The three meaningful lines of a .minisig file: signature, trusted comment, global sig.

    Read as ``minisign -V`` reads it (LF or CRLF line ends; a comment line no longer than
    minisign's buffer; base64 lines with nothing around them), with one deliberate
    difference: minisign stops after the fourth line and ignores whatever follows, we refuse
    it — our signature files are exactly four lines, and anything after them was added by
    someone else. Every difference is listed in tests/crypto/test_minisign_differences.py.
    """
    if not isinstance(signature_text, str) or len(signature_text) > _MAX_SIGNATURE_TEXT:
        raise BadSignature(_MALFORMED_SIG)
    lines = signature_text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if len(lines) != 4:
        raise BadSignature(_MALFORMED_SIG)
    for line, limit in ((lines[0], COMMENT_MAX), (lines[2], TRUSTED_COMMENT_MAX)):
        if len(line.encode("utf-8", "surrogatepass")) + 1 >= limit:  # with its "\n"
            raise BadSignature(_MALFORMED_SIG)  # minisign: "comment too long"
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if not lines[0].startswith(UNTRUSTED_PREFIX) or not lines[2].startswith(TRUSTED_PREFIX):
        raise BadSignature(_MALFORMED_SIG)
    if any(line != line.strip() for line in (lines[1], lines[3])):
        raise BadSignature(_MALFORMED_SIG)  # minisign's base64 decoder allows no blanks
    return lines[1], lines[2][len(TRUSTED_PREFIX) :], lines[3]


def verify(public_key_b64: str, data: bytes, signature_text: str) -> str:
    """Check a minisign signature of ``data``; return its trusted comment.

    BadSignature (with a sentence saying which way it failed) if the key or
    signature is malformed, uses the legacy algorithm, was made by another
    key, does not match ``data``, or its trusted comment was altered.
    """
    key_id, public = parse_public_key(public_key_b64)
    signature_line, trusted_comment, global_line = _split_signature(signature_text)
    blob = _unb64(signature_line, 74, _MALFORMED_SIG)
    global_signature = _unb64(global_line, 64, _MALFORMED_SIG)
    algorithm, signed_key_id, signature = blob[:2], blob[2:10], blob[10:]
    if algorithm == KEY_ALG:
        raise BadSignature(_LEGACY)
    if algorithm != SIG_ALG_PREHASHED:
        raise BadSignature(_MALFORMED_SIG)
    if signed_key_id != key_id:
        raise BadSignature(_OTHER_KEY)
    try:
        verifier = Ed25519PublicKey.from_public_bytes(public)
    except ValueError:
        raise BadSignature(_MALFORMED_KEY) from None
    try:
        verifier.verify(signature, hashlib.blake2b(data, digest_size=64).digest())
    except InvalidSignature:
        raise BadSignature(_INVALID) from None
    try:
        verifier.verify(global_signature, signature + trusted_comment.encode("utf-8"))
    except (InvalidSignature, UnicodeEncodeError):
        raise BadSignature(_COMMENT) from None
    return trusted_comment
