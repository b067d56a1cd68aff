"""The attachment viewer says what is wrong and nothing else: a recording on a computer with no
sound output says it plays silently; an attachment whose file is gone shows only that error,
with no "Select an attachment" under it and no "Save decrypted copy…" that cannot work."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from fieldnotes.blobstore import layout
from tests.gui.test_media_viewers import _stored_recording
from ui.media import player as player_module

pytestmark = pytest.mark.gui

NO_SOUND = ("No speakers or headphones were found, so this plays without sound. Connect some "
            "and select the attachment again.")


@pytest.mark.parametrize("outputs", [False, True])
def test_a_recording_says_when_there_is_no_sound_output(case_view, qtbot, monkeypatch,
                                                        outputs):
    monkeypatch.setattr(player_module, "has_sound_output", lambda: outputs)
    tab = case_view.tabs_by_type["attachment"]
    case_view.setCurrentWidget(tab)
    rid, _sha, _pcm = _stored_recording(case_view.session)
    tab.reload(select=rid)
    panel = tab.viewer.player
    qtbot.waitUntil(lambda: tab.viewer.stack.currentWidget() is panel)
    assert panel.no_sound.isVisibleTo(tab.viewer) is not outputs
    assert panel.no_sound.text() == NO_SOUND
    tab.list.setCurrentIndex(tab.model.index(-1, 0))
    assert not panel.no_sound.isVisibleTo(tab.viewer)     # gone with the recording


def test_a_missing_file_shows_only_its_error_and_no_save(case_view, qtbot):
    tab = case_view.tabs_by_type["attachment"]
    case_view.setCurrentWidget(tab)
    rid, sha, _pcm = _stored_recording(case_view.session)
    for _, path in layout.files(case_view.session.vault.path / "blobs"):
        path.unlink()
    tab.reload(select=rid)
    viewer = tab.viewer
    qtbot.waitUntil(lambda: viewer.error.isVisibleTo(viewer))
    assert "missing" in viewer.error.text()
    said = [w.text() for w in viewer.findChildren(QLabel) if w.isVisibleTo(viewer)]
    assert not [t for t in said if "Select an attachment" in t]
    assert not viewer.save_button.isEnabled()
    assert not viewer.copy_button.isVisibleTo(viewer)
