"""The first unlock after an update of Fieldnotes says that the vault is being updated (a
schema migration takes seconds on a large vault) instead of only "Unlocking…"; a usual unlock
says nothing of the kind. The core tells its job once, before the first migration applied."""

from __future__ import annotations

import pytest

from fieldnotes import migrations
from fieldnotes.jobs import Job
from fieldnotes.vault import Vault
from tests.conftest import PASS

UPDATING = "Updating the vault (once, after an update)…"


def _older(make_vault, upto: int):
    """A closed vault made by a Fieldnotes whose last migration was ``upto``."""
    real = migrations.migrate
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(migrations, "migrate", lambda conn, *a, **k: real(conn, upto))
        v, _key = make_vault("older")
        assert migrations.current_version(v.conn) == upto
    v.close()
    return v.path


def test_migrations_tell_the_job_once_and_only_when_there_are_some(make_vault):
    path = _older(make_vault, migrations.LATEST - 2)
    stages: list[str] = []
    with Vault.open(path, PASS, job=Job(stage=stages.append)) as v:
        assert migrations.current_version(v.conn) == migrations.LATEST
    assert stages == [migrations.STAGE]
    stages.clear()
    with Vault.open(path, PASS, job=Job(stage=stages.append)):
        pass
    assert stages == []                       # the usual open: nothing to say


@pytest.mark.parametrize("pending", [True, False])
def test_unlock_screen_says_the_vault_is_being_updated(make_window, make_vault, qtbot, pending):
    if pending:
        path = _older(make_vault, migrations.LATEST - 2)
    else:
        v, _key = make_vault("current")
        v.close()
        path = v.path
    w = make_window(path)
    w.unlock.passphrase.setText(PASS)
    w.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.main_view, timeout=30000)
    said = w.unlock.progress.caption.text()   # what the screen said last while it waited
    assert (said == UPDATING) is pending
    assert said in (UPDATING, "Unlocking…")
    assert migrations.current_version(w.session.vault.conn) == migrations.LATEST


def test_the_command_line_says_it_too(make_vault, cli):
    path = _older(make_vault, migrations.LATEST - 2)
    older = cli.new(path.name)
    older.vault_dir = path
    first = older("case", "list", lang="zh_TW.UTF-8")
    assert "正在更新保險庫" in first.stderr
    assert "Updating the vault" not in older("case", "list").stderr  # once only
