"""File dialogs open in the folder last used for their kind of file this session, or in the
home folder the first time -- never in the folder the app was started from -- and that memory
is never written to a settings file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from ui.widgets import file_dialogs

pytestmark = pytest.mark.gui

BUNDLES = "Bundles (*.bundle *.age);;All files (*)"
CARDS = "Cards (*.txt *.card);;All files (*)"


@pytest.fixture
def places(tmp_path, monkeypatch):
    home, started, work = tmp_path / "home", tmp_path / "started-here", tmp_path / "work"
    for folder in (home, started, work):
        folder.mkdir()
    (work / "a.bundle").write_bytes(b"x")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(started)
    monkeypatch.setattr(file_dialogs, "_last_folder", {})
    return home, started, work


def _answer(choose):
    """When the dialog is up, note the folder it opened in and let ``choose`` finish it."""
    seen: dict = {}

    def poke():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, poke)
            return
        seen["folder"] = dialog.directory().absolutePath()
        choose(dialog)

    QTimer.singleShot(0, poke)
    return seen


def _pick(path):
    def choose(dialog):
        dialog.selectFile(str(path))
        dialog.accept()
    return choose


def _settings_text() -> str:
    text = ""
    for settings in (QSettings(QSettings.Scope.UserScope, "QtProject"), QSettings()):
        text += " ".join(f"{k}={settings.value(k)}" for k in settings.allKeys())
    return text


def test_first_time_home_then_the_last_folder_of_that_kind(qtbot, places):
    home, started, work = places
    seen = _answer(_pick(work / "a.bundle"))
    assert file_dialogs.open_file(None, "Import bundles", BUNDLES) == str(work / "a.bundle")
    assert seen["folder"] == str(home)                   # not the folder it was started from

    seen = _answer(lambda d: d.reject())                 # the same kind, from the save dialog
    assert file_dialogs.save_file(None, "Save the bundle", "x.bundle",
                                  "Bundles (*.bundle *.age)") == ""
    assert seen["folder"] == str(work)

    seen = _answer(lambda d: d.reject())                 # another kind: still home
    file_dialogs.open_file(None, "Add a contact's card", CARDS)
    assert seen["folder"] == str(home)
    assert str(work) not in _settings_text() and "work" not in _settings_text()


def test_a_chosen_folder_is_remembered_by_its_parent_and_a_gone_one_falls_back_home(
        qtbot, places):
    home, _started, work = places
    vaults = work / "vaults"
    (vaults / "mine").mkdir(parents=True)
    _answer(_pick(vaults / "mine"))
    assert file_dialogs.open_folder(None, "Open a vault folder", kind="vault") == str(
        vaults / "mine")
    seen = _answer(lambda d: d.reject())
    file_dialogs.open_folder(None, "Where should the new vault folder go?", kind="vault")
    assert seen["folder"] == str(vaults)
    (vaults / "mine").rmdir()
    vaults.rmdir()
    seen = _answer(lambda d: d.reject())
    file_dialogs.open_folder(None, "Open a vault folder", kind="vault")
    assert seen["folder"] == str(home)
