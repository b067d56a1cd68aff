"""Sizes: long record lines, the line limit, and memory that stays bounded whatever the size."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from fieldnotes import attachments
from fieldnotes.bundle import importer, layout, writer
from fieldnotes.errors import BundleRejected
from tests.bundle import helpers

ROOT = Path(__file__).resolve().parents[2]


def test_record_lines_longer_than_a_read_round_trip(pair, monkeypatch):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    text = ("证词" * 700_000) + "\x01\n" * 1000  # ~4 MB of UTF-8, escapes too
    t = s.create("testimony", {"text": text, "consent": {"scope": "publish_named"}}, case)
    writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], cases=[case])
    with monkeypatch.context() as m:  # the limit holds for a line spanning several reads
        m.setattr(layout, "MAX_LINE", 2 << 20)
        with pytest.raises(BundleRejected, match="Record line 2 of the bundle is longer"):
            importer.verify_bundle(pair.c, pair.tmp / "b")
    assert importer.import_bundle(pair.c, pair.tmp / "b").added == 2
    assert helpers.store(pair.c).get(t)["data"]["text"] == text


def test_line_longer_than_the_limit_is_refused(genuine, monkeypatch):
    monkeypatch.setattr(layout, "MAX_LINE", 300)
    genuine.C.refuses(genuine.bundle_path, "Record line 1 of the bundle is longer than "
                                           "Fieldnotes accepts")


def test_empty_attachment_and_many_small_ones(pair):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    for i in range(40):
        f = pair.tmp / f"f{i}"
        f.write_bytes(os.urandom(i * 37))  # the first is empty
        attachments.attach_file(s, case, f)
    res = writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], everything=True)
    assert res.attachments == 40
    result = importer.import_bundle(pair.c, pair.tmp / "b")
    assert result.attachments_added == 40 and result.added == 41


_CHILD = """
import json, sys, time
from pathlib import Path
from fieldnotes.vault import Vault
from fieldnotes.bundle import importer, writer
op, path, *rest = sys.argv[1:]
v = Vault.open(path, "correct horse battery staple")
Path("/proc/self/clear_refs").write_text("5")  # forget the key derivation's 64 MiB
if op == "export":
    writer.export_bundle(v, rest[0], [rest[1]], everything=True)
else:
    importer.import_bundle(v, rest[0])
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM")]
print(int(hwm[0].split()[1]) // 1024)
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_stays_bounded(pair):
    """128 MiB of attachments go out and in with a peak far below their size."""
    import subprocess

    s = helpers.store(pair.r)
    case = s.create("case", {"title": "big"})
    big = pair.tmp / "big.bin"
    with open(big, "wb") as fh:
        for _ in range(128):
            fh.write(os.urandom(1 << 20))
    attachments.attach_file(s, case, big)
    big.unlink()
    pair.r.close()
    pair.c.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    peaks = {}
    for op, args in (("export", [pair.R.path, pair.tmp / "b", pair.c_fpr]),
                     ("import", [pair.C.path, pair.tmp / "b"])):
        proc = subprocess.run([sys.executable, "-c", _CHILD, op, *map(str, args)],
                              capture_output=True, text=True, env=env, check=True)
        peaks[op] = int(proc.stdout.strip())
    pair.R.reopen()
    pair.C.reopen()
    assert helpers.store(pair.c).list(case_id=case)[0]["type"] == "case"
    assert all(p < 110 for p in peaks.values()), json.dumps(peaks)
