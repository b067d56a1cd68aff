"""Opening never writes to a file it has not recognised; an interrupted init is recognised and
can be redone (issue 14)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import pytest

from fieldnotes.errors import VaultDamaged, VaultMissing
from fieldnotes.vault import Vault
from tests.conftest import PASS, ROOT


@pytest.mark.parametrize("size", [1, 100, 65535, 65537])
def test_a_cut_vault_db_is_never_overwritten(make_vault, size):
    v, _ = make_vault(f"cut{size}")
    path = v.path
    v.close()
    db = path / "vault.db"
    with open(db, "r+b") as fh:
        fh.truncate(size)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(VaultDamaged, match="vault.db is truncated"):
        Vault.open(path, PASS)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert db.stat().st_size == size
    assert not (path / "vault.db-wal").exists()


INIT = textwrap.dedent("""
    import sys
    from crypto import keyslots
    from fieldnotes.vault import Vault
    def stop(*a, **k):              # killed after init's database commit, before keyslots.json
        print("committed", flush=True)
        sys.stdin.read()
    keyslots.write_atomic = stop
    Vault.create(sys.argv[1], sys.argv[2])
""")


def test_an_interrupted_init_is_recognised_and_redone(tmp_path, cli):
    path = cli.vault_dir
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", INIT, str(path), PASS], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "committed"
    proc.kill()
    proc.wait()
    assert (path / "vault.db").exists() and not (path / "keyslots.json").exists()
    assert (path / "init-unfinished").stat().st_mode & 0o777 == 0o600
    problem = Vault.folder_problem(path)
    assert "interrupted" in problem and "init" in problem
    with pytest.raises(VaultMissing, match="interrupted"):
        Vault.open(path, PASS)
    listed = cli("case", "list", check=False)
    assert listed.returncode == 1 and "interrupted" in listed.stderr
    cli("init")
    assert cli("case", "list").returncode == 0
    assert not (path / "init-unfinished").exists()


def test_a_vault_that_lost_keyslots_is_never_cleared(make_vault, cli):
    v, _ = make_vault("lost")
    path = v.path
    v.close()
    (path / "keyslots.json").unlink()
    assert "lost keyslots.json" in Vault.folder_problem(path)
    lost = cli.new("lost")
    lost.vault_dir = path
    proc = lost("init", check=False)
    assert proc.returncode == 1 and "not empty" in proc.stderr
    assert (path / "vault.db").exists()


def test_an_interrupted_init_beside_other_files_is_not_cleared(tmp_path):
    path = tmp_path / "v"
    path.mkdir()
    (path / "init-unfinished").touch()
    (path / "notes.txt").write_text("mine")
    with pytest.raises(Exception, match="not empty"):
        Vault.create(path, PASS)
    assert (path / "notes.txt").read_text() == "mine"
