"""A full disk (issue 14): writes say the disk is full, what was not done and that the vault is
unchanged; reads keep working, even with 0 bytes free; passwd changes nothing and says so."""

from __future__ import annotations

import os
import shutil

from tests.conftest import Cli
from tests.faults.conftest import fill

FULL = "The disk is full, so nothing was saved and the vault is unchanged."


def _vault_on(small_fs, tmp_path):
    cli = Cli(tmp_path, small_fs / "vault")
    cli("init")
    case = cli("case", "add", "--title", "Detention of a lawyer").stdout.strip()
    note = cli("note", "add", "--case", case, "--text", "first note").stdout.strip()
    return cli, case, note


def _state(cli, case):
    return (cli("list", "--case", case).stdout, cli("audit", "list").stdout.count("\n"))


def _one_line(proc) -> str:
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and "internal error" not in proc.stderr, proc.stderr
    return proc.stderr


def test_reads_work_and_writes_say_so_with_no_space_at_all(small_fs, tmp_path):
    cli, case, note = _vault_on(small_fs, tmp_path)
    before = _state(cli, case)
    ballast = fill(small_fs)
    assert shutil.disk_usage(small_fs).free == 0
    # reads
    assert "Detention of a lawyer" in cli("case", "list").stdout
    assert "first note" in cli("show", note).stdout
    assert note in cli("search", "first").stdout
    assert "intact" in cli("audit", "verify").stdout
    assert _state(cli, case) == before
    # writes
    assert FULL in _one_line(cli("note", "add", "--case", case, "--text", "x", check=False))
    assert FULL in _one_line(cli("edit", note, "--field", "text=changed", check=False))
    assert _state(cli, case) == before
    ballast.unlink()
    cli("note", "add", "--case", case, "--text", "after freeing space")
    assert "intact" in cli("audit", "verify").stdout


def test_attach_on_a_nearly_full_disk(small_fs, tmp_path):
    cli, case, _ = _vault_on(small_fs, tmp_path)
    before = _state(cli, case)
    big = tmp_path / "recording.bin"
    big.write_bytes(os.urandom(20 << 20))
    ballast = fill(small_fs, leave=2 << 20)
    assert FULL in _one_line(cli("attach", "--case", case, big, check=False))
    assert _state(cli, case) == before
    assert "intact" in cli("audit", "verify").stdout
    ballast.unlink()
    cli("attach", "--case", case, big)


def test_passwd_on_a_full_disk_changes_nothing_and_says_so(small_fs, tmp_path):
    cli, case, _ = _vault_on(small_fs, tmp_path)
    new = tmp_path / "new-pass"
    new.write_text("a new passphrase, walnut harbour\n")
    slots = (cli.vault_dir / "keyslots.json").read_bytes()
    for leave in (0, 64 << 10):
        ballast = fill(small_fs, leave=leave)
        proc = cli("passwd", "--new-passphrase-file", new, check=False)
        assert "the passphrase was not changed: the old one still opens the vault" in \
            _one_line(proc)
        ballast.unlink()
        assert (cli.vault_dir / "keyslots.json").read_bytes() == slots
        assert not (cli.vault_dir / "keyslots.json.pending").exists()
        cli("case", "list")  # the old passphrase
        assert cli("case", "list", passphrase_file=new, check=False).returncode == 1
        assert "passphrase_changed" not in cli("audit", "list").stdout


def test_import_on_a_nearly_full_disk(small_fs, tmp_path):
    import pytest

    from fieldnotes.bundle import importer, writer
    from fieldnotes.errors import DiskFull
    from tests.bundle import helpers

    researcher = helpers.new_vault(tmp_path / "researcher", "Researcher")
    coordinator = helpers.new_vault(small_fs / "coordinator", "Coordinator")
    try:
        c_fpr, _ = helpers.befriend(researcher, coordinator)
        ids = helpers.populate(researcher, tmp_path, size=12 << 20)
        bundle = tmp_path / "b.bundle"
        writer.export_bundle(researcher, bundle, [c_fpr], cases=[ids["case"]])
        before = helpers.db_state(coordinator)
        ballast = fill(small_fs, leave=2 << 20)
        with pytest.raises(DiskFull, match="nothing was saved and the vault is unchanged"):
            importer.import_bundle(coordinator, bundle)
        assert helpers.db_state(coordinator) == before
        ballast.unlink()
        importer.import_bundle(coordinator, bundle)
        assert helpers.db_state(coordinator) != before
    finally:
        researcher.close()
        coordinator.close()
