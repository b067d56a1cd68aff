"""What a file refused as a bundle is, when that is cheap to tell: one sentence that names it
and says where it belongs, instead of only "This file is not a Fieldnotes bundle."

A coordinator's import queue gets whatever people drop on it: a researcher's contact card (the
file that lets the coordinator verify that researcher's bundles), an organisation setup file, a
receipt, a bundle made for someone else, a ZIP, a PDF, a photo. :func:`explain` looks at the
first bytes of a file the import refused at its outer (age) layer and, when it recognises what
it is, gives the sentence to show instead (and, for a card, the card's fingerprint, so the app
can offer to add it and have it verified exactly as the contacts screen does). Nothing here
trusts or changes anything: a card found here is only parsed; adding it is the caller's choice
and it is trusted only once its fingerprint is verified.

File kinds are told by their magic numbers (a dozen well-known ones, below): a library for it
would add a dependency to the frozen app for what a table does, and each kind needs its own
translated sentence anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crypto import envelope
from crypto import errors as cerr
from crypto.age_format import MAGIC
from fieldnotes import contacts, setup_file
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import N_, _, ngettext

_LOOK = 64 << 10  # bytes read from the start of the file: a card, an age header, a magic number
_ARMORED = b"-----BEGIN AGE ENCRYPTED FILE-----"
_RECEIPT = b"fieldnotes-receipt:"

_ARCHIVE = N_("This is a {kind} archive, not a bundle. If a bundle is inside it, extract it and "
              "import the bundle file.")
_KEEP_AS_ATTACHMENT = {
    "pdf": N_("This is a PDF document, not a bundle. To keep it in the vault, attach it to a "
              "record."),
    "image": N_("This is an image, not a bundle. To keep it in the vault, attach it to a "
                "record."),
    "media": N_("This is an audio or video file, not a bundle. To keep it in the vault, attach "
                "it to a testimony."),
}
# (offset, magic, kind): a kind in _KEEP_AS_ATTACHMENT, or an archive's name
_MAGIC = (
    (0, b"%PDF-", "pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image"), (0, b"\xff\xd8\xff", "image"),
    (0, b"GIF87a", "image"), (0, b"GIF89a", "image"), (0, b"II*\x00", "image"),
    (0, b"MM\x00*", "image"), (8, b"WEBP", "image"), (4, b"ftypheic", "image"),
    (0, b"ID3", "media"), (0, b"OggS", "media"), (0, b"fLaC", "media"), (8, b"WAVE", "media"),
    (4, b"ftyp", "media"), (0, b"\x1aE\xdf\xa3", "media"),
    (0, b"PK\x03\x04", "ZIP"), (0, b"PK\x05\x06", "ZIP"), (0, b"\x1f\x8b", "gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip"), (0, b"Rar!\x1a\x07", "RAR"),
)


@dataclass
class Kind:
    """A file recognised: the sentence to show, and a contact card's fingerprint (if it is
    one that can be added and verified)."""

    sentence: str
    card: str | None = None


def _refused_as_envelope(refusal: FieldnotesError) -> bool:
    """True when the import stopped at the outer layer: not age at all, or not for us."""
    said = str(refusal)
    return said in (_(envelope.NOT_A_BUNDLE), _(cerr.NotForThisIdentity.default_message))


def explain(conn, path, refusal: FieldnotesError) -> Kind | None:
    """What ``path`` is, if the import refused it at its outer layer and it is recognisable;
    None otherwise (the refusal's own sentence stands). Never raises for a file's content."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_LOOK)
    except OSError:
        return None
    if head.startswith(MAGIC) and _is_receipt(conn, path):  # ours decrypts, then is no tar
        return Kind(_("This is a receipt, not a bundle. The researcher it was made for opens it "
                      "with “Import a receipt…”."))
    if not _refused_as_envelope(refusal):
        return None
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"fieldnotes-card:"):
        return _card(conn, path)
    if text.startswith(setup_file.HEADER.encode()):
        return Kind(_("This is an organisation setup file, not a bundle. A researcher opens it "
                      "when creating their vault (“I have a setup file from my organisation…”)."))
    if head.startswith(MAGIC):
        return _age(head)
    if text.startswith(_ARMORED):
        return Kind(_("This is an age-encrypted file in text (armored) form, not a Fieldnotes "
                      "bundle: bundles are binary age files."))
    if head[257:262] == b"ustar":
        return Kind(_("This is an unencrypted tar archive, perhaps a bundle someone already "
                      "decrypted. Only a bundle as it was sent (encrypted) can be checked and "
                      "imported."))
    for offset, magic, kind in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            if kind in _KEEP_AS_ATTACHMENT:
                return Kind(_(_KEEP_AS_ATTACHMENT[kind]))
            return Kind(_(_ARCHIVE).format(kind=kind))
    return None


def _card(conn, path) -> Kind:
    try:
        card = contacts.parse_card(contacts.read_card_file(path))
    except FieldnotesError as exc:
        return Kind(_("This looks like a Fieldnotes contact card, not a bundle, but it cannot be "
                      "read: {reason}").format(reason=str(exc)))
    fpr = card.fingerprint_compact
    if fpr == contacts.own_fingerprint(conn):
        return Kind(_("This is your own contact card, not a bundle: it is the file you give "
                      "others so that they can verify your bundles."))
    row = conn.execute("SELECT verified, revoked FROM contacts WHERE fingerprint = ?",
                       (fpr,)).fetchone()
    if row and row[1]:
        return Kind(_("This is {name}'s contact card, not a bundle. You have revoked this card, "
                      "so their bundles are refused.").format(name=card.name))
    if row and row[0]:
        return Kind(_("This is {name}'s contact card, not a bundle. {name} is already one of "
                      "your verified contacts.").format(name=card.name))
    return Kind(_("This is {name}'s contact card, not a bundle. Add it to your contacts and "
                  "compare its fingerprint {fingerprint} with {name} before importing their "
                  "bundles.").format(name=card.name, fingerprint=contacts.grouped(fpr)),
                card=fpr)


def _stanzas(head: bytes) -> list[bytes]:
    """The types of an age header's recipient stanzas (X25519, scrypt, …)."""
    out = []
    for line in head.split(b"\n")[1:]:
        if line.startswith(b"---"):
            break
        if line.startswith(b"-> "):
            out.append(line.split(b" ")[1] if len(line.split(b" ")) > 1 else b"")
    return out


def _is_receipt(conn, path) -> bool:
    if Path(path).suffix.lower() == ".receipt":
        return True
    try:
        with open(path, "rb") as fh:
            start = envelope.first_plaintext(fh, contacts.own_identity(conn).age_secret(), 64)
    except (OSError, cerr.CryptoError, FieldnotesError):
        return False
    return start.startswith(_RECEIPT)


def _age(head: bytes) -> Kind | None:
    stanzas = _stanzas(head)
    x25519 = sum(s == b"X25519" for s in stanzas)  # others are grease (rage adds random ones) or unknown
    if b"scrypt" in stanzas:
        return Kind(_("This file is encrypted with a passphrase (age), not a Fieldnotes bundle: "
                      "bundles are encrypted to the recipient's card."))
    if x25519:
        return Kind(ngettext(
            "This file is encrypted for one recipient, and that is not this vault. Ask the "
            "sender to export it again to your card.",
            "This file is encrypted for {n} recipients, and none of them is this vault. Ask "
            "the sender to export it again to your card.", x25519).format(n=x25519))
    return None

