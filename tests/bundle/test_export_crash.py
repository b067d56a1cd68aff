"""An export killed at any moment: a bundle is at its final name only once its sending is
committed, the next export settles what the kill left (moves a committed bundle into place,
removes any other temporary file), and no revision is sent twice under two bundle ids.

The fast tests put a vault in each state a kill can leave and check the settling; the slow
kill loop kills real export processes with SIGKILL, at random moments and at the two narrow
windows (after the commit, before the rename; after the rename, before the note is dropped).
"""

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

from fieldnotes.bundle import delivery, writer
from fieldnotes.errors import FieldnotesError
from fieldnotes.vault import Vault
from tests.bundle import helpers
from tests.conftest import PASS, ROOT


def _sent(v: Vault) -> dict[str, str]:
    return dict(v.conn.execute("SELECT DISTINCT bundle_id, sha256 FROM bundles_sent"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def _check_settled(v: Vault, folder: Path, names: list[str]) -> None:
    """After an export (which settles first): no temporary file, every bundle at a final name
    recorded as sent with its hash, every sent bundle at its final name, nothing sent twice."""
    assert _parts(folder) == []
    sent = _sent(v)
    present = {_sha(folder / n) for n in names if (folder / n).exists()}
    assert present == set(sent.values())
    twice = v.conn.execute("SELECT hash FROM bundle_revisions GROUP BY hash "
                           "HAVING count(*) > 1").fetchall()
    assert twice == []


def test_killed_after_the_commit_the_next_export_moves_it_into_place(pair, monkeypatch):
    helpers.populate(pair.r, pair.tmp, size=50_000)
    out = pair.tmp / "b.age"

    def killed(*args):
        raise KeyboardInterrupt  # stands for the kill: nothing after this point runs

    monkeypatch.setattr(delivery, "deliver", killed)
    with pytest.raises(KeyboardInterrupt):
        writer.export_bundle(pair.r, out, [pair.c_fpr], since_last=True)
    monkeypatch.undo()
    assert not out.exists() and len(_parts(pair.tmp)) == 1  # complete, under its temp name
    with pytest.raises(FieldnotesError, match="nothing to export"):
        writer.export_bundle(pair.r, pair.tmp / "c.age", [pair.c_fpr], since_last=True)
    _check_settled(pair.r, pair.tmp, ["b.age", "c.age"])
    assert out.exists() and not (pair.tmp / "c.age").exists()


def test_a_temp_file_nothing_committed_is_removed_by_the_next_export(pair):
    """The state of a kill while writing: the note and a partial temporary file."""
    helpers.populate(pair.r, pair.tmp, size=50_000)
    tmp = pair.tmp / ".b.age.1234abcd.part"
    tmp.write_bytes(os.urandom(1000))
    delivery.begin(pair.r.conn, "11111111-1111-4111-8111-111111111111", tmp,
                   pair.tmp / "b.age")
    writer.export_bundle(pair.r, pair.tmp / "c.age", [pair.c_fpr], since_last=True)
    _check_settled(pair.r, pair.tmp, ["b.age", "c.age"])
    assert not (pair.tmp / "b.age").exists()


def test_a_note_on_a_missing_drive_is_kept_until_it_is_back(pair):
    helpers.populate(pair.r, pair.tmp, size=50_000)
    gone = pair.tmp / "usb"
    delivery.begin(pair.r.conn, "11111111-1111-4111-8111-111111111111",
                   gone / ".b.age.1.part", gone / "b.age")
    assert delivery.reconcile(pair.r.conn) == []
    assert pair.r.conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'export.pending.%'"
                               ).fetchone()[0] == 1
    gone.mkdir()
    assert delivery.reconcile(pair.r.conn) == []
    assert pair.r.conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'export.pending.%'"
                               ).fetchone()[0] == 0


CHILD = textwrap.dedent("""
    import os, signal, sys
    from fieldnotes.bundle import delivery, writer
    from fieldnotes.vault import Vault

    path, out, to, aim = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if aim == "after-commit":
        delivery.deliver = die
    elif aim == "after-rename":
        delivery._forget = die
    v = Vault.open(path, sys.argv[5])
    print("open", flush=True)
    writer.export_bundle(v, out, [to], since_last=True)
    v.close()
""")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A researcher's vault with a case and 6 MiB of attachments, and the coordinator's
    fingerprint, closed: each kill works on a fresh copy."""
    tmp = tmp_path_factory.mktemp("exportkill")
    p = helpers.Pair(tmp)
    helpers.populate(p.r, tmp, size=6 << 20)
    to = p.c_fpr
    p.close()
    return tmp / "researcher", to


def _run_child(template, work: Path, aim: str, kill_at: float | None) -> tuple[int, float]:
    """(exit code, seconds the export ran) of one export process, killed after ``kill_at``
    seconds of export if given."""
    vault_dir = work / "vault"
    shutil.copytree(template[0], vault_dir)
    dest = work / "out"
    dest.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(vault_dir), str(dest / "b.age"),
                             template[1], aim, PASS], stdout=subprocess.PIPE, env=env)
    assert proc.stdout.readline() == b"open\n"  # the kill falls inside the export itself
    start = time.monotonic()
    if kill_at is not None:
        try:
            proc.wait(kill_at)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return proc.returncode, time.monotonic() - start


def _after_the_kill(work: Path) -> tuple[bool, bool]:
    """Check the vault as the kill left it, settle it with the next export, check again.
    Returns (was the bundle at its final name, was it recorded as sent) before settling."""
    dest = work / "out"
    v = Vault.open(work / "vault", PASS)
    try:
        sent = _sent(v)
        final = dest / "b.age"
        if final.exists():  # at its final name only once its sending is committed
            assert _sha(final) in sent.values()
        before = (final.exists(), bool(sent))
        to = v.conn.execute("SELECT fingerprint FROM contacts").fetchone()[0]
        try:
            writer.export_bundle(v, dest / "c.age", [to], since_last=True)
        except FieldnotesError as exc:
            assert "nothing to export" in str(exc)
        _check_settled(v, dest, ["b.age", "c.age"])
        return before
    finally:
        v.close()


@pytest.mark.slow
def test_kill_loop(template, tmp_path):
    code, whole = _run_child(template, tmp_path / "whole", "none", None)
    assert code == 0
    assert _after_the_kill(tmp_path / "whole") == (True, True)
    rng = random.Random(1337)
    outcomes = []
    for i in range(38):
        work = tmp_path / f"kill{i}"
        code, _ = _run_child(template, work, "none", rng.uniform(0, whole))
        outcomes.append(_after_the_kill(work) + (code,))
    for aim in ("after-commit", "after-rename"):
        for i in range(3):
            work = tmp_path / f"{aim}{i}"
            assert _run_child(template, work, aim, None)[0] == -signal.SIGKILL
            assert _after_the_kill(work) == ((False, True) if aim == "after-commit" else
                                             (True, True))
    # the random kills fell both before and after the bundle was complete
    assert any(not sent for _, sent, _ in outcomes)
    assert any(code == -signal.SIGKILL for _, _, code in outcomes)
