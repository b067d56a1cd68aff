"""Hostile bundles: each refused with its own clear sentence, the vault byte-for-byte unchanged.

Forged bundles are taken apart from a genuine one, changed at one layer, then signed again by a
real identity and encrypted again to the coordinator, so each failure happens at the layer under
test and not merely at the envelope.
"""

from __future__ import annotations

import hashlib
import json
import tarfile

import pytest

from fieldnotes import contacts
from fieldnotes.bundle import layout
from tests.bundle import helpers
from tests.bundle.helpers import Member
from tests.crypto.tooling import assert_user_message

DAMAGED = r"damaged or incomplete|not a Fieldnotes bundle|not addressed to this vault"


@pytest.fixture(scope="module")
def outsider(genuine):
    """A third identity: not a contact of the coordinator."""
    x = helpers.Party(genuine.tmp / "outsider", "Outsider")
    yield x
    x.v.close()


def _refused(genuine, data: bytes, match: str, verify: bool = True):
    err = genuine.C.refuses(genuine.write(data), match, verify=verify)
    assert_user_message(err)
    return err


# -- the envelope -------------------------------------------------------------------------

def _header_len(data: bytes) -> int:
    return data.index(b"\n--- ") + 1 + 4 + 43 + 1  # "--- " + base64 MAC + "\n"


