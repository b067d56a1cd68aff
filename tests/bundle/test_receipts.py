"""Receipts: the coordinator confirms, the researcher marks delivered and purges."""

from __future__ import annotations

import pytest

from fieldnotes import audit, contacts, search
from fieldnotes.bundle import importer, receipts, writer
from fieldnotes.errors import BundleRejected, NotFound
from tests.bundle import helpers
from tests.crypto.tooling import assert_user_message
from tests.security.pages import decrypt_pages

MARK = "RECEIPT-PURGE-MARKER-Qzxjvbnkw"


def _deliver(pair, ids):
    b = writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], cases=[ids["case"]])
    importer.import_bundle(pair.c, pair.tmp / "b")
    rid = receipts.create_receipt(pair.c, b.bundle_id, pair.tmp / "receipt")
    return b, rid


def test_receipt_marks_delivered_and_purge_destroys_content(pair):
    ids = helpers.populate(pair.r, pair.tmp)
    s = helpers.store(pair.r)
    s.update(ids["public"], {"text": f"{MARK} secret detail"})
    b, rid = _deliver(pair, ids)
    assert pair.c.conn.execute("SELECT receipt FROM bundles_received").fetchone()[0] == rid
    s.update(ids["note"], {"text": "edited after the export"})  # not delivered any more

    result = receipts.import_receipt(pair.r, pair.tmp / "receipt")
    assert (result.bundle_id, result.receipt_id, result.signer) == (b.bundle_id, rid, pair.c_fpr)
    assert result.delivered_records == 9  # all ten but the note edited since
    assert pair.r.conn.execute("SELECT receipted FROM bundles_sent").fetchone()[0]
    again = receipts.import_receipt(pair.r, pair.tmp / "receipt")
    assert again.delivered_records == 9
    assert [e["action"] for e in audit.entries(pair.r.conn)][-2:] == ["receipt.imported"] * 2

    s.update(ids["event"], {"place": "Beijing"})  # edited after the receipt: not purged
    key, path = pair.r._key, pair.R.path
    assert receipts.delivered_count(pair.r.conn) == 7   # what the confirmation will say
    blob_keys = [bytes(k) for (k,) in pair.r.conn.execute("SELECT file_key FROM blobs")]
    assert len(blob_keys) == 2 and list((path / "blobs").rglob("*.*")) == []
    assert receipts.purge_delivered(pair.r) == 7  # the case stays: it has undelivered records
    assert receipts.delivered_count(pair.r.conn) == 0
    assert receipts.purge_delivered(pair.r) == 0
    st = helpers.store(pair.r)
    kept = {r["id"] for r in st.list(case_id=ids["case"])}
    assert kept == {ids["case"], ids["note"], ids["event"]}
    gone = st.get(ids["public"])
    assert gone["deleted"] and gone["data"] == {} and gone["head"]
    history = st.history(ids["public"])
    assert [h["hash"] for h in history] == [
        h["hash"] for h in helpers.store(pair.c).history(ids["public"])]
    assert search.search(pair.r.conn, "secret detail") == []
    for sha in (ids["sha"], ids["photo_sha"]):
        with pytest.raises(NotFound):
            helpers.blob(pair.r, sha)
    assert audit.verify(pair.r.conn) == []

    # Nothing readable is left, even to someone holding the key who decrypts every page.
    pair.r.close()
    plain = decrypt_pages((path / "vault.db").read_bytes(), key)
    assert MARK.encode() not in plain and b"qzxjvbnkw" not in plain
    assert b"edited after the export" in plain  # the decryption works
    # Crypto-erase: the attachments' keys are gone from every page, then their files.
    assert not any(k in plain for k in blob_keys)
    assert [p for p in (path / "blobs").rglob("*") if p.is_file()] == []
    pair.R.reopen()

    # Later bundles still chain onto what the coordinator holds.
    st = helpers.store(pair.r)
    extra = st.create("note", {"text": "more"}, ids["case"])
    writer.export_bundle(pair.r, pair.tmp / "b2", [pair.c_fpr], since_last=True)
    res = importer.import_bundle(pair.c, pair.tmp / "b2")
    assert res.added == 3 and res.gap is None  # the event's edit and the new note
    assert helpers.store(pair.c).get(extra)["data"]["text"] == "more"
    with pytest.raises(BundleRejected, match="receipt is not addressed to this vault"):
        receipts.import_receipt(pair.r, pair.tmp / "b2")  # a bundle is not a receipt


