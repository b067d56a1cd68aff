"""kill -9 at random moments of intake, recording, export, import and purge (and of the format-1
migration): every time, both vaults open, pass the full check, hold every acknowledged write,
and keep no file without its row."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from fieldnotes import attachments, audit
from fieldnotes.blobstore import layout, upkeep
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.bundle.helpers import befriend
from tests.conftest import PASS
from tests.store.test_migration import FIXTURE, KILLER, TOTAL, _check_migrated

ROOT = Path(__file__).resolve().parents[2]
KILLS = 32

WORKER = textwrap.dedent("""
    import hashlib, os, random, sys
    from pathlib import Path
    from fieldnotes import attachments
    from fieldnotes.blobstore import Appender
    from fieldnotes.bundle import importer, writer
    from fieldnotes.errors import FieldnotesError
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault
    r, c = Vault.open(sys.argv[1], sys.argv[2]), Vault.open(sys.argv[3], sys.argv[2])
    work, c_fpr, rng = Path(sys.argv[4]), sys.argv[5], random.Random(int(sys.argv[6]))
    s = Store(r.conn, r.fingerprint)
    case = s.list("case")[0]["id"]
    def say(*words):
        print(*words, flush=True)
    for i in range(10**9):
        op = rng.choice(["attach", "attach", "record", "bundle", "purge"])
        try:
            if op == "attach":
                src = work / "src.bin"
                src.write_bytes(os.urandom(rng.randrange(0, 1_500_000)))
                rid, sha = attachments.attach_file(s, case, src)
                say("A", rid, sha)
            elif op == "record":
                rec = Appender(s, case, f"rec{i}.wav")
                for k in range(rng.randrange(1, 40)):
                    rec.append(os.urandom(rng.randrange(1, 50_000)))
                    if k % 5 == 4:
                        say("S", rec.blob_id, rec.sync())
                att = rec.finish()
                say("A", att.id, att.sha256)
            elif op == "bundle":
                out = work / f"b{i}-{rng.random()}.bundle"
                res = writer.export_bundle(r, out, [c_fpr], since_last=True)
                say("E", res.bundle_id)
                importer.import_bundle(c, out)
                say("I", res.bundle_id)
            else:
                live = s.list("attachment", case)
                if live:
                    rid = rng.choice(live)["id"]
                    say("p", rid)
                    s.purge(rid)
                    say("P", rid)
        except FieldnotesError as exc:
            say("X", type(exc).__name__)
""")


def _run_once(r_path, c_path, work, c_fpr, seed) -> list[list[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(r_path), PASS, str(c_path), str(work), c_fpr,
         str(seed)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)))
    first = proc.stdout.readline()  # the first acknowledged operation: work is under way
    time.sleep(random.Random(seed).uniform(0.0, 2.5))
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    return [line.split() for line in (first + out).splitlines() if line.strip()]


def _files_match_rows(v: Vault) -> None:
    on_disk = {name for name, _ in layout.files(layout.folder_of(v.conn))}
    named = {n for (n,) in v.conn.execute("SELECT name FROM blobs WHERE name IS NOT NULL")}
    assert on_disk == named


@pytest.mark.slow
def test_kill_loop_loses_no_acknowledged_write(make_vault, tmp_path):
    r, _ = make_vault("researcher")
    c, _ = make_vault("coordinator")
    c_fpr, _ = befriend(r, c)
    Store(r.conn, r.fingerprint).create("case", {"title": "kill loop"})
    r_path, c_path = r.path, c.path
    r.close()
    c.close()
    work = tmp_path / "work"
    work.mkdir()
    held: dict[str, str] = {}      # attachment record -> sha256, acknowledged and not purged
    purged: set[str] = set()
    in_flight: set[str] = set()    # a purge begun but not acknowledged: either state is fine
    imported: set[str] = set()
    recovered = 0
    for k in range(KILLS):
        lines = _run_once(r_path, c_path, work, c_fpr, seed=k)
        recording: tuple[str, int] | None = None
        for words in lines:
            if words[0] == "A":
                held[words[1]] = words[2]
                recording = None
            elif words[0] == "S":
                recording = (words[1], int(words[2]))
            elif words[0] == "p":
                in_flight.add(words[1])
            elif words[0] == "P":
                in_flight.discard(words[1])
                held.pop(words[1], None)
                purged.add(words[1])
            elif words[0] == "I":
                imported.add(words[1])
        for bundle in work.glob("*.bundle"):
            bundle.unlink()
        with Vault.open(r_path, PASS) as rv:
            s = Store(rv.conn, rv.fingerprint)
            live = {a["id"]: a["data"]["sha256"] for a in s.list("attachment")}
            for rid, sha in held.items():
                if rid in in_flight and rid not in live:
                    continue
                assert live.get(rid) == sha, (k, rid)
                assert hashlib.sha256(attachments.read_all(rv.conn, sha)).hexdigest() == sha
            assert not purged & set(live)
            entries = [e for e in audit.entries(rv.conn) if e["action"] == "attachment.recovered"]
            new, recovered = entries[recovered:], len(entries)
            assert len(new) <= 1
            if recording is not None:  # killed while recording: its durable bytes survive,
                if new:                 # recovered at this unlock...
                    assert _detail(new[0])["kept_bytes"] >= recording[1]
                else:                   # ...or it had finished, only not said so yet
                    assert any(a["data"]["size"] >= recording[1] and a["id"] not in held
                               for a in s.list("attachment"))
            assert rv.conn.execute("SELECT count(*) FROM blobs WHERE state != 'sealed'"
                                   ).fetchone()[0] == 0
            rv.check_integrity()
            assert upkeep.check(rv.conn) == [], k
            assert audit.verify(rv.conn) == []
            _files_match_rows(rv)
        with Vault.open(c_path, PASS) as cv:
            got = {b for (b,) in cv.conn.execute("SELECT bundle_id FROM bundles_received")}
            assert imported <= got
            cv.check_integrity()
            assert upkeep.check(cv.conn) == [], k
            assert audit.verify(cv.conn) == []
            _files_match_rows(cv)
    assert len(held) + len(purged) >= KILLS // 2  # the loop really did work between kills


def _detail(entry):
    import json

    d = entry["detail"]
    return json.loads(d) if isinstance(d, str) else d


@pytest.mark.slow
def test_migration_killed_again_and_again_finishes(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(FIXTURE, old)
    rng = random.Random(7)
    for _ in range(8):
        at = rng.randrange(1, TOTAL)
        subprocess.run([sys.executable, "-c", KILLER, str(old), PASS, str(at)], cwd=ROOT,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    _check_migrated(old)
