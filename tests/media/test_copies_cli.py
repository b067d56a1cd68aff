"""Metadata at intake and stripped working copies, through the real command line."""

from __future__ import annotations

import json

from fieldnotes import attachments
from fieldnotes.media import copies
from tests.media.synth import jpeg_with_metadata
from tests.media.test_metadata_strip import _encoded


def test_show_json_has_metadata_and_strip_links_a_working_copy(cli, tmp_path, qapp):
    photo = tmp_path / "gate.jpg"
    photo.write_bytes(jpeg_with_metadata(_encoded("JPG")))
    cli("init", "--name", "Researcher")
    case = cli("case", "add", "--title", "709").stdout.strip()
    original, original_sha = cli("attach", "--case", case, str(photo)).stdout.split()
    shown = json.loads(cli("show", original, "--json").stdout)["data"]
    assert shown["metadata"]["gps"] == {"lat": "48.858369", "lon": "2.294500"}
    assert shown["metadata"]["serial"] == "SN-0042-XYZ"

    copy_id, copy_sha = cli("strip", original).stdout.split()
    assert copy_sha != original_sha
    copy = json.loads(cli("show", copy_id, "--json").stdout)["data"]
    assert copy["working_copy_of"] == original
    assert copy["filename"] == "gate-working-copy.jpg"
    assert copy["metadata"] == {"orientation": 6}
    assert {"gps", "serial", "owner", "make", "xmp"} <= set(copy["stripped"])
    out = tmp_path / "copy.jpg"
    cli("save-attachment", copy_id, "-o", str(out))
    assert b"SN-0042" not in out.read_bytes() and b"Acme" not in out.read_bytes()
    # the original is untouched: same hash, same metadata, one revision
    again = json.loads(cli("show", original, "--json").stdout)
    assert again["data"] == shown and len(json.loads(cli("history", original, "--json").stdout)) == 1

    refused = cli("strip", copy_id, check=False)
    assert refused.returncode == 1 and "already a working copy" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_working_copies_are_listed_for_their_original(store, tmp_path, qapp):
    case = store.create("case", {"title": "c"})
    photo = tmp_path / "p.jpg"
    photo.write_bytes(jpeg_with_metadata(_encoded("JPG")))
    rid, _ = attachments.attach_file(store, case, photo)
    made, sha = copies.make_working_copy(store, rid)
    assert [r["id"] for r in copies.working_copies(store, rid)] == [made]
    assert b"Wang" not in attachments.read_all(store.conn, sha)
