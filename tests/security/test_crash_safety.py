"""A process killed in the middle of saving loses nothing it reported saved, and leaves a vault
that opens and passes PRAGMA integrity_check."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import os, sys
    from fieldnotes.vault import Vault
    from fieldnotes.records.store import Store
    from fieldnotes import attachments
    v = Vault.open(sys.argv[1], sys.argv[2])
    s = Store(v.conn, v.fingerprint)
    case = s.list("case")[0]["id"]
    i = 0
    while True:
        rid = s.create("note", {"text": f"note {i} " + "x" * 2000}, case)
        print(rid, flush=True)          # reported saved only after COMMIT returned
        if i % 7 == 0:
            big = os.path.join(sys.argv[3], "big.bin")
            with open(big, "wb") as fh:
                fh.write(os.urandom(3 << 20))
            rid, _ = attachments.attach_file(s, case, big)
            print(rid, flush=True)
        i += 1
""")


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [5, 23, 61])
def test_kill_during_saves_loses_nothing_reported(make_vault, tmp_path, kill_after):
    v, _ = make_vault(f"crash{kill_after}")
    Store(v.conn, v.fingerprint).create("case", {"title": "crash test"})
    path = v.path
    v.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), PASS, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True, env=env)
    reported = []
    for line in proc.stdout:
        reported.append(line.strip())
        if len(reported) >= kill_after:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reported += [ln.strip() for ln in proc.stdout.read().splitlines() if ln.strip()]
    with Vault.open(path, PASS) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        ids = {r[0] for r in again.conn.execute("SELECT id FROM records")}
        missing = [r for r in reported if r not in ids]
        assert missing == []
        from fieldnotes import audit

        assert audit.verify(again.conn) == []
        # No half-written attachment survives.
        assert again.conn.execute("SELECT count(*) FROM blobs WHERE sha256 IS NULL").fetchone()[0] == 0
