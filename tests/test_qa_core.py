"""Found by the end-to-end QA pass (core side): each failed before its fix."""

from __future__ import annotations

import errno

import pytest

from fieldnotes import vault as vault_mod
from fieldnotes import vault_files
from fieldnotes.errors import DiskFull
from fieldnotes.guard import disk_full_sentence


def test_a_full_disk_while_creating_a_vault_says_so(tmp_path, monkeypatch):
    """vault.db fitted but keyslots.json did not: the app said "internal error: OSError"."""
    real_write = vault_mod.keyslots.write_atomic

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(vault_mod.keyslots, "write_atomic", no_space)
    folder = tmp_path / "v"
    with pytest.raises(DiskFull) as caught:
        vault_mod.Vault.create(folder, "river lantern copper mosaic thimble quarry")
    assert caught.value.message == disk_full_sentence()
    assert vault_files.redoable(folder)          # nothing to open; made again from scratch
    monkeypatch.setattr(vault_mod.keyslots, "write_atomic", real_write)
    vault, _key = vault_mod.Vault.create(folder, "river lantern copper mosaic thimble quarry")
    vault.close()
    assert not vault_files.unfinished_init(folder)


@pytest.mark.parametrize("sqlite_says", ["database disk image is malformed",
                                         "file is not a database"])
def test_a_damaged_vault_db_says_what_to_do(sqlite_says):
    """"vault.db is damaged (truncated or altered)." (seen unlocking a vault.db cut in half)
    named the problem, not the way out, as every other damaged-file sentence does."""
    import sqlcipher3

    from fieldnotes.db import damage_sentence

    sentence = damage_sentence(sqlcipher3.DatabaseError(sqlite_says))
    assert "vault.db" in sentence and "backup" in sentence
