"""This vault's identity as others see it, and contacts: other people's public cards.

A contact is the card of someone we exchange bundles with (a coordinator a researcher sends to,
a researcher a coordinator accepts bundles from). It is stored under its fingerprint, which
covers both of its keys, so two cards with the same fingerprint have the same keys: re-adding a
card changes nothing. A contact is trusted only once the user has compared the fingerprint with
its owner (read aloud, QR code) and marked it verified; a revoked contact is never trusted again.
Every change appends an audit entry in the same transaction.
"""

from __future__ import annotations

import json

from crypto import errors as cerr
from crypto.identity import Identity, PublicCard, normalize_fingerprint
from fieldnotes import audit, userfiles
from fieldnotes.errors import (
    BundleRejected,
    NotFound,
    Refused,
    ValidationError,
    VaultDamaged,
    crypto_sentence,
)
from fieldnotes.i18n import N_, _
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import transaction

_COLUMNS = "fingerprint, name, verified, revoked, added, card"
CARD_LIMIT = 8192  # bytes: far above a card's size


def read_card_file(path) -> str:
    """The text of a card file the person chose (parsed by :func:`parse_card`)."""
    return userfiles.read_text(path, CARD_LIMIT + 1, not_text=_("{path} is not a Fieldnotes card."
                                                            ).format(path=path))


def own_identity(conn) -> Identity:
    """The vault's secret keys, read through ``conn`` (so worker threads use their own)."""
    row = conn.execute("SELECT secret FROM identity WHERE id = 1").fetchone()
    if row is None:
        raise VaultDamaged(_("vault.db has no identity; the vault is damaged."))
    try:
        return Identity.from_secret_dict(json.loads(row[0]))
    except (cerr.CryptoError, ValueError):
        raise VaultDamaged(_("The vault's identity keys are damaged.")) from None


def own_fingerprint(conn) -> str:
    row = conn.execute("SELECT fingerprint FROM identity WHERE id = 1").fetchone()
    if row is None:
        raise VaultDamaged(_("vault.db has no identity; the vault is damaged."))
    return row[0]


def compact(fingerprint: str) -> str:
    """40 digits from a fingerprint typed with or without spaces; ValidationError otherwise."""
    try:
        return normalize_fingerprint(fingerprint)
    except cerr.CardError as exc:
        raise ValidationError(crypto_sentence(exc)) from None


def grouped(fingerprint: str) -> str:
    """``04217 88310 …``: the form people read aloud."""
    return " ".join(fingerprint[i:i + 5] for i in range(0, len(fingerprint), 5))


def named(name: str | None, fingerprint: str) -> str:
    """``Amina · 04217 88310 …``: a person in a report, the same way on every line."""
    return "{name} · {fpr}".format(name=name or "?", fpr=grouped(fingerprint or ""))


def parse_card(card_text: str) -> PublicCard:
    try:
        return PublicCard.parse(card_text)
    except cerr.CardError as exc:
        raise BundleRejected(crypto_sentence(exc)) from None


def _row(row) -> dict:
    fpr, name, verified, revoked, added, card = row
    return {"fingerprint": fpr, "name": name, "verified": bool(verified),
            "revoked": bool(revoked), "added": added, "card": card}


def add_contact(conn, card_text: str, verified: bool = False) -> str:
    """Store a card; returns its 40-digit fingerprint. Adding the same card again changes
    nothing (except marking it verified when asked); our own card and revoked cards are
    refused."""
    card = parse_card(card_text)
    fpr = card.fingerprint_compact
    if fpr == own_fingerprint(conn):
        raise Refused(_("This is your own card; add the cards of the people you exchange bundles with."))
    with transaction(conn):
        row = conn.execute("SELECT verified, revoked FROM contacts WHERE fingerprint = ?",
                           (fpr,)).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO contacts(fingerprint, name, card, verified, revoked, added) "
                "VALUES(?, ?, ?, ?, 0, ?)",
                (fpr, card.name, card.to_text(), int(verified), utc_now()))
            audit.append(conn, "contact.added", None,
                         {"fingerprint": fpr, "verified": bool(verified)})
        elif row[1]:
            raise Refused(_("You revoked this contact; a revoked card cannot be added again."))
        elif verified and not row[0]:
            _set(conn, fpr, "verified", "contact.verified")
    return fpr


