"""Local input that used to reach an internal error, and what a doctored keyslots.json may ask
(issue 14, "other wrong sentences"; issue 13, key_check)."""

from __future__ import annotations

import json
import os

import pytest

from crypto import kdf
from crypto.errors import KdfTooCostly
from fieldnotes.errors import VaultDamaged
from fieldnotes.vault import Vault
from tests.conftest import PASS


@pytest.fixture
def note(cli):
    cli("init")
    case = cli("case", "add", "--title", "t").stdout.strip()
    return case, cli("note", "add", "--case", case, "--text", "hello").stdout.strip()


def _one_sentence(proc) -> str:
    assert proc.returncode == 1
    assert "internal error" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_text_with_a_byte_that_is_not_utf8_is_one_sentence(cli, note):
    case, _ = note
    text = os.fsdecode(b"caf\xff")  # what Python makes of the byte 0xFF in argv
    proc = cli("note", "add", "--case", case, "--text", text, check=False)
    assert "not UTF-8" in _one_sentence(proc)
    assert len(cli("list", "--case", case, "--type", "note").stdout.splitlines()) == 1


def test_the_model_refuses_a_lone_surrogate(store):
    from fieldnotes.errors import ValidationError

    case = store.create("case", {"title": "t"})
    with pytest.raises(ValidationError, match="not UTF-8"):
        store.create("note", {"text": "a\udcffb"}, case)


def test_a_part_of_a_field_without_parts_is_one_sentence(cli, note):
    _, note_id = note
    proc = cli("edit", note_id, "--field", "text.x=1", check=False)
    assert "has no parts" in _one_sentence(proc)
    proc = cli("edit", note_id, "--field", "nosuch.x=1", check=False)
    assert "no field" in _one_sentence(proc)


def test_a_passphrase_file_is_read_only_up_to_a_kibibyte(cli, note, tmp_path):
    zero = cli("case", "list", passphrase_file="/dev/zero", check=False)
    assert "longer than 1024 bytes" in _one_sentence(zero)
    huge = tmp_path / "huge"
    huge.write_bytes(b"a" * (3 << 20) + b"\n")
    assert "longer than 1024 bytes" in _one_sentence(
        cli("case", "list", passphrase_file=huge, check=False))
    near = tmp_path / "near"
    near.write_bytes(b"a" * 1024 + b"\n")  # 1024 bytes is still a (wrong) passphrase
    assert "not correct" in _one_sentence(cli("case", "list", passphrase_file=near, check=False))


def test_kdf_parameters_beyond_any_calibration_are_refused(make_vault):
    v, _ = make_vault("kdf")
    path = v.path
    v.close()
    doc = json.loads((path / "keyslots.json").read_text())
    for memory, passes in ((4 << 20, 1), (1 << 20, 64), (kdf.MAX_MEMORY_KIB, 8)):
        doc["slots"]["passphrase"]["kdf"].update(memory_kib=memory, iterations=passes)
        (path / "keyslots.json").write_text(json.dumps(doc))
        with pytest.raises(VaultDamaged, match="more memory or time to unlock"):
            Vault.open(path, PASS)
        with pytest.raises(KdfTooCostly):
            kdf.Argon2Params.from_json(doc["slots"]["passphrase"]["kdf"])
    # what calibration may pick at most still loads
    doc["slots"]["passphrase"]["kdf"].update(memory_kib=1 << 20, iterations=8)
    kdf.Argon2Params.from_json(doc["slots"]["passphrase"]["kdf"])


def test_calibration_never_picks_what_a_slot_may_not_ask():
    memory, passes = kdf._choose(1.0, 1e-12, kdf.MIN_MEMORY_KIB, 1 << 20)
    assert memory * passes <= kdf.MAX_WORK_KIB and passes <= kdf.MAX_ITERATIONS


def test_a_flipped_key_check_breaks_neither_passwd_nor_recover(cli, tmp_path):
    """Issue 13: the field nothing verified is gone; a vault of an earlier version that still
    holds it (whatever bit flipped) changes its passphrase and recovers."""
    recovery_text = cli("init").stdout.strip()
    slots_path = cli.vault_dir / "keyslots.json"
    doc = json.loads(slots_path.read_text())
    assert "key_check" not in doc
    doc["key_check"] = "AAECAwQFBgcICQoLDA0ODw=="  # as an earlier version wrote it, altered
    slots_path.write_text(json.dumps(doc))
    new = tmp_path / "new"
    new.write_text("a new passphrase, walnut harbour\n")
    cli("passwd", "--new-passphrase-file", new)
    key = tmp_path / "key"
    key.write_text(recovery_text + "\n")
    cli("recover", "--recovery-key-file", key, "--new-passphrase-file", cli.pass_file)
    cli("case", "list")