def test_whole_case_delivered_is_purged_with_its_case(pair):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": MARK})
    s.create("note", {"text": "n"}, case)
    b, _ = _deliver(pair, {"case": case})
    receipts.import_receipt(pair.r, pair.tmp / "receipt")
    assert receipts.purge_delivered(pair.r) == 2
    assert s.list("case") == []
    assert pair.r.conn.execute("SELECT count(*) FROM revisions WHERE purged = 1"
                               ).fetchone()[0] == 2
    # Purged stubs are never exported again.
    with pytest.raises(Exception, match="nothing to export"):
        writer.export_bundle(pair.r, pair.tmp / "again", [pair.c_fpr], everything=True)


def _refuses(pair, data: bytes, match: str):
    path = pair.tmp / "bad-receipt"
    path.write_bytes(data)
    state = helpers.db_state(pair.r)
    with pytest.raises(BundleRejected, match=match) as err:
        receipts.import_receipt(pair.r, path)
    assert_user_message(err.value)
    assert helpers.db_state(pair.r) == state


def _resign(pair, text: str, signer=None, to=None) -> bytes:
    body = text.split("untrusted comment: ")[0]
    values = dict(line.split(": ", 1) for line in body.splitlines()[1:])
    sig = (signer or pair.c.identity).sign_minisign(
        body.encode(), f"fieldnotes-receipt {values['receipt-id']} bundle {values['bundle-id']}")
    return helpers.encrypt((body + sig).encode(), to or pair.r)


def test_hostile_receipts(pair, make_vault):
    ids = helpers.populate(pair.r, pair.tmp, size=100)
    _deliver(pair, ids)
    genuine = (pair.tmp / "receipt").read_bytes()
    text = helpers.decrypt(genuine, pair.r).decode()
    stranger = make_vault("stranger")[0]

    flipped = bytearray(genuine)
    flipped[len(flipped) // 2] ^= 1
    _refuses(pair, bytes(flipped), "not a Fieldnotes receipt")
    _refuses(pair, b"hello", "not a Fieldnotes receipt")
    _refuses(pair, helpers.encrypt(text.encode(), stranger), "not addressed to this vault")
    _refuses(pair, helpers.encrypt(b"fieldnotes-receipt: 1\nnonsense", pair.r),
             "not a Fieldnotes receipt")
    sha_line = next(x for x in text.splitlines() if x.startswith("bundle-sha256: "))
    _refuses(pair, _resign(pair, text.replace(sha_line, "bundle-sha256: " + "0" * 64)),
             "does not match the bundle it names")
    _refuses(pair, helpers.encrypt(text.replace(sha_line, "bundle-sha256: " + "0" * 64)
                                   .encode(), pair.r), "signature is not valid")
    _refuses(pair, _resign(pair, text.replace(pair.c.fingerprint, stranger.fingerprint),
                           signer=stranger.identity), "not among your verified contacts")
    bid = next(x for x in text.splitlines() if x.startswith("bundle-id: "))
    _refuses(pair, _resign(pair, text.replace(bid, "bundle-id: " + "1" * 8 + "-1111-4111-8111-"
                                              + "1" * 12)), "did not send to its signer")
    _refuses(pair, _resign(pair, text.replace(pair.r.fingerprint, stranger.fingerprint)),
             "this vault did not send")
    contacts.revoke_contact(pair.r.conn, pair.c_fpr)
    _refuses(pair, genuine, "whose card you have revoked")


def test_receipt_only_for_imported_bundles(pair):
    with pytest.raises(NotFound, match="No bundle"):
        receipts.create_receipt(pair.c, "00000000-0000-4000-8000-000000000000",
                                pair.tmp / "r")
    assert not (pair.tmp / "r").exists()
