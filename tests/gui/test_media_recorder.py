"""The recorder window fed by a synthetic microphone through the device interface QAudioSource
offers (start() → a QIODevice that emits readyRead): what reaches the store is, sample for
sample, what the microphone delivered — pauses leave no gap or duplicate, markers keep their
moment and label."""

from __future__ import annotations

import io
import wave

import pytest
from PySide6.QtCore import Qt

from tests.media.synth import MemorySink, synthetic_sources, tone

pytestmark = pytest.mark.gui


def _panel(qtbot):
    from ui.media.recorder import RecorderPanel

    sink = MemorySink()
    names, factory = synthetic_sources(16000)
    panel = RecorderPanel(lambda pcm: (lambda: sink), (names, factory))
    qtbot.addWidget(panel)
    panel.show()
    return panel, sink, factory


def _speak(qtbot, panel, source, pcm: bytes, piece: int = 3200) -> None:
    before = panel.capture.recording._fed
    for i in range(0, len(pcm), piece):
        assert source.speak(pcm[i:i + piece])
    qtbot.waitUntil(lambda: panel.capture.recording._fed == before + len(pcm))


def test_record_pause_mark_resume_stop_stores_exactly_what_was_heard(qtbot):
    panel, sink, factory = _panel(qtbot)
    assert panel.device.currentText() == "Synthetic microphone"
    assert not panel.stop_button.isEnabled()
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert panel.state == "recording"
    source = factory.last
    first, second = tone(1.5, 16000), tone(1.0, 16000, freq=220, start=24000)
    _speak(qtbot, panel, source, first)
    assert panel.meter.value() > 20  # the level shows
    assert panel.elapsed.text() == "00:00:01"
    panel.marker_label.setText("describes detention")
    qtbot.keyClick(panel.marker_label, Qt.Key.Key_F8)  # one key, even while typing the label
    assert panel.markers.count() == 1
    assert panel.markers.item(0).text() == "00:00:01  describes detention"

    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.state == "paused" and source.suspended
    assert panel.pause_button.text() == "Resume"
    assert not source.speak(tone(0.5, 16000))  # a suspended device hears nothing
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    _speak(qtbot, panel, source, second)
    qtbot.keyClick(panel, Qt.Key.Key_F8)

    with qtbot.waitSignal(panel.saved, timeout=5000):
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert source.stopped and panel.state == "done"
    with wave.open(io.BytesIO(sink.buf.getvalue())) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1
        assert w.readframes(10**9) == first + second  # sample for sample
    assert sink.finished["markers"] == [{"at_ms": 1500, "label": "describes detention"},
                                        {"at_ms": 2500, "label": ""}]
    assert sink.finished["duration"] == 2.5
    assert "Saved in the vault: 00:00:02" in panel.durable.text()


def test_a_marker_label_can_be_corrected_before_stopping(qtbot):
    panel, sink, factory = _panel(qtbot)
    panel.record()
    _speak(qtbot, panel, factory.last, tone(0.5, 16000))
    panel.mark()
    panel.markers.item(0).setText("00:00:00  consent given")
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.stop()
    assert sink.finished["markers"] == [{"at_ms": 500, "label": "consent given"}]


def test_a_failing_store_stops_with_a_sentence_and_keeps_what_was_durable(qtbot):
    panel, sink, factory = _panel(qtbot)

    def broken(data):
        raise OSError(28, "No space left on device")

    panel.record()
    sink.append = broken
    factory.last.speak(tone(0.2, 16000))
    qtbot.waitUntil(lambda: panel.capture is None or panel.capture.recording.error is not None)
    factory.last.speak(tone(0.2, 16000))
    qtbot.waitUntil(lambda: panel.error.isVisible())
    assert "The disk is full, so the recording stopped" in panel.error.text()
    assert "No space left" not in panel.error.text()  # the system's English never shown
    assert panel.state == "idle" and sink.closed and sink.finished is None


def test_a_testimony_records_its_interview_into_the_vault(case_view, qtbot, monkeypatch):
    import ui.media.recorder as recorder_mod
    from fieldnotes import attachments

    names, factory = synthetic_sources(16000)
    monkeypatch.setattr(recorder_mod, "default_sources", lambda: (names, factory))
    store = case_view.session.store
    testimony = store.create("testimony", {"text": "…", "consent": {"scope": "internal"}},
                             case_view.case_id)
    tab = case_view.tabs_by_type["testimony"]
    tab.reload(select=testimony)
    button = case_view.record_button
    assert button.isVisibleTo(tab.form)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = tab.form.recorder.panel
    panel.record()
    heard = tone(2.0, 16000)
    _speak(qtbot, panel, factory.last, heard)
    panel.marker_label.setText("consent given")
    panel.mark()
    with qtbot.waitSignal(panel.saved, timeout=10000) as done:
        panel.stop()
    att = store.get(done.args[0].id)
    assert att["data"]["record_id"] == testimony
    assert att["data"]["markers"] == [{"at_ms": 2000, "label": "consent given"}]
    assert att["data"]["duration_ms"] == 2000
    stored = attachments.read_all(case_view.session.conn, att["data"]["sha256"])
    with wave.open(io.BytesIO(stored)) as w:
        assert w.readframes(10**9) == heard
    shown = case_view.tabs_by_type["attachment"].model.records()
    assert att["id"] in [r["id"] for r in shown]
    tab.form.recorder.close()


def test_the_idle_lock_waits_while_an_interview_is_recorded(qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.shell.lock import IdleWatcher

    window = QWidget()  # stands for the app window, which owns the idle watcher
    window.idle = IdleWatcher(400, window)
    qtbot.addWidget(window)
    panel, _sink, factory = _panel(qtbot)
    fired = []
    window.idle.idle.connect(lambda: fired.append(panel.state))
    panel.record()
    window.idle.start()
    for i in range(12):  # 1.2 s of recording, three idle timeouts' worth
        _speak(qtbot, panel, factory.last, tone(0.1, 16000, start=i * 1600))
        qtbot.wait(100)
    assert fired == []
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.stop()
    qtbot.waitUntil(lambda: fired == ["done"], timeout=2000)  # idle again: it locks
