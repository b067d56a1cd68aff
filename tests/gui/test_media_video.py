"""Video from the vault, played by Qt's backend through the random-access device: a real
MPEG-4 file encoded in the test by Qt itself (QMediaRecorder fed by QVideoFrameInput), attached,
its plaintext removed, then played offscreen — its length known, its frames decoded at the
right size and colour, a seek landing in the right second. A container or codec Qt cannot read
gets one sentence, quickly, not a hang."""

from __future__ import annotations

import os

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from tests.gui.test_media_viewers import _attach
from tests.media.spread import spread
from tests.media.synth import BLUE, RED, video

pytestmark = pytest.mark.gui

LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia,
          QMediaPlayer.MediaStatus.BufferingMedia, QMediaPlayer.MediaStatus.EndOfMedia)


def _near(rgb, want, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(rgb, want, strict=True))


def _frames(panel) -> list:
    """(width, height, centre colour, start µs) of each video frame the widget is given."""
    seen: list = []

    def got(frame) -> None:
        if frame.isValid():
            image = frame.toImage()
            c = image.pixelColor(image.width() // 2, image.height() // 2)
            seen.append((frame.width(), frame.height(), (c.red(), c.green(), c.blue()),
                         frame.startTime()))

    panel.video.videoSink().videoFrameChanged.connect(got)
    return seen


def test_a_video_plays_from_the_vault_with_its_frames_and_seeks(case_view, tmp_path, qtbot):
    clip = tmp_path / "checkpoint.mp4"
    video(qtbot, clip, seconds=2, size=(160, 120))
    tab = case_view.tabs_by_type["attachment"]
    rid = _attach(tab, qtbot, clip)
    clip.unlink()  # only the vault holds it now
    tab.select(rid)
    viewer = tab.viewer
    panel = viewer.player
    assert viewer.stack.currentWidget() is panel and panel.video is not None
    assert "Duration: 00:00:02" in viewer.facts.text()  # read by Mutagen at intake
    frames = _frames(panel)
    qtbot.waitUntil(lambda: panel.player.mediaStatus() in LOADED, timeout=15000)
    assert panel.player.hasVideo()
    assert abs(panel.player.duration() - 2000) <= 100
    assert panel.slider.maximum() == panel.duration_ms and abs(panel.duration_ms - 2000) <= 100
    panel.toggle()
    qtbot.waitUntil(lambda: any(_near(f[2], RED) for f in frames), timeout=15000)
    assert frames[0][:2] == (160, 120)
    qtbot.waitUntil(lambda: panel.player.position() > 0, timeout=15000)  # the clock runs
    panel.seek(1500)
    qtbot.waitUntil(lambda: any(_near(f[2], BLUE) and f[3] >= 1_000_000 for f in frames),
                    timeout=15000)
    assert not any(_near(f[2], BLUE) and f[3] < 1_000_000 for f in frames)
    assert not panel.error.isVisibleTo(panel)
    tab.list.setCurrentIndex(tab.model.index(-1, 0))
    assert panel.device is None and panel.video is None  # the device and its connection close


def test_a_large_video_seeks_to_its_end_reading_only_what_it_needs(case_view, tmp_path, qtbot):
    """The clip's frames spread through 96 MiB: the last second sits at the end of the file, so
    a seek there reads there, through chunks opened on demand — not the whole file."""
    clip = tmp_path / "clip.mp4"
    video(qtbot, clip, seconds=2)
    big = tmp_path / "long-recording.mp4"
    last = spread(clip.read_bytes(), big, 96 << 20)
    assert last > 90 << 20
    tab = case_view.tabs_by_type["attachment"]
    rid = _attach(tab, qtbot, big)
    big.unlink()
    tab.select(rid)
    panel = tab.viewer.player
    frames = _frames(panel)
    qtbot.waitUntil(lambda: panel.player.mediaStatus() in LOADED, timeout=15000)
    assert abs(panel.player.duration() - 2000) <= 100
    panel.seek(1900)
    panel.toggle()
    qtbot.waitUntil(lambda: any(_near(f[2], BLUE) and f[3] >= 1_800_000 for f in frames),
                    timeout=15000)
    assert panel.device.size() == 96 << 20
    assert panel.device.bytes_read < 16 << 20, panel.device.bytes_read


def _unreadable(kind, tmp_path, qtbot):
    if kind == "unknown codec":  # a real Matroska file whose video codec Qt has no decoder for
        good = tmp_path / "good.mkv"
        video(qtbot, good, seconds=1, container="Matroska")
        data = good.read_bytes()
        good.unlink()
        assert data.count(b"V_MPEG4/ISO/ASP") == 1
        return "interview.mkv", data.replace(b"V_MPEG4/ISO/ASP", b"V_QUUX/UNKNOWN_")
    return "interview.mov", os.urandom(64 << 10)  # no container at all


@pytest.mark.parametrize("kind", ["unknown codec", "not a container"])
def test_a_video_qt_cannot_play_gets_one_sentence(case_view, tmp_path, qtbot, kind):
    name, data = _unreadable(kind, tmp_path, qtbot)
    f = tmp_path / name
    f.write_bytes(data)
    tab = case_view.tabs_by_type["attachment"]
    rid = _attach(tab, qtbot, f)
    tab.select(rid)
    panel = tab.viewer.player
    assert tab.viewer.stack.currentWidget() is panel
    panel.toggle()
    qtbot.waitUntil(lambda: panel.error.isVisibleTo(panel), timeout=15000)
    assert panel.error.text() == (
        "Fieldnotes cannot play this video's format; it stays encrypted in the vault, and "
        "“Save decrypted copy…” lets another program open it.")
    assert panel.error.toolTip()  # Qt's own words, for whoever helps
    assert not panel.video.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.player.playbackState()
                    == QMediaPlayer.PlaybackState.StoppedState, timeout=5000)
    assert panel.play_button.text() == "Play"
    assert tab.viewer.save_button.isEnabled()  # the way out the sentence names
