"""After unlock, a recording a crash interrupted is named in the notice bar (not silently
finalised), in the reader's language."""

from __future__ import annotations

from fieldnotes import i18n
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.test_recovered_recordings import interrupted


def test_notice_bar_tells_of_a_recovered_recording(qtbot, make_window, vault, tmp_path):
    path, _tid = interrupted(vault, 192)
    again = Vault.open(path, PASS)
    i18n.set_language("zh_CN")
    try:
        w = make_window(path)
        w._open_session(again)
        bar = w.main_view.notice
        qtbot.waitUntil(bar.isVisible, timeout=5_000)
        assert "3 分 12 秒" in bar.text.text() and "Testimony of W-07" in bar.text.text()
        w.grab().save(str(tmp_path / "recovered.png"))
    finally:
        i18n.set_language("en")
