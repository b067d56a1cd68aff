"""Changing the passphrase or the key strength: the current passphrase is checked first, only
the passphrase slot changes, and the vault opens with the new one at the new cost."""

from __future__ import annotations

import pytest

from fieldnotes import passphrase
from fieldnotes.errors import Refused, WrongPassphrase
from fieldnotes.vault import SLOTS_NAME, Vault
from tests.conftest import PASS


def test_wrong_current_passphrase_changes_nothing(vault):
    before = (vault.path / SLOTS_NAME).read_bytes()
    with pytest.raises(WrongPassphrase):
        passphrase.rewrap(vault, "not it", new="a brand new long passphrase here")
    assert (vault.path / SLOTS_NAME).read_bytes() == before


def test_new_passphrase_and_cost(vault):
    passphrase.rewrap(vault, PASS, new="lantern copper quarry thimble", memory_kib=128 * 1024,
                      iterations=2)
    path = vault.path
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASS)
    again = Vault.open(path, "lantern copper quarry thimble")
    try:
        p = again.slots.params()
        assert (p.memory_kib, p.iterations) == (128 * 1024, 2)
    finally:
        again.close()


def test_cost_alone_keeps_the_passphrase_and_floor_is_kept(vault):
    with pytest.raises(Refused):
        passphrase.rewrap(vault, PASS, memory_kib=64 * 1024, floor_mib=256)
    passphrase.rewrap(vault, PASS, memory_kib=96 * 1024, iterations=1)
    assert vault.slots.params().memory_kib == 96 * 1024
    path = vault.path
    vault.close()
    Vault.open(path, PASS).close()


def test_estimate_grows_with_cost():
    unit = passphrase.seconds_per_unit()
    assert unit > 0
    times = [passphrase.estimate_seconds(m, t, unit) for m, t, _n in passphrase.COSTS]
    assert times == sorted(times) and times[-1] > 10 * times[0]
