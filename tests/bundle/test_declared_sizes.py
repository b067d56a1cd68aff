"""What a bundle's records declare must be what it brings: an attachment record whose size
differs from its bytes is refused, and a bundle with no records at all is refused (Fieldnotes
never makes one; it would only move the sender's sequence on, so it is not a heartbeat)."""

from __future__ import annotations

import json

from fieldnotes.bundle import layout
from tests.bundle import helpers
from tests.crypto.tooling import assert_user_message


def _rehashed(obj: dict) -> bytes:
    envelope = {k: v for k, v in obj.items() if k != "hash"}
    return helpers.revision_line(envelope["record"], envelope["parent"], envelope["author"],
                                 envelope["time"])


def _with_records(genuine, lines: list[bytes]) -> bytes:
    files = {**genuine.forge.files, layout.RECORDS: b"".join(x + b"\n" for x in lines)}
    return genuine.forge.build(files=files)


def test_an_attachment_record_whose_size_lies_is_refused(genuine):
    lines = list(genuine.forge.records)
    for delta in (1, -1):
        changed = list(lines)
        for i, line in enumerate(lines):
            obj = json.loads(line)
            if obj["record"]["type"] == "attachment" and not obj["record"]["deleted"]:
                obj["record"]["data"]["size"] += delta
                changed[i] = _rehashed(obj)
                break
        assert changed != lines
        err = genuine.C.refuses(genuine.write(_with_records(genuine, changed)),
                                "declares a size that differs from its bytes")
        assert_user_message(err)


def test_a_bundle_without_records_is_refused(genuine):
    files = {n: d for n, d in genuine.forge.files.items()
             if not n.startswith(layout.ATTACHMENTS)}
    files[layout.RECORDS] = b""
    err = genuine.C.refuses(genuine.write(genuine.forge.build(files=files)), "holds no records")
    assert_user_message(err)


def test_the_genuine_bundle_still_imports(genuine):
    from fieldnotes.bundle import importer

    result = importer.import_bundle(genuine.c, genuine.bundle_path)
    assert result.added == len(genuine.forge.records)
