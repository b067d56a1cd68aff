"""A file dropped into the import queue that is not a bundle is named for what it is — a
contact card (whose, and what to do with it), a setup file, a receipt, an age file for someone
else, a ZIP, a PDF — in one sentence, in the log as in the queue, and nothing is changed."""

from __future__ import annotations

import pyrage
import pytest

from fieldnotes import contacts, i18n
from fieldnotes.bundle import receipts
from fieldnotes.desk import batch, importlog
from tests.bundle import helpers


def _one(desk, path) -> batch.Attempt:
    [attempt] = batch.import_many(desk.c, [path])
    assert attempt.status == batch.REFUSED
    return attempt


def test_a_strangers_card_is_named_with_its_fingerprint_and_offered(desk):
    card = desk.tmp / "stranger.card"
    card.write_text(helpers.card(desk.stranger))
    a = _one(desk, card)
    fpr = desk.stranger.fingerprint
    assert a.reason.startswith("This is Stranger's contact card, not a bundle.")
    assert contacts.grouped(fpr) in a.reason and "not a Fieldnotes bundle" not in a.reason
    assert a.card == fpr
    # Only said, not added: a card is trusted once its fingerprint is compared, never here.
    assert all(c["fingerprint"] != fpr for c in contacts.list_contacts(desk.c.conn))
    # The log keeps the sentence's code, so it reads in the reader's language later.
    [entry] = importlog.entries(desk.c.conn, limit=1)
    i18n.set_language("zh_TW")
    try:
        shown = importlog.reason_text(importlog.entries(desk.c.conn, limit=1)[0])
    finally:
        i18n.set_language("en")
    assert "Stranger" in shown and contacts.grouped(fpr) in shown and "contact card" not in shown
    assert entry["reason"] == a.reason


def test_a_known_contacts_card_and_our_own_say_so_and_offer_nothing(desk):
    theirs, ours = desk.tmp / "researcher.txt", desk.tmp / "me.card"
    theirs.write_text(helpers.card(desk.r))
    ours.write_text(helpers.card(desk.c))
    known, own = _one(desk, theirs), _one(desk, ours)
    assert "already one of your verified contacts" in known.reason and known.card is None
    assert own.reason.startswith("This is your own contact card") and own.card is None


def test_a_damaged_card_says_it_looks_like_one(desk):
    text = helpers.card(desk.stranger)
    fpr = contacts.grouped(desk.stranger.fingerprint)
    text = text.replace(fpr, fpr[:-1] + str((int(fpr[-1]) + 1) % 10))
    path = desk.tmp / "altered.card"
    path.write_text(text)
    a = _one(desk, path)
    assert a.reason.startswith("This looks like a Fieldnotes contact card") and a.card is None
    assert "fingerprint does not match" in a.reason


@pytest.mark.parametrize(("name", "data", "said"), [
    ("scan.pdf", b"%PDF-1.7\n" + b"0" * 100, "This is a PDF document"),
    ("bundles.zip", b"PK\x03\x04" + b"0" * 100, "This is a ZIP archive"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "This is an image"),
    ("talk.m4a", b"\0\0\0\x20ftypM4A " + b"0" * 100, "This is an audio or video file"),
    ("opened.tar", b"x" * 257 + b"ustar\x0000" + b"0" * 300, "unencrypted tar archive"),
    ("armored.age", b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n", "armored"),
])
def test_common_wrong_files_are_named(desk, name, data, said):
    path = desk.tmp / name
    path.write_bytes(data)
    assert said in _one(desk, path).reason


def test_age_files_for_someone_else_or_a_passphrase(desk):
    other = pyrage.x25519.Identity.generate().to_public()
    two = desk.tmp / "for-two.bundle"
    two.write_bytes(pyrage.encrypt(b"x", [other, pyrage.x25519.Identity.generate().to_public()]))
    one = desk.tmp / "for-one.age"
    one.write_bytes(pyrage.encrypt(b"x", [other]))
    secret = desk.tmp / "secret.age"
    secret.write_bytes(pyrage.passphrase.encrypt(b"x", "pass"))
    assert "encrypted for 2 recipients, and none of them is this vault" in _one(desk, two).reason
    assert "encrypted for one recipient, and that is not this vault" in _one(desk, one).reason
    assert "encrypted with a passphrase" in _one(desk, secret).reason


def test_a_receipt_is_named_whoever_it_is_for(desk):
    helpers.store(desk.r).create("case", {"title": "for a receipt"})
    bundle = desk.export()
    [taken] = batch.import_many(desk.c, [bundle])
    made = desk.tmp / "back.receipt"
    receipts.create_receipt(desk.c, taken.bundle_id, made)
    assert "This is a receipt, not a bundle." in _one(desk, made).reason   # not for us
    renamed = desk.tmp / "r.bundle"
    made.rename(renamed)
    [a] = batch.import_many(desk.r, [renamed])                              # for us: read
    assert "This is a receipt, not a bundle." in a.reason


def test_a_plain_text_file_keeps_the_general_sentence(desk):
    path = desk.tmp / "notes.txt"
    path.write_text("a file dropped by mistake")
    assert _one(desk, path).reason == "This file is not a Fieldnotes bundle."
