"""The opt-in wipe: off by default; after N >= 5 failed unlocks in a row, or on request with
the vault's name, the key slots are overwritten and removed, then the vault's files."""

from __future__ import annotations

import os

import pytest

from crypto import keyslots
from fieldnotes import audit, wipe
from fieldnotes.errors import FieldnotesError, VaultMissing, WrongPassphrase
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.crypto.tooling import assert_user_message


def _wrong(path, times):
    for _ in range(times):
        with pytest.raises(WrongPassphrase):
            Vault.open(path, "not the passphrase")


def test_off_by_default(vault):
    path = vault.path
    assert wipe.policy(vault.slots) is None
    vault.close()
    _wrong(path, 12)
    Vault.open(path, PASS).close()


def test_after_n_wrong_passphrases_in_a_row_the_vault_is_wiped(vault, tmp_path):
    path = vault.path
    wipe.set_policy(vault, 5)
    assert audit.entries(vault.conn)[-1]["action"] == "vault.wipe_policy"
    vault.close()
    _wrong(path, 4)
    with Vault.open(path, PASS) as v:  # the right one resets the count
        assert v.slots.wipe == {"after": 5, "failures": 0}
    _wrong(path, 4)
    slots_copy = tmp_path / "slots-link"
    os.link(path / "keyslots.json", slots_copy)  # to see what happens to the bytes
    before = slots_copy.read_bytes()
    with pytest.raises(VaultMissing, match="was wiped") as e:
        Vault.open(path, "not the passphrase")
    assert_user_message(e.value)
    assert not path.exists()
    after = slots_copy.read_bytes()
    assert len(after) == len(before) and b"vault_id" not in after and after != before
    assert Vault.folder_problem(path).startswith("There is no vault")


def test_fewer_than_five_is_refused(vault):
    for n in (0, 4, True, 1001):
        with pytest.raises(FieldnotesError, match="between 5 and 1000"):
            wipe.set_policy(vault, n)
    assert vault.slots.wipe is None
    wipe.set_policy(vault, 7)
    wipe.set_policy(vault, None)
    assert vault.slots.wipe is None


def test_wipe_now_needs_the_vault_name(vault, tmp_path):
    path = vault.path
    with pytest.raises(FieldnotesError, match="nothing was wiped"):
        wipe.wipe_now(vault, "someone else")
    assert (path / "keyslots.json").exists() and not vault.locked
    db_copy = tmp_path / "db-link"
    os.link(path / "vault.db", db_copy)
    wipe.wipe_now(vault, "  Researcher ")
    assert vault.locked and not path.exists()
    assert db_copy.stat().st_size > 0  # the database bytes may remain: noise without the slots


def test_a_passphrase_change_keeps_the_policy(vault):
    wipe.set_policy(vault, 6)
    vault.change_passphrase("another passphrase entirely")
    assert wipe.policy(vault.slots) == 6


def test_cli_wipe_and_policy(cli):
    cli("init", "--name", "Field Team 3")
    proc = cli("wipe-policy", "--after", "3", check=False)
    assert proc.returncode == 1 and "between 5 and 1000" in proc.stderr
    assert "wipe after 5 failed unlocks" in cli("wipe-policy", "--after", "5").stdout
    assert "off" in cli("wipe-policy", "--off").stdout
    proc = cli("wipe", "--confirm", "Field Team", check=False)
    assert proc.returncode == 1 and "nothing was wiped" in proc.stderr
    assert cli.vault_dir.exists()
    cli("wipe", "--confirm", "Field Team 3")
    assert not cli.vault_dir.exists()


def test_a_recovery_with_shares_starts_the_count_again(vault):
    from fieldnotes import recovery_shares

    made = recovery_shares.split(vault, 2, 2)
    wipe.set_policy(vault, 5)
    path = vault.path
    vault.close()
    _wrong(path, 4)
    with recovery_shares.recover(path, list(made.mnemonics), ["a", "b"], "new one") as v:
        assert v.slots.wipe == {"after": 5, "failures": 0}
    _wrong(path, 4)
    Vault.open(path, "new one").close()


def test_wrong_recovery_keys_count_and_a_recovery_starts_the_count_again(make_vault):
    from crypto import recovery

    vault, key = make_vault("counted")
    other = recovery.format(recovery.generate())  # well formed, of no vault
    wipe.set_policy(vault, 5)
    path = vault.path
    vault.close()
    for _ in range(2):
        with pytest.raises(FieldnotesError, match="does not unlock"):
            Vault.recover(path, other, "new one")
    _wrong(path, 2)
    with Vault.recover(path, key, "new one") as v:  # 4 failures so far; the right key resets
        assert v.slots.wipe == {"after": 5, "failures": 0}
    _wrong(path, 2)
    for _ in range(2):
        with pytest.raises(FieldnotesError, match="does not unlock"):
            Vault.recover(path, other, "newer one")
    with pytest.raises(VaultMissing, match="failed unlocks .wrong passphrases, recovery keys "
                                          "or recovery shares.: .* was wiped"):
        Vault.recover(path, other, "newer one")  # the fifth in a row, by any way in
    assert not path.exists()


def _foreign_set(identifier: int) -> list[str]:
    """Two well-formed shares of set ``identifier`` whose secret is not any vault's."""
    from shamir_mnemonic.shamir import EncryptedMasterSecret, split_ems

    ems = EncryptedMasterSecret.from_master_secret(os.urandom(32), b"", identifier, True, 0)
    return [share.mnemonic() for share in split_ems(1, [(2, 2)], ems)[0]]


def test_wrong_share_sets_count_as_failed_unlocks(vault):
    """A set of shares that combines but does not open the vault — an old set, or one that
    claims this set's identifier — counts as a wrong passphrase does; a typo does not."""
    from fieldnotes import recovery_shares

    old = recovery_shares.split(vault, 2, 2)
    made = recovery_shares.split(vault, 2, 2)  # the old set stops working
    wipe.set_policy(vault, 5)
    path = vault.path
    vault.close()

    def failures():
        return keyslots.load(path / "keyslots.json").wipe["failures"]

    with pytest.raises(FieldnotesError, match="from set"):
        recovery_shares.recover(path, list(old.mnemonics), ["a", "b"], "new one")
    assert failures() == 1
    with pytest.raises(FieldnotesError, match="do not unlock"):
        recovery_shares.recover(path, _foreign_set(made.identifier), ["a", "b"], "new one")
    assert failures() == 2
    typo = made.mnemonics[0].split()
    typo[3] = "academic" if typo[3] != "academic" else "acid"
    with pytest.raises(FieldnotesError, match="typo"):
        recovery_shares.recover(path, [" ".join(typo), made.mnemonics[1]], ["a", "b"], "x y")
    assert failures() == 2
    _wrong(path, 2)
    with pytest.raises(VaultMissing, match="recovery shares.: .* was wiped"):
        recovery_shares.recover(path, list(old.mnemonics), ["a", "b"], "new one")
    assert not path.exists()
