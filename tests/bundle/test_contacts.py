"""Contacts: other people's cards, trusted only once verified, revocable."""

from __future__ import annotations

import pytest

from fieldnotes import audit, contacts
from fieldnotes.errors import BundleRejected, NotFound, Refused, ValidationError
from tests.bundle import helpers
from tests.crypto.tooling import assert_user_message


def test_add_verify_revoke_list(make_vault):
    me, other = make_vault("me")[0], make_vault("other")[0]
    card = helpers.card(other)
    fpr = contacts.add_contact(me.conn, card)
    assert fpr == other.fingerprint and len(fpr) == 40
    assert contacts.add_contact(me.conn, card) == fpr  # idempotent
    got = contacts.get_contact(me.conn, contacts.grouped(fpr))
    assert {k: got[k] for k in ("fingerprint", "name", "verified", "revoked")} == {
        "fingerprint": fpr, "name": "Other", "verified": False, "revoked": False}
    assert got["card"] == card and got["added"]
    contacts.verify_contact(me.conn, contacts.grouped(fpr))
    contacts.verify_contact(me.conn, fpr)
    assert contacts.list_contacts(me.conn)[0]["verified"] is True
    contacts.revoke_contact(me.conn, fpr)
    assert contacts.list_contacts(me.conn)[0]["revoked"] is True
    with pytest.raises(Refused, match="revoked"):
        contacts.verify_contact(me.conn, fpr)
    with pytest.raises(Refused, match="revoked"):
        contacts.add_contact(me.conn, card, verified=True)
    actions = [e["action"] for e in audit.entries(me.conn)]
    assert actions[-3:] == ["contact.added", "contact.verified", "contact.revoked"]
    details = [e["detail"] for e in audit.entries(me.conn)][-3:]
    assert all(d["fingerprint"] == fpr for d in details)


def test_adding_with_verified_and_again_to_verify(make_vault):
    me, other = make_vault("me")[0], make_vault("other")[0]
    fpr = contacts.add_contact(me.conn, helpers.card(other))
    assert not contacts.get_contact(me.conn, fpr)["verified"]
    contacts.add_contact(me.conn, helpers.card(other), verified=True)
    assert contacts.get_contact(me.conn, fpr)["verified"]


def test_refused_cards(make_vault):
    me, other = make_vault("me")[0], make_vault("other")[0]
    with pytest.raises(Refused, match="your own card"):
        contacts.add_contact(me.conn, helpers.card(me))
    card = helpers.card(other)
    bad_fpr = card.replace(card.split("fingerprint: ")[1][:5], "00000", 1)
    for text, match in ((bad_fpr, "does not match its keys"), ("hello", "not a valid"),
                        (card.replace("age1", "age2"), "age recipient")):
        with pytest.raises(BundleRejected, match=match) as err:
            contacts.add_contact(me.conn, text)
        assert_user_message(err.value)
    assert contacts.list_contacts(me.conn) == []


def test_unknown_and_malformed_fingerprints(vault):
    with pytest.raises(NotFound, match="no contact"):
        contacts.get_contact(vault.conn, "1" * 40)
    with pytest.raises(ValidationError, match="40 digits"):
        contacts.verify_contact(vault.conn, "12345")


def test_trusted_signer_messages(make_vault):
    me, other = make_vault("me")[0], make_vault("other")[0]
    fpr = other.fingerprint
    with pytest.raises(BundleRejected, match=f"signed by {contacts.grouped(fpr)}, which is not"):
        contacts.trusted_signer(me.conn, fpr)
    contacts.add_contact(me.conn, helpers.card(other))
    with pytest.raises(BundleRejected, match="not verified"):
        contacts.trusted_signer(me.conn, fpr, "receipt")
    contacts.verify_contact(me.conn, fpr)
    contact, card = contacts.trusted_signer(me.conn, fpr)
    assert card.fingerprint_compact == fpr and contact["name"] == "Other"
