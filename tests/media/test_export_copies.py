"""Export chooses, per recipient, originals or working copies; the bundle says which, and the
importer reports it. Markers and metadata travel with the attachment records."""

from __future__ import annotations

from fieldnotes import attachments
from fieldnotes.bundle import importer, writer
from fieldnotes.bundle.layout import COPIES_KEY
from fieldnotes.media import copies
from tests.bundle import helpers
from tests.media.synth import jpeg_with_metadata
from tests.media.test_metadata_strip import _encoded


def _researcher_with_a_photo(tmp_path):
    r = helpers.new_vault(tmp_path / "r", "Researcher")
    c = helpers.new_vault(tmp_path / "c", "Coordinator")
    c_fpr, _ = helpers.befriend(r, c)
    s = helpers.store(r)
    case = s.create("case", {"title": "709"})
    photo = tmp_path / "gate.jpg"
    photo.write_bytes(jpeg_with_metadata(_encoded("JPG")))
    original, original_sha = attachments.attach_file(s, case, photo)
    copy, copy_sha = copies.make_working_copy(s, original)
    return r, c, c_fpr, case, (original, original_sha), (copy, copy_sha)


def test_working_copies_go_instead_of_originals_and_the_importer_says_so(tmp_path, qapp):
    r, c, c_fpr, case, (original, original_sha), (copy, copy_sha) = \
        _researcher_with_a_photo(tmp_path)
    try:
        plan = writer.plan_export(r, [c_fpr], cases=[case], copies="working")
        assert [(o["id"], o["type"]) for o in plan.left_out] == [(original, "attachment")]
        assert "working copy" in plan.left_out[0]["reason"]
        out = tmp_path / "working.bundle"
        result = writer.export_bundle(r, out, [c_fpr], cases=[case], copies="working")
        assert result.attachments == 1
        got = importer.import_bundle(c, out)
        assert got.copies == "working"
        held = {rec["id"]: rec for rec in helpers.store(c).list("attachment")}
        assert set(held) == {copy}
        assert held[copy]["data"]["working_copy_of"] == original
        assert b"SN-0042" not in attachments.read_all(c.conn, copy_sha)
    finally:
        r.close(), c.close()


def test_originals_only_or_both_and_metadata_travels(tmp_path, qapp):
    r, c, c_fpr, case, (original, original_sha), (copy, _sha) = \
        _researcher_with_a_photo(tmp_path)
    try:
        plan = writer.plan_export(r, [c_fpr], cases=[case], copies="originals")
        assert [o["id"] for o in plan.left_out] == [copy]
        both = writer.plan_export(r, [c_fpr], cases=[case])
        assert both.left_out == [] and both.attachments == 2
        out = tmp_path / "originals.bundle"
        writer.export_bundle(r, out, [c_fpr], cases=[case], copies="originals")
        got = importer.import_bundle(c, out)
        assert got.copies == "originals"
        held = helpers.store(c).get(original)
        assert held["data"]["metadata"]["serial"] == "SN-0042-XYZ"
        assert attachments.read_all(c.conn, original_sha) == \
            attachments.read_all(r.conn, original_sha)
    finally:
        r.close(), c.close()


def test_bag_info_carries_the_choice_only_when_made(tmp_path):
    import uuid

    from fieldnotes.bundle import layout
    from fieldnotes.timeutil import utc_now

    info = layout.BagInfo(str(uuid.uuid4()), "1" * 40, ["2" * 40], {"2" * 40: 1},
                          {"2" * 40: None}, utc_now(), 10, 1, {COPIES_KEY: "working"})
    plain = layout.make_bag_info(layout.BagInfo(*[getattr(info, f) for f in (
        "bundle_id", "sender", "recipients", "sequences", "previous", "created",
        "payload_bytes", "payload_files")]))
    assert COPIES_KEY.encode() not in plain and COPIES_KEY not in layout.parse_bag_info(
        plain).extra
    text = layout.make_bag_info(info)
    assert b"Fieldnotes-Attachment-Copies: working\n" in text
    assert layout.parse_bag_info(text).extra[COPIES_KEY] == "working"
    import pytest

    from fieldnotes.errors import BundleRejected
    with pytest.raises(BundleRejected):
        layout.parse_bag_info(text.replace(b"working", b"sometimes"))
