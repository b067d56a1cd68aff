"""A vault's identity (secret keys) and its public card.

An :class:`Identity` is an Ed25519 signing key (minisign signatures on
bundles and receipts) plus an age X25519 key pair (bundles are encrypted to
it). The secret half is kept only inside the encrypted vault, through
:meth:`Identity.to_secret_dict`.

A :class:`PublicCard` is what others need: a display name, the signing key in
minisign form and the ``age1...`` recipient, plus a fingerprint people can
read aloud to each other to confirm the card is genuine. The card text::

    fieldnotes-card: 1
    name: Amina K.
    minisign-public-key: RWS...
    age-recipient: age1...
    fingerprint: 04217 88310 55902 13874 60021 99513 20476 31158

The fingerprint covers both keys but NOT the name: the name is a label the
sender chose, which a recipient may change for themselves. Two cards with the
same keys have the same fingerprint.

The minisign key id is derived from the public key (first 8 bytes of
SHA-256(b"fieldnotes-keyid" + public)) instead of being random, so it never
needs storing and cannot disagree with the key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from . import minisign
from .age_writer import recipient_key
from .errors import N_, BadSignature, CardError, IdentityDamaged

CARD_VERSION = "1"
NAME_MAX = 100
_CARD_MAX_CHARS = 4096
_CARD_FIELDS = ("name", "minisign-public-key", "age-recipient", "fingerprint")
_ZW_JOINERS = {"\u200c", "\u200d"}  # needed to spell names in Persian, Indic scripts...

_NOT_A_CARD = N_("This is not a valid Fieldnotes card.")
_BAD_NAME = N_("The name must be 1 to 100 characters, without control characters.")
_BAD_FINGERPRINT = N_("A fingerprint is 40 digits (8 groups of 5).")
_MISMATCH = N_("The card's fingerprint does not match its keys.")


def check_name(name: object) -> str:
    """The NFC-normalised, trimmed name; CardError if empty, too long or has control chars.

    Control and format characters are refused (they could hide or reorder
    text, e.g. right-to-left overrides), except the zero-width (non-)joiners
    that some scripts need.
    """
    if not isinstance(name, str):
        raise CardError(_BAD_NAME)
    name = unicodedata.normalize("NFC", name).strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise CardError(_BAD_NAME)
    for ch in name:
        category = unicodedata.category(ch)
        if (category[0] == "C" or category in ("Zl", "Zp")) and ch not in _ZW_JOINERS:
            raise CardError(_BAD_NAME)
    return name


def _canonical_recipient(text: str) -> str:
    """The recipient as age writes it; CardError if it is not one, or is a low-order point
    (which ``age -r`` refuses too: a file for it could be read by anyone)."""
    try:
        canonical = str(pyrage.x25519.Recipient.from_str(text))
    except Exception:  # pyrage.RecipientError and anything odd from the parser
        raise CardError(N_("The card's age recipient is not valid.")) from None
    recipient_key(canonical)  # CardError for a low-order point
    return canonical


@dataclass(frozen=True)
class PublicCard:
    name: str
    ed25519_public: bytes
    age_recipient: str

    def __post_init__(self) -> None:
        if not isinstance(self.ed25519_public, bytes) or len(self.ed25519_public) != 32:
            raise ValueError("ed25519_public must be 32 bytes")
        if not isinstance(self.age_recipient, str) or not self.age_recipient.isascii():
            raise ValueError("age_recipient must be an age1... string")

    @cached_property
    def key_id(self) -> bytes:
        return hashlib.sha256(b"fieldnotes-keyid" + self.ed25519_public).digest()[:8]

    @cached_property
    def fingerprint_compact(self) -> str:
        digest = hashlib.sha512(
            b"fieldnotes-card-v1" + self.ed25519_public + self.age_recipient.encode("ascii")
        ).digest()
        groups = [int.from_bytes(digest[i * 5 : i * 5 + 5], "big") % 100000 for i in range(8)]
        return "".join(f"{g:05d}" for g in groups)

    @property
    def fingerprint(self) -> str:
        """8 groups of 5 digits, e.g. ``04217 88310 ...``: about 133 bits."""
        compact = self.fingerprint_compact
        return " ".join(compact[i : i + 5] for i in range(0, 40, 5))

    @property
    def minisign_public_key(self) -> str:
        return minisign.public_key_b64(self.key_id, self.ed25519_public)

    def to_text(self) -> str:
        return (
            f"fieldnotes-card: {CARD_VERSION}\n"
            f"name: {self.name}\n"
            f"minisign-public-key: {self.minisign_public_key}\n"
            f"age-recipient: {self.age_recipient}\n"
            f"fingerprint: {self.fingerprint}\n"
        )

    @staticmethod
    def parse(text: str) -> PublicCard:
        """Read a card; CardError for anything malformed or a fingerprint that does not match."""
        fields = _card_fields(text)
        name = check_name(fields["name"])
        try:
            key_id, public = minisign.parse_public_key(fields["minisign-public-key"])
            Ed25519PublicKey.from_public_bytes(public)
        except (BadSignature, ValueError):
            raise CardError(N_("The card's signing key is not valid.")) from None
        card = PublicCard(name, public, _canonical_recipient(fields["age-recipient"]))
        if key_id != card.key_id:
            raise CardError(N_("The card's signing key is not valid."))
        if normalize_fingerprint(fields["fingerprint"]) != card.fingerprint_compact:
            raise CardError(_MISMATCH)
        return card


def _card_fields(text: object) -> dict[str, str]:
    """Split card text into its fields, checking the header, names and duplicates."""
    if not isinstance(text, str) or len(text) > _CARD_MAX_CHARS:
        raise CardError(_NOT_A_CARD)
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    lines = [line for line in lines if line]
    header, _, version = lines[0].partition(":") if lines else ("", "", "")
    if header.strip() != "fieldnotes-card":
        raise CardError(_NOT_A_CARD)
    version = version.strip()
    if version != CARD_VERSION:
        if version.isascii() and version.isdigit():
            raise CardError(N_("This card was made by a newer version of Fieldnotes."))
        raise CardError(_NOT_A_CARD)
    fields: dict[str, str] = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in _CARD_FIELDS or key in fields:
            raise CardError(_NOT_A_CARD)
        fields[key] = value.strip()
    if set(fields) != set(_CARD_FIELDS):
        raise CardError(_NOT_A_CARD)
    return fields


def normalize_fingerprint(text: str) -> str:
    """The 40 digits of a fingerprint as typed or read: spaces and dashes ignored.

    Digits of any script are accepted (e.g. Persian ``۱۲۳``), since people
    type what their keyboard gives them. CardError if not exactly 40 digits.
    """
    if not isinstance(text, str) or len(text) > 200:
        raise CardError(_BAD_FINGERPRINT)
    digits = []
    for ch in text:
        if ch.isspace() or ch in "-\u2010\u2011\u2012\u2013\u2014":
            continue
        value = unicodedata.decimal(ch, None)
        if value is None:
            raise CardError(_BAD_FINGERPRINT)
        digits.append(str(value))
    if len(digits) != 40:
        raise CardError(_BAD_FINGERPRINT)
    return "".join(digits)


class Identity:
    """The secret keys of one vault. Keep instances short-lived and in memory only."""

    def __init__(
        self, name: str, signing_key: Ed25519PrivateKey, age_identity: pyrage.x25519.Identity
    ) -> None:
        self.name = check_name(name)
        self.signing_key = signing_key
        self.age_identity = age_identity

    def __repr__(self) -> str:  # never show key material, even in a debugger or log
        return f"Identity(name={self.name!r}, fingerprint={self.card().fingerprint!r})"

    @staticmethod
    def generate(name: str) -> Identity:
        return Identity(name, Ed25519PrivateKey.generate(), pyrage.x25519.Identity.generate())

    def to_secret_dict(self) -> dict:
        """The secret keys as JSON-able data; store only inside the encrypted vault."""
        seed = self.signing_key.private_bytes_raw()
        return {
            "name": self.name,
            "ed25519_seed": base64.b64encode(seed).decode("ascii"),
            "age_secret": self.age_secret(),
        }

    @staticmethod
    def from_secret_dict(d: object) -> Identity:
        """Inverse of to_secret_dict; IdentityDamaged if anything is missing or invalid."""
        if not isinstance(d, dict):
            raise IdentityDamaged()
        try:
            seed = base64.b64decode(str(d["ed25519_seed"]).encode("ascii"), validate=True)
            signing_key = Ed25519PrivateKey.from_private_bytes(seed)
            age_identity = pyrage.x25519.Identity.from_str(str(d["age_secret"]))
        except (KeyError, ValueError, binascii.Error, UnicodeEncodeError, pyrage.IdentityError):
            raise IdentityDamaged() from None
        try:
            return Identity(d.get("name"), signing_key, age_identity)
        except CardError:
            raise IdentityDamaged() from None

    def card(self) -> PublicCard:
        public = self.signing_key.public_key().public_bytes_raw()
        return PublicCard(self.name, public, str(self.age_identity.to_public()))

    def age_secret(self) -> str:
        """The age secret key, ``AGE-SECRET-KEY-1...``, as age's key files hold it."""
        return str(self.age_identity)

    def sign_minisign(self, data: bytes, trusted_comment: str) -> str:
        """A ``.minisig`` text for ``data``, verifiable with this identity's card."""
        return minisign.sign(self.signing_key, self.card().key_id, data, trusted_comment)
