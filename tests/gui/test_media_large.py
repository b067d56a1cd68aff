"""A large video through the window: added with a progress bar that reaches the end and a
Cancel button available all along, then played from its last second; cancelled, it leaves
nothing behind. The 2 GiB run is slow (the bench, bench/large_media_bench.py, measures its
memory and time); the cancel runs on a smaller file."""

from __future__ import annotations

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from tests.gui.test_media_video import BLUE, LOADED, _frames, _near
from tests.media.spread import spread
from tests.media.synth import video

pytestmark = pytest.mark.gui


def _big_video(qtbot, tmp_path, size):
    clip = tmp_path / "clip.mp4"
    video(qtbot, clip, seconds=2)
    (tmp_path / "incoming").mkdir()
    big = tmp_path / "incoming" / "long-interview.mp4"
    spread(clip.read_bytes(), big, size)
    clip.unlink()
    return big


@pytest.mark.slow
def test_a_2_gib_video_is_added_with_progress_and_cancel_then_plays_its_end(case_view,
                                                                            tmp_path, qtbot):
    size = 2 << 30
    big = _big_video(qtbot, tmp_path, size)
    tab = case_view.tabs_by_type["attachment"]
    seen = []  # (bar value, maximum, Cancel shown and enabled, done, total) at each report
    tab.add_files([big])
    worker = tab.worker
    bar, cancel = tab.progress.bar, tab.progress.cancel_button
    worker.progress.connect(lambda d, t: seen.append(
        (bar.value(), bar.maximum(), cancel.isVisibleTo(tab) and cancel.isEnabled(), d, t)))
    with qtbot.waitSignal(worker.succeeded, timeout=600_000) as done:
        pass
    # The worker reports at most every 50 ms, so the count follows the machine's speed: ten
    # reports means the bar moved while 2 GiB went in (under 4 GB/s), never jumped 0 -> 100.
    assert len(seen) >= 10 and all(s[2] for s in seen)
    # 100 %, reported in bytes past 2**31 (a C int would overflow) on a per-mille bar
    assert seen[-1] == (1000, 1000, True, size, size)
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)
    big.unlink()
    rid = done.args[0][0]
    tab.select(rid)
    assert tab.viewer.record["data"]["size"] == size
    panel = tab.viewer.player
    frames = _frames(panel)
    qtbot.waitUntil(lambda: panel.player.mediaStatus() in LOADED, timeout=30000)
    panel.seek(1900)
    panel.toggle()
    qtbot.waitUntil(lambda: any(_near(f[2], BLUE) and f[3] >= 1_800_000 for f in frames),
                    timeout=30000)
    assert panel.device.bytes_read < 16 << 20  # a little of the 2 GiB, read where needed
    panel.player.stop()
    assert panel.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState


def test_cancelling_a_large_video_leaves_nothing(case_view, tmp_path, qtbot):
    big = _big_video(qtbot, tmp_path, 192 << 20)
    tab = case_view.tabs_by_type["attachment"]
    store = case_view.session.store
    before = case_view.session.vault.conn.execute("SELECT count(*) FROM blobs").fetchone()[0]
    tab.add_files([big])
    worker = tab.worker
    worker.progress.connect(lambda *_: tab.progress.cancel_button.click())
    with qtbot.waitSignal(worker.finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: tab.progress.isHidden())
    assert not store.list("attachment")
    assert case_view.session.vault.conn.execute(
        "SELECT count(*) FROM blobs").fetchone()[0] == before
    assert tab.add_button.isEnabled()
    assert big.exists()  # the source is untouched


def test_the_worker_reports_progress_past_2_gib(qtbot):
    from ui.workers import Worker

    worker, got = Worker(), []
    worker.progress.connect(lambda done, total: got.append((done, total)))
    with qtbot.waitSignal(worker.finished, timeout=10000):
        worker.start(lambda job: job.step(5 << 30, 5 << 30))
    assert got == [(5 << 30, 5 << 30)]
