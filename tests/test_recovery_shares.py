"""K-of-N SLIP-39 recovery shares and a new recovery key: made, used, replaced, and plain
SLIP-39 that the `shamir` command of shamir-mnemonic reads without Fieldnotes."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys

import pytest
from shamir_mnemonic.wordlist import WORDLIST

from crypto import keyslots, shares
from fieldnotes import audit, recovery_shares
from fieldnotes.errors import FieldnotesError, WrongPassphrase
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.crypto.tooling import assert_user_message, require_tool

NEW = "a brand new passphrase for the vault"


@pytest.fixture
def made(vault):
    Store(vault.conn, vault.fingerprint).create("case", {"title": "kept"})
    return recovery_shares.split(vault, 3, 5)


def _names(n):
    return [f"share-{i}.txt" for i in range(1, n + 1)]


def _texts(vault, made, numbers):
    return [recovery_shares.share_text(made, n, "Researcher") for n in numbers]


def _recover(vault, texts, new=NEW):
    path = vault.path
    vault.close()
    return recovery_shares.recover(path, texts, _names(len(texts)), new)


@pytest.mark.parametrize("chosen", [(1, 2, 3), (5, 3, 1), (2, 4, 5, 1)])
def test_any_k_shares_recover_and_set_a_new_passphrase(vault, made, chosen):
    texts = _texts(vault, made, chosen)
    with _recover(vault, texts) as back:
        assert Store(back.conn, back.fingerprint).list("case")[0]["data"]["title"] == "kept"
        actions = [e["action"] for e in audit.entries(back.conn)]
        assert actions[-2:] == ["vault.shares_made", "vault.recovered_with_shares"]
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, PASS)
    Vault.open(vault.path, NEW).close()


def test_too_few_says_how_many_more(vault, made):
    with pytest.raises(FieldnotesError, match="One more share is needed: 2 given, 3 needed") as e:
        _recover(vault, _texts(vault, made, (4, 2)))
    assert_user_message(e.value)
    with pytest.raises(FieldnotesError, match="2 more shares are needed: 1 given, 3 needed"):
        recovery_shares.recover(vault.path, _texts(vault, made, (4,)), _names(1), NEW)
    Vault.open(vault.path, PASS).close()  # nothing changed


def test_a_typo_is_reported_as_a_typo_naming_the_share(vault, made):
    texts = _texts(vault, made, (1, 2, 3))
    vault.close()  # shares open a closed vault (an open one is refused: fieldnotes/open_lock.py)
    lines = texts[1].splitlines()
    words = lines[-1].split()
    for change in ("swap", "wrong word", "not a word", "missing"):
        w = list(words)
        if change == "swap":
            w[5], w[6] = w[6], w[5]
        elif change == "wrong word":
            w[10] = next(x for x in WORDLIST if x != w[10])
        elif change == "not a word":
            w[10] = "fieldnotes"
        else:
            del w[10]
        bad = [texts[0], "\n".join([*lines[:-1], " ".join(w)]) + "\n", texts[2]]
        with pytest.raises(FieldnotesError) as e:
            recovery_shares.recover(vault.path, bad, _names(3), NEW)
        assert str(e.value).startswith("The share share-2.txt has a typo"), change
        assert_user_message(e.value)
    Vault.open(vault.path, PASS).close()


def test_shares_are_forgiving_about_case_and_spacing(vault, made):
    words = [made.mnemonics[i].upper().replace(" ", "  \n ") for i in range(3)]
    with _recover(vault, words):
        pass


def test_new_shares_replace_the_old_and_a_repeat_is_named(vault, made):
    old = _texts(vault, made, (1, 2, 3))
    newer = recovery_shares.split(vault, 2, 3)
    vault.close()
    with pytest.raises(FieldnotesError, match=f"set {made.identifier}.*set {newer.identifier}"):
        recovery_shares.recover(vault.path, old, _names(3), NEW)
    mixed = [_texts(vault, newer, (1,))[0], old[0]]
    with pytest.raises(FieldnotesError, match="share-2.txt is from another set"):
        recovery_shares.recover(vault.path, mixed, _names(2), NEW)
    twice = _texts(vault, newer, (1, 1))
    with pytest.raises(FieldnotesError, match="share-2.txt was given twice"):
        recovery_shares.recover(vault.path, twice, _names(2), NEW)
    with _recover(vault, _texts(vault, newer, (3, 2))):
        pass


def test_removed_shares_no_longer_work(vault, made):
    recovery_shares.remove(vault)
    assert vault.slots.shares_info() is None
    vault.close()
    with pytest.raises(FieldnotesError, match="has no recovery shares"):
        recovery_shares.recover(vault.path, _texts(vault, made, (1, 2, 3)), _names(3), NEW)


def test_limits_of_a_split(vault):
    for k, n in ((1, 3), (4, 3), (2, 17), (0, 0)):
        with pytest.raises(FieldnotesError, match="at least 2"):
            recovery_shares.split(vault, k, n)
    assert vault.slots.shares_info() is None


def test_passphrase_change_keeps_the_shares(vault, made):
    vault.change_passphrase(NEW)
    with _recover(vault, _texts(vault, made, (1, 2, 3)), "third passphrase"):
        pass


def test_share_files_are_private_and_never_overwrite(vault, made, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    paths = recovery_shares.write_share_files(made, out, "Researcher")
    assert len(paths) == 5
    assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in paths)
    assert paths[0].read_text().splitlines()[-1] == made.mnemonics[0]
    with pytest.raises(FieldnotesError, match="already exists"):
        recovery_shares.write_share_files(made, out, "Researcher")


def test_a_new_recovery_key_replaces_the_old(vault, tmp_path):
    old = vault.path
    first = recovery_shares.rotate_recovery_key(vault)
    second = recovery_shares.rotate_recovery_key(vault)
    vault.close()
    with pytest.raises(FieldnotesError, match="does not unlock"):
        Vault.recover(old, first, NEW)
    Vault.recover(old, second, NEW).close()
    Vault.open(old, NEW).close()


def test_a_damaged_shares_slot_is_named_damaged(vault, made):
    path = vault.path / "keyslots.json"
    text = path.read_text().replace('"threshold": 3', '"threshold": "3"')
    with pytest.raises(Exception) as e:
        keyslots.KeySlots.from_bytes(text.encode())
    assert "damaged" in str(e.value)


@pytest.mark.interop
@pytest.mark.parametrize("chosen", list(itertools.combinations(range(5), 3))[:4])
def test_shamir_recover_gives_exactly_the_key_our_slot_is_wrapped_under(vault, made, chosen):
    """The shares are plain SLIP-39: the reference tool recovers from any K of them the very
    secret that unwraps the shares slot of keyslots.json (AES-256-GCM) to the vault key."""
    # installed with the dev extras (shamir-mnemonic[cli]) beside this Python
    tool = shutil.which("shamir", path=os.path.dirname(sys.executable)) or require_tool("shamir")
    stdin = "".join(made.mnemonics[i] + "\n" for i in chosen)
    proc = subprocess.run([tool, "recover"], input=stdin, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = re.search(r"Your master secret is: ([0-9a-f]{64})", proc.stdout)
    assert found, proc.stdout
    secret = bytes.fromhex(found.group(1))
    slots = keyslots.load(vault.path / "keyslots.json")
    assert slots.unlock_with_shares(secret) == vault._key
    assert shares.combine([made.mnemonics[i] for i in chosen])[0] == secret


def test_cli_split_to_files_and_recover(cli, tmp_path):
    cli("init", "--name", "Researcher A")
    out = tmp_path / "shares"
    out.mkdir()
    files = cli("recovery", "split", "--threshold", "2", "--shares", "3", "-o", out
                ).stdout.split()
    assert len(files) == 3
    assert "any 2 of 3" in cli("recovery", "status").stdout
    new = tmp_path / "new.txt"
    new.write_text(NEW + "\n")
    proc = cli("recover", "--share-file", files[2], "--new-passphrase-file", new, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().endswith("One more share is needed: 1 given, 2 needed.")
    cli("recover", "--share-file", files[2], "--share-file", files[0],
        "--new-passphrase-file", new)
    cli("recovery", "status", passphrase_file=new)
    rotated = cli("recovery", "rotate", passphrase_file=new).stdout.strip()
    assert len(rotated) == 77


def test_cli_split_printed_shares_read_back(cli):
    cli("init", "--name", "Researcher A")
    printed = cli("recovery", "split", "--threshold", "2", "--shares", "2").stdout
    blocks = [b for b in printed.split("\n\n") if b.strip()]
    assert len(blocks) == 2
    assert shares.combine(blocks)[0]