@pytest.mark.parametrize("where", ["magic", "stanza", "mac", "nonce", "first", "middle", "last"])
def test_one_byte_flipped_in_each_region(genuine, where):
    data = bytearray(genuine.bundle)
    h = _header_len(data)
    offset = {"magic": 0, "stanza": 40, "mac": h - 10, "nonce": h + 3, "first": h + 16 + 100,
              "middle": len(data) // 2, "last": len(data) - 5}[where]
    data[offset] ^= 0x01
    _refused(genuine, bytes(data), DAMAGED)


@pytest.mark.parametrize("fraction", [0, 0.001, 0.01, 0.05, 0.2, 0.5, 0.9, 0.999])
def test_truncated(genuine, fraction):
    data = genuine.bundle
    cut = int(len(data) * fraction)
    _refused(genuine, data[:cut], DAMAGED)


@pytest.mark.parametrize("cut", ["header", "chunk", "last-byte"])
def test_truncated_at_boundaries(genuine, cut):
    data = genuine.bundle
    h = _header_len(data)
    at = {"header": h, "chunk": h + 16 + 65536 + 16, "last-byte": len(data) - 1}[cut]
    _refused(genuine, data[:at], DAMAGED)


@pytest.mark.parametrize("tail", [b"\x00", b"garbage", b"A" * 70000])
def test_trailing_garbage_after_the_envelope(genuine, tail):
    _refused(genuine, genuine.bundle + tail, DAMAGED)


def test_trailing_data_inside_the_archive(genuine):
    data = genuine.forge.build(genuine.forge.ordered(genuine.forge.files), tail=b"\x00hidden")
    _refused(genuine, data, "unexpected data after its end")


def test_bundle_for_another_vault(genuine, outsider):
    plain = helpers.decrypt(genuine.bundle, genuine.c)
    _refused(genuine, helpers.encrypt(plain, outsider.v), "^This bundle is not addressed to "
                                                          "this vault.$")


def test_encrypted_to_us_but_addressed_to_someone_else(genuine, outsider):
    f = genuine.forge
    info = f.info
    fake = layout.BagInfo(**{**info.__dict__, "recipients": [outsider.v.fingerprint],
                             "sequences": {outsider.v.fingerprint: 1},
                             "previous": {outsider.v.fingerprint: None}})
    data = f.build(info_lines=layout.make_bag_info(fake))
    _refused(genuine, data, "not addressed to this vault")


# -- the signer ---------------------------------------------------------------------------

def test_unknown_signer_is_named(genuine, outsider):
    fpr = outsider.v.fingerprint
    data = genuine.forge.build(sender=fpr, signer=outsider.v.identity)
    err = _refused(genuine, data, "not among your verified contacts")
    assert contacts.grouped(fpr) in str(err)


def test_unverified_and_revoked_signers(genuine, tmp_path):
    x = helpers.Party(tmp_path / "x", "Unverified Person")
    try:
        contacts.add_contact(genuine.c.conn, helpers.card(x.v))
        data = genuine.forge.build(sender=x.v.fingerprint, signer=x.v.identity)
        _refused(genuine, data, "Unverified Person, whose fingerprint you have not verified")
        contacts.verify_contact(genuine.c.conn, x.v.fingerprint)
        contacts.revoke_contact(genuine.c.conn, x.v.fingerprint)
        _refused(genuine, data, "whose card you have revoked")
    finally:
        x.v.close()


def test_signed_by_another_key_than_the_stated_sender(genuine, outsider):
    data = genuine.forge.build(signer=outsider.v.identity)
    _refused(genuine, data, "signature is not valid")


def test_signature_for_another_bundle(genuine):
    data = genuine.forge.build(comment=layout.trusted_comment(
        "00000000-0000-4000-8000-000000000000", genuine.r.fingerprint))
    _refused(genuine, data, "made for another bundle")


def test_tag_file_changed_after_signing(genuine):
    f = genuine.forge
    files = dict(f.files)
    files[layout.BAG_INFO] = files[layout.BAG_INFO].replace(b"Bag-Software-Agent: Fieldnotes",
                                                            b"Bag-Software-Agent: Fieldnotez")
    _refused(genuine, f.build(f.ordered(files)), "do not match its signed tag manifest")
    files = dict(f.files)
    files[layout.TAGMANIFEST] = files[layout.TAGMANIFEST].replace(b"bagit.txt", b"bagit.txT")
    _refused(genuine, f.build(f.ordered(files)), "signature is not valid")


def test_records_not_written_by_the_signer(genuine, outsider):
    f = genuine.forge
    case_line = json.loads(f.records[0])
    line = helpers.revision_line(
        {"id": "11111111-1111-4111-8111-111111111111", "type": "note",
         "case_id": case_line["record"]["id"], "deleted": False, "data": {"text": "forged"}},
        None, outsider.v.fingerprint)
    files = dict(f.files)
    files[layout.RECORDS] += line + b"\n"
    err = _refused(genuine, f.build(files=files), "not written by the bundle's signer")
    assert "Record line 13" in str(err)


# -- the tar's shape ----------------------------------------------------------------------

def _with(genuine, extra: Member, at: int | None = None) -> bytes:
    f = genuine.forge
    members = f.ordered(f.files)
    members.insert(len(members) if at is None else at, extra)
    return f.build(members)


def _att(genuine, key="sha") -> str:
    return layout.ATTACHMENTS + genuine.ids[key]


@pytest.mark.parametrize("member,match", [
    (Member("../escape", b"x"), "“..”"),
    (Member("data/../../escape", b"x"), "“..”"),
    (Member("/etc/cron.d/evil", b"x", absolute=True), "absolute path"),
    (Member("data/attachments/link", type=tarfile.SYMTYPE, linkname="/etc/passwd"), "link"),
    (Member("data/attachments/hard", type=tarfile.LNKTYPE, linkname="bagit.txt"), "link"),
    (Member("data/attachments/", type=tarfile.DIRTYPE), "folder entry"),
    (Member("data/attachments/dev", type=tarfile.CHRTYPE), "device"),
    (Member("data/attachments/fifo", type=tarfile.FIFOTYPE), "pipe"),
    (Member("data/x", b"x", fmt=tarfile.PAX_FORMAT, pax={"comment": "x"}), "pax"),
    (Member("data/attachments/" + "a" * 120, b"x", fmt=tarfile.GNU_FORMAT), "GNU long-name"),
    (Member("data/notes.txt", b"x"), "does not belong in a bundle"),
    (Member("other-folder/x", b"x", absolute=True), "not all in the one folder"),
])
def test_forbidden_members(genuine, member, match):
    _refused(genuine, _with(genuine, member, at=6), match)


def test_forbidden_member_before_the_tags(genuine):
    _refused(genuine, _with(genuine, Member("../x", b"x"), at=0), "“..”")


@pytest.mark.parametrize("dup", ["bagit", "records", "attachment"])
def test_duplicate_names(genuine, dup):
    f = genuine.forge
    members = f.ordered(f.files)
    index = {"bagit": 0, "records": 5, "attachment": 6}[dup]
    members.insert(index + 1, members[index])
    _refused(genuine, f.build(members), "same file twice")


def test_wrong_order(genuine):
    f = genuine.forge
    members = f.ordered(f.files)
    swapped = members[:5] + members[6:] + members[5:6]  # attachments before records.jsonl
    _refused(genuine, f.build(swapped), "not in the order of its manifest")
    sig_last = members[:4] + members[5:] + members[4:5]
    _refused(genuine, f.build(sig_last), "not in the expected order")
    atts = members[:6] + members[6:][::-1]
    _refused(genuine, f.build(atts), "not in the order of its manifest")


def test_attachment_hash_mismatch(genuine):
    f = genuine.forge
    files = dict(f.files)
    name = _att(genuine, "photo_sha")
    files[name] = bytes([files[name][0] ^ 1]) + files[name][1:]
    manifest = f.files[layout.MANIFEST]  # signed, but no longer true
    _refused(genuine, f.build(files=files, manifest=manifest), "attachment in the bundle does "
                                                               "not match its hash")


def test_records_hash_mismatch(genuine):
    f = genuine.forge
    manifest = f.files[layout.MANIFEST].replace(
        hashlib.sha256(f.files[layout.RECORDS]).hexdigest().encode(), b"0" * 64)
    _refused(genuine, f.build(manifest=manifest), "records do not match the hash")


def test_manifest_omits_a_file(genuine):
    f = genuine.forge
    keep = _att(genuine, "photo_sha")
    manifest = layout.make_manifest(hashlib.sha256(f.files[layout.RECORDS]).hexdigest(),
                                    [genuine.ids["photo_sha"]])
    info = layout.BagInfo(**{**f.info.__dict__, "payload_files": 2, "payload_bytes": len(
        f.files[layout.RECORDS]) + len(f.files[keep])})
    _refused(genuine, f.build(files=f.files, manifest=manifest,
                              info_lines=layout.make_bag_info(info)), "manifest does not list")


def test_file_listed_in_the_manifest_is_missing(genuine):
    f = genuine.forge
    members = f.ordered(f.files)
    _refused(genuine, f.build(members[:-1]), "missing a file listed in its manifest")
    _refused(genuine, f.build(members[:-2] + members[-1:]), "order of its manifest .or one is "
                                                            "missing")


def test_huge_declared_size(genuine):
    f = genuine.forge
    members = f.ordered(f.files)[:5]
    members.append(Member(layout.RECORDS, b"", size=8 ** 11 - 1))
    _refused(genuine, f.build(members), "declares a file larger than its payload allows")


def test_huge_payload_oxum(genuine):
    f = genuine.forge
    info = layout.make_bag_info(f.info).replace(
        f"Payload-Oxum: {f.info.payload_bytes}.".encode(), b"Payload-Oxum: 99999999999999.")
    _refused(genuine, f.build(info_lines=info), "payload larger than Fieldnotes accepts")


def test_payload_oxum_that_does_not_add_up(genuine):
    f = genuine.forge
    info = layout.make_bag_info(f.info).replace(
        f"Payload-Oxum: {f.info.payload_bytes}.".encode(),
        f"Payload-Oxum: {f.info.payload_bytes + 1}.".encode())
    _refused(genuine, f.build(info_lines=info), "Payload-Oxum does not match")


def test_newer_format_version(genuine):
    info = layout.make_bag_info(genuine.forge.info).replace(
        b"Fieldnotes-Format-Version: 1", b"Fieldnotes-Format-Version: 2")
    _refused(genuine, genuine.forge.build(info_lines=info), "newer version of Fieldnotes")


def test_folder_not_named_for_the_bundle(genuine):
    f = genuine.forge
    old, f.top = f.top, layout.top_folder("00000000-0000-4000-8000-000000000000")
    try:
        data = f.build(f.ordered(f.files))
    finally:
        f.top = old
    _refused(genuine, data, "not named for its bundle id")


def test_non_zero_padding_between_files(genuine):
    f = genuine.forge
    members = f.ordered(f.files)
    plain = bytearray(f.tar(members))
    plain[512 + len(f.files[layout.BAGIT])] = 0x41  # in the fill after bagit.txt
    _refused(genuine, helpers.encrypt(bytes(plain), genuine.c), "data between its files")


def test_damaged_tar_header_checksum(genuine):
    f = genuine.forge
    plain = bytearray(f.tar(f.ordered(f.files)))
    plain[100] ^= 1  # mode field of the first header
    _refused(genuine, helpers.encrypt(bytes(plain), genuine.c), "damaged header")


# -- the records --------------------------------------------------------------------------

def _records(genuine, extra: bytes, match: str, verify: bool = True):
    f = genuine.forge
    files = dict(f.files)
    files[layout.RECORDS] += extra
    _refused(genuine, f.build(files=files), match, verify=verify)


def test_invalid_record_lines(genuine):
    f = genuine.forge
    obj = json.loads(f.records[-1])
    obj["record"]["data"]["unknown"] = "x"
    _records(genuine, json.dumps(obj).encode() + b"\n", "Record line 13 of the bundle is not "
                                                        "a valid revision")
    _records(genuine, b"\n", "Record line 13 of the bundle is empty")
    _records(genuine, b'{"v": 1}', "does not end with a new line")


def test_record_continuing_an_unknown_history(genuine):
    case_id = json.loads(genuine.forge.records[0])["record"]["id"]
    line = helpers.revision_line({"id": "22222222-2222-4222-8222-222222222222", "type": "note",
                                  "case_id": case_id, "deleted": False, "data": {"text": "x"}},
                                 "ab" * 32, genuine.r.fingerprint)
    _records(genuine, line + b"\n", "earlier bundles first", verify=False)


def test_record_taking_the_id_of_a_local_record(genuine):
    local = helpers.store(genuine.c).create("case", {"title": "coordinator's own"})
    line = helpers.revision_line({"id": local, "type": "case", "case_id": local,
                                  "deleted": False, "data": {"title": "hijack"}},
                                 None, genuine.r.fingerprint)
    _records(genuine, line + b"\n", "came from somewhere else", verify=False)
    assert helpers.store(genuine.c).get(local)["data"]["title"] == "coordinator's own"


def test_attachment_record_without_its_bytes(genuine):
    f = genuine.forge
    files = {n: d for n, d in f.files.items() if n != _att(genuine, "photo_sha")}
    _refused(genuine, f.build(files=files), "lacks the bytes of an attachment", verify=False)


def test_record_referring_outside_its_case(genuine):
    """References must stay in the sender's case: to a record that is not there, or of the
    wrong kind, the bundle is refused."""
    from fieldnotes.records import vocab

    recs = [json.loads(line)["record"] for line in genuine.forge.records]
    case_id = recs[0]["case_id"]
    event = next(r["id"] for r in recs if r["type"] == "event")
    local = helpers.store(genuine.c).create("case", {"title": "coordinator's own"})
    local_person = helpers.store(genuine.c).create("person", {"name": "someone"}, local)
    role = next(iter(vocab.ROLES))  # links with right references import: test_roundtrip
    for n, wrong in enumerate(("33333333-3333-4333-8333-333333333333", event, local_person)):
        line = helpers.revision_line(
            {"id": f"4444444{n}-4444-4444-8444-444444444444", "type": "link", "case_id": case_id,
             "deleted": False, "data": {"person_id": wrong, "event_id": event,
                                        "role": role}},
            None, genuine.r.fingerprint)
        _records(genuine, line + b"\n", "refers to a record that is not in its case",
                 verify=False)


def test_genuine_bundle_still_imports_after_all_that(genuine):
    """Last in this module: the coordinator, after every refusal, takes the real bundle."""
    from fieldnotes.bundle import importer

    result = importer.import_bundle(genuine.c, genuine.bundle_path)
    assert result.added == 12 and result.attachments_added == 2
