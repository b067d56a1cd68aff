"""Shared fixtures: fast throw-away vaults (the Argon2id floor, 64 MiB) and CLI runners."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FIELDNOTES_KDF_PROFILE"] = "minimum"
# Tests read English unless they ask for a language: the machine's locale must not leak in.
for _var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Compile the catalogs from resources/i18n/*/*.po, so tests see the translations as they
    are now even without `make catalogs` (a conflict is reported by tests/test_catalogs.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fieldnotes_catalogs",
                                                  ROOT / "packaging" / "catalogs.py")
    catalogs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalogs)
    try:
        catalogs.build()
    except catalogs.CatalogError:
        pass
PASS = "correct horse battery staple"


@pytest.fixture
def make_vault(tmp_path):
    """make_vault(name) -> (Vault, recovery_text); closed at teardown."""
    from crypto import kdf
    from fieldnotes.vault import Vault

    opened = []

    def factory(name: str = "researcher", passphrase: str = PASS):
        v, rec = Vault.create(tmp_path / name, passphrase, name=name.title(),
                              params=kdf.minimum_params())
        opened.append(v)
        return v, rec

    yield factory
    for v in opened:
        v.close()


@pytest.fixture
def vault(make_vault):
    return make_vault("researcher")[0]


@pytest.fixture
def store(vault):
    from fieldnotes.records.store import Store

    return Store(vault.conn, vault.fingerprint)


class Cli:
    """Run the real ``fieldnotes`` command in a subprocess, as a script would."""

    def __init__(self, tmp_path: Path, vault_dir: Path):
        self.vault_dir = vault_dir
        self.pass_file = tmp_path / f"pass-{vault_dir.name}.txt"
        self.pass_file.write_text(PASS + "\n")

    def __call__(self, *args, input: str | None = None, check: bool = True,
                 passphrase_file: Path | None = None, lang: str | None = None):
        cmd = [sys.executable, "-m", "fieldnotes", "--vault", str(self.vault_dir),
               "--passphrase-file", str(passphrase_file or self.pass_file), *map(str, args)]
        env = dict(os.environ, FIELDNOTES_KDF_PROFILE="minimum", PYTHONPATH=str(ROOT))
        if lang:
            env["LANG"] = lang
        proc = subprocess.run(cmd, input=input, capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"{args} failed ({proc.returncode}): {proc.stderr}")
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc


@pytest.fixture
def cli(tmp_path):
    """A CLI bound to a fresh (not yet initialised) vault folder; ``cli.new(name)`` for more."""

    def new(name: str) -> Cli:
        return Cli(tmp_path, tmp_path / name)

    c = new("cli-vault")
    c.new = new
    return c