def get_contact(conn, fingerprint: str) -> dict:
    fpr = compact(fingerprint)
    row = conn.execute(f"SELECT {_COLUMNS} FROM contacts WHERE fingerprint = ?",
                       (fpr,)).fetchone()
    if row is None:
        raise NotFound(_("There is no contact with the fingerprint {fingerprint}.").format(
            fingerprint=grouped(fpr)))
    return _row(row)


def list_contacts(conn) -> list[dict]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM contacts ORDER BY name COLLATE NOCASE, "
                        "fingerprint").fetchall()
    return [_row(r) for r in rows]


def _set(conn, fpr: str, column: str, action: str) -> None:
    conn.execute(f"UPDATE contacts SET {column} = 1 WHERE fingerprint = ?", (fpr,))
    audit.append(conn, action, None, {"fingerprint": fpr})


def verify_contact(conn, fingerprint: str) -> None:
    """Mark a contact's fingerprint as compared with its owner: from now on it is trusted."""
    with transaction(conn):
        contact = get_contact(conn, fingerprint)
        if contact["revoked"]:
            raise Refused(_("This contact has been revoked and cannot be trusted again."))
        if not contact["verified"]:
            _set(conn, contact["fingerprint"], "verified", "contact.verified")


def revoke_contact(conn, fingerprint: str) -> None:
    """Never trust this card again: its bundles and receipts are refused, nothing is sent
    to it. The contact stays listed (as revoked) so it cannot be added back by mistake."""
    with transaction(conn):
        contact = get_contact(conn, fingerprint)
        if not contact["revoked"]:
            _set(conn, contact["fingerprint"], "revoked", "contact.revoked")


def _short(name: str) -> str:
    return name if len(name) <= 40 else name[:39] + "…"


_SIGNER_SENTENCES = {
    ("bundle", "unknown"): N_("This bundle was signed by {fingerprint}, which is not among your "
                              "verified contacts."),
    ("bundle", "revoked"): N_("This bundle was signed by {name}, whose card you have revoked."),
    ("bundle", "unverified"): N_("This bundle was signed by {name}, whose fingerprint you have "
                                 "not verified yet."),
    ("receipt", "unknown"): N_("This receipt was signed by {fingerprint}, which is not among "
                               "your verified contacts."),
    ("receipt", "revoked"): N_("This receipt was signed by {name}, whose card you have revoked."),
    ("receipt", "unverified"): N_("This receipt was signed by {name}, whose fingerprint you have "
                                  "not verified yet."),
}


def trusted_signer(conn, fingerprint: str, what: str = "bundle") -> tuple[dict, PublicCard]:
    """The contact who signed a bundle or receipt, if verified and not revoked; otherwise
    BundleRejected naming the fingerprint."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM contacts WHERE fingerprint = ?",
                       (fingerprint,)).fetchone()
    if row is None:
        raise BundleRejected(_(_SIGNER_SENTENCES[what, "unknown"]).format(
            fingerprint=grouped(fingerprint)))
    contact = _row(row)
    standing = _standing(contact)
    if standing:
        raise BundleRejected(_(_SIGNER_SENTENCES[what, standing]).format(
            name=_short(contact["name"])))
    return contact, parse_card(contact["card"])


def _standing(contact: dict) -> str | None:
    """None for a contact we may trust, else "revoked" or "unverified"."""
    if contact["revoked"]:
        return "revoked"
    return None if contact["verified"] else "unverified"


def recipients(conn, fingerprints: list[str]) -> list[dict]:
    """The contacts to encrypt a bundle to: each verified and not revoked (else Refused,
    naming which). Duplicates are dropped, order kept."""
    if not fingerprints:
        raise ValidationError(_("Choose at least one recipient."))
    out: list[dict] = []
    for text in fingerprints:
        contact = get_contact(conn, text)
        if any(c["fingerprint"] == contact["fingerprint"] for c in out):
            continue
        name = _short(contact["name"])
        standing = _standing(contact)
        if standing == "revoked":
            raise Refused(_("{name} has been revoked; nothing can be sent to a revoked contact.").format(name=name))
        if standing == "unverified":
            raise Refused(_("Verify the fingerprint of {name} before sending them a bundle.").format(name=name))
        out.append(contact)
    return out
