"""The passphrase floor holds in the CLI as in the app: `init`, `passwd` and `recover` refuse a
passphrase the meter calls weak (or below the organisation's floor), with the meter's sentence,
and change nothing."""

from __future__ import annotations

import pytest

from fieldnotes import strength
from fieldnotes.errors import Refused

WEAK = "summer2024"
STRONG_NEW = "violet lantern orchard, ferry 1963"


def _file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_require_is_the_meters_rule():
    assert strength.estimate_bits(WEAK) < strength.FLOOR_BITS
    with pytest.raises(Refused) as caught:
        strength.require(WEAK)
    assert str(caught.value) == strength.refusal(WEAK)
    strength.require(STRONG_NEW)
    with pytest.raises(Refused):
        strength.require(STRONG_NEW, floor=strength.estimate_bits(STRONG_NEW) + 1)


def test_init_refuses_a_weak_passphrase_and_creates_nothing(cli, tmp_path):
    weak = _file(tmp_path, "weak.txt", WEAK)
    proc = cli("init", passphrase_file=weak, check=False)
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "Too weak: about" in line and "at least 45" in line
    assert not cli.vault_dir.exists() or not any(cli.vault_dir.iterdir())


def test_init_refusal_is_translated(cli, tmp_path):
    weak = _file(tmp_path, "weak.txt", WEAK)
    proc = cli("init", passphrase_file=weak, check=False, lang="zh_CN.UTF-8")
    assert proc.returncode == 1
    assert "Too weak" not in proc.stderr and "45" in proc.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in proc.stderr)


def test_passwd_refuses_weak_and_keeps_the_old_passphrase(cli, tmp_path):
    cli("init")
    weak = _file(tmp_path, "weak.txt", WEAK)
    proc = cli("passwd", "--new-passphrase-file", weak, check=False)
    assert proc.returncode == 1 and "Too weak" in proc.stderr
    assert cli("case", "list").returncode == 0          # the old one still opens it
    assert cli("case", "list", passphrase_file=weak, check=False).returncode == 1


def test_passwd_follows_the_organisations_floor(cli, tmp_path):
    from fieldnotes import canonical
    from fieldnotes.setup_file import SETTINGS_KEY
    from fieldnotes.vault import Vault, transaction
    from tests.conftest import PASS

    cli("init")
    vault = Vault.open(cli.vault_dir, PASS)
    with vault, transaction(vault.conn):
        vault.conn.execute("INSERT INTO meta(key, value) VALUES(?, ?)",
                           (SETTINGS_KEY, canonical.dumps({"min_strength_bits": 90})))
    fair = _file(tmp_path, "fair.txt", STRONG_NEW)
    assert strength.FLOOR_BITS <= strength.estimate_bits(STRONG_NEW) < 90
    proc = cli("passwd", "--new-passphrase-file", fair, check=False)
    assert proc.returncode == 1 and "at least 90" in proc.stderr
    assert cli("case", "list").returncode == 0


def test_recover_refuses_a_weak_new_passphrase(cli, tmp_path):
    recovery = cli("init").stdout.strip()
    key = _file(tmp_path, "rk.txt", recovery)
    weak = _file(tmp_path, "weak.txt", WEAK)
    proc = cli("recover", "--recovery-key-file", key, "--new-passphrase-file", weak,
               check=False)
    assert proc.returncode == 1 and "Too weak" in proc.stderr
    assert cli("case", "list").returncode == 0
