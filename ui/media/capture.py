"""From an audio input device to a :class:`fieldnotes.media.recording.Recording`.

Push mode, as Qt 6 works from Python: ``QAudioSource.start()`` returns the device's own
QIODevice and we read it on ``readyRead`` (handing a Python QIODevice to ``start(device)`` does
not work). Pause is ``suspend()``/``resume()``; at a pause the recording is made durable. A test
gives :class:`Capture` a source of its own with the same three calls and a device that emits
``readyRead``, so the code under test is the code that runs with a microphone.
"""

from __future__ import annotations

from array import array

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtMultimedia import QAudio, QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.media import wav

RATES = (48000, 44100, 32000, 16000)


def input_devices() -> list[QAudioDevice]:
    return list(QMediaDevices.audioInputs())


def choose_format(device: QAudioDevice) -> QAudioFormat:
    """Signed 16-bit, mono if the device offers it, at the best common rate it supports."""
    preferred = device.preferredFormat()
    for channels in (1, 2):
        for rate in (*RATES, preferred.sampleRate()):
            fmt = QAudioFormat()
            fmt.setSampleRate(rate)
            fmt.setChannelCount(channels)
            fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
            if device.isFormatSupported(fmt):
                return fmt
    raise FieldnotesError(_("This microphone offers no 16-bit format Fieldnotes can record."))


def pcm_format(fmt: QAudioFormat) -> wav.PcmFormat:
    return wav.PcmFormat(fmt.sampleRate(), fmt.channelCount(), 16)


def open_source(device: QAudioDevice, fmt: QAudioFormat, parent=None) -> QAudioSource:
    source = QAudioSource(device, fmt, parent)
    source.setBufferSize(fmt.bytesForDuration(500_000))  # half a second between reads at most
    return source


def peak(data: bytes) -> float:
    """Loudest sample of a piece of 16-bit audio, 0..1."""
    samples = array("h")
    samples.frombytes(data[: len(data) & ~1])
    if not samples:
        return 0.0
    return max(max(samples), -min(samples)) / 32768


class Capture(QObject):
    """Reads a source into a recording; tells the window the level and the time."""

    level = Signal(float)
    elapsed = Signal(float)
    failed = Signal(str)

    def __init__(self, source, recording, parent=None):
        super().__init__(parent)
        self.source = source
        self.recording = recording
        self.device = None
        self.paused = False

    def start(self) -> None:
        self.recording.start()
        self.device = self.source.start()
        if self.device is None:
            raise FieldnotesError(_("The microphone could not be opened."))
        self.device.readyRead.connect(self.read, Qt.ConnectionType.QueuedConnection)
        state_changed = getattr(self.source, "stateChanged", None)
        if state_changed is not None:
            state_changed.connect(self._state)

    def read(self) -> None:
        if self.device is None:
            return
        data = bytes(self.device.readAll())
        if not data:
            return
        try:
            self.recording.feed(data)
        except FieldnotesError as exc:
            self.failed.emit(exc.message)
            return
        self.level.emit(peak(data))
        self.elapsed.emit(self.recording.elapsed)

    def pause(self) -> None:
        self.read()
        self.source.suspend()
        self.paused = True
        self.recording.sync()
        self.level.emit(0.0)

    def resume(self) -> None:
        self.source.resume()
        self.paused = False

    def stop(self):
        """Stop the device and finish the recording; returns the stored attachment."""
        self.read()
        self._detach()
        return self.recording.stop()

    def abort(self) -> None:
        self._detach()
        self.recording.abort()

    def halt(self) -> None:
        """Stop the device after the recording failed (what was durable is kept)."""
        self._detach()

    def _detach(self) -> None:
        if self.device is not None:
            self.device.readyRead.disconnect(self.read)
        self.source.stop()
        self.device = None

    def _state(self, state) -> None:
        error = getattr(self.source, "error", lambda: QAudio.Error.NoError)()
        if state == QAudio.State.StoppedState and error != QAudio.Error.NoError \
                and self.device is not None:
            self.failed.emit(_("The microphone stopped delivering sound."))
