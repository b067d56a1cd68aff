"""A format-1 vault (attachment chunks inside vault.db) migrates at unlock: numbered, resumable
after a kill, with progress, and with no attachment byte left in vault.db afterwards."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fieldnotes import attachments, audit, migrations
from fieldnotes.blobstore import layout, upkeep
from fieldnotes.errors import Cancelled, FieldnotesError
from fieldnotes.jobs import Job
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.fixtures.make_format1 import FILES, MARK, content
from tests.security.pages import decrypt_pages

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "vault-format1"
TOTAL = sum(n for _, n, _ in FILES)


@pytest.fixture
def old(tmp_path) -> Path:
    dest = tmp_path / "old"
    shutil.copytree(FIXTURE, dest)
    return dest


def _vault_key(path: Path) -> bytes:
    with Vault.open(path, PASS) as v:
        return v._key


def _check_migrated(path: Path) -> None:
    with Vault.open(path, PASS) as v:
        assert migrations.current_version(v.conn) == migrations.LATEST
        assert v.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
        assert v.conn.execute("SELECT count(*) FROM blobs WHERE name IS NULL").fetchone()[0] == 0
        s = Store(v.conn, v.fingerprint)
        held = {a["data"]["filename"]: a for a in s.list("attachment")}
        assert set(held) == {name for name, _, _ in FILES}
        for name, n, _ in FILES:
            data = content(name, n)
            assert held[name]["data"]["sha256"] == hashlib.sha256(data).hexdigest()
            assert attachments.read_all(v.conn, held[name]["data"]["sha256"]) == data
        assert upkeep.check(v.conn) == []
        assert audit.verify(v.conn) == []
        files = list(layout.files(layout.folder_of(v.conn)))
        assert len(files) == len(FILES)
        key = v._key
    plain = decrypt_pages((path / "vault.db").read_bytes(), key)
    assert MARK not in plain  # the chunks' pages were scrubbed and dropped
    assert b"Old testimony" in plain  # (the decryptor works on this file)


def test_fixture_is_format_1_with_its_bytes_inside_vault_db(tmp_path):
    """The positive control: before migration the attachment bytes are in vault.db's pages."""
    copy = tmp_path / "probe"
    shutil.copytree(FIXTURE, copy)
    plain = (copy / "vault.db").read_bytes()
    assert MARK not in plain  # encrypted at rest, of course
    from fieldnotes import vault as vault_mod
    conn = vault_mod._connect(copy / "vault.db", _fixture_key(copy))
    try:
        assert migrations.current_version(conn) == 3
        assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] >= 3
        key = _fixture_key(copy)
    finally:
        conn.close()
    assert MARK in decrypt_pages(plain, key)


def _fixture_key(path: Path) -> bytes:
    from crypto import keyslots

    return keyslots.load(path / "keyslots.json").unlock_with_passphrase(PASS)


def test_format_1_vault_migrates_at_unlock_with_progress(old):
    seen = []
    with Vault.open(old, PASS, job=Job(progress=lambda d, t: seen.append((d, t)))) as v:
        entries = [e for e in audit.entries(v.conn) if e["action"] == "vault.store_migrated"]
        assert len(entries) == 1
    assert seen[0] == (0, TOTAL) and seen[-1] == (TOTAL, TOTAL)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    assert len(seen) > len(FILES)  # inside a blob too, not only between them
    _check_migrated(old)
    assert not (old / "vault.db-wal").exists() or (old / "vault.db-wal").stat().st_size == 0


def test_cancelled_migration_changes_nothing_and_resumes(old):
    job = Job(progress=lambda d, t: job.cancel() if d > 1_000_000 else None)
    with pytest.raises(Cancelled):
        Vault.open(old, PASS, job=job)
    _check_migrated(old)


KILLER = textwrap.dedent("""
    import os, signal, sys
    from fieldnotes.jobs import Job
    from fieldnotes.vault import Vault
    at = int(sys.argv[3])
    def progress(done, total):
        if done >= at:
            os.kill(os.getpid(), signal.SIGKILL)
    Vault.open(sys.argv[1], sys.argv[2], job=Job(progress=progress))
""")


@pytest.mark.parametrize("kill_at", [1, 1_048_576, 1_300_000, 1_370_000, TOTAL])
def test_migration_killed_anywhere_resumes_at_the_next_unlock(old, kill_at):
    proc = subprocess.run([sys.executable, "-c", KILLER, str(old), PASS, str(kill_at)],
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert proc.returncode == -signal.SIGKILL
    _check_migrated(old)


def test_an_older_fieldnotes_refuses_a_format_2_vault(vault, monkeypatch):
    """What Fieldnotes before the store does (its LATEST was the migration before the store's):
    the newer-version sentence."""
    path = vault.path
    vault.close()
    [store_sql] = (ROOT / "fieldnotes" / "migrations").glob("*_blob_files.sql")
    monkeypatch.setattr(migrations, "LATEST", int(store_sql.name[:3]) - 1)
    with pytest.raises(FieldnotesError, match="newer version of Fieldnotes"):
        Vault.open(path, PASS)


def test_cli_shows_migration_progress(old, cli):
    run = cli.new("old")
    out = run("case", "list")
    assert "vault format 2" in out.stderr and "100%" in out.stderr
    again = run("case", "list")
    assert "vault format 2" not in again.stderr
