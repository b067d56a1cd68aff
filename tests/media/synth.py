"""Synthetic audio and an in-memory sink, for tests that cannot use a microphone."""

from __future__ import annotations

import io
import math
import struct
from array import array
from types import SimpleNamespace


def tone(seconds: float, rate: int = 48000, channels: int = 1, freq: float = 440.0,
         start: int = 0) -> bytes:
    """A sine with a little deterministic noise, as little-endian int16 PCM (not a pure tone, so
    a decoder that dropped or repeated samples would show)."""
    n = int(seconds * rate)
    samples = array("h")
    for i in range(start, start + n):
        v = int(12000 * math.sin(2 * math.pi * freq * i / rate)) + (i * 7919) % 301 - 150
        samples.extend([v] * channels)
    return samples.tobytes()


class MemorySink:
    """The append API's shape, over memory: what a real store would hold, and how much of it
    was durable at each sync."""

    def __init__(self):
        self.buf = io.BytesIO()
        self.durable = 0
        self.extras: list[dict] = []
        self.finished: dict | None = None
        self.aborted = self.closed = False

    def append(self, data) -> None:
        self.buf.write(data)

    def sync(self, extra: dict) -> int:
        self.durable = self.buf.tell()
        self.extras.append(extra)
        return self.durable

    def finish(self, extra: dict):
        self.finished = extra
        return SimpleNamespace(id="att", sha256="", size=self.buf.tell())

    def abort(self) -> None:
        self.aborted = True

    def close(self) -> None:
        self.closed = True


# -- images with metadata -------------------------------------------------------------------------

def _ifd(entries: list[tuple[int, int, int, bytes]], start: int) -> tuple[bytes, bytes]:
    """A big-endian TIFF IFD at offset ``start``: (ifd bytes, data area that follows it).
    entries: (tag, type, count, raw value bytes)."""
    entries = sorted(entries)
    data_at = start + 2 + 12 * len(entries) + 4
    table, data = struct.pack(">H", len(entries)), b""
    for tag, typ, count, raw in entries:
        if len(raw) <= 4:
            table += struct.pack(">HHI", tag, typ, count) + raw.ljust(4, b"\x00")
        else:
            table += struct.pack(">HHII", tag, typ, count, data_at + len(data))
            data += raw + (b"\x00" if len(raw) % 2 else b"")
    return table + struct.pack(">I", 0), data


def _ascii(tag: int, text: str) -> tuple[int, int, int, bytes]:
    raw = text.encode() + b"\x00"
    return (tag, 2, len(raw), raw)


def _rationals(tag: int, *values: tuple[int, int]) -> tuple[int, int, int, bytes]:
    return (tag, 5, len(values), b"".join(struct.pack(">II", n, d) for n, d in values))


def exif_app1(orientation: int = 6) -> bytes:
    """An APP1 EXIF segment with camera, serial number, capture time and a GPS position
    (48°51'30.13"N 2°17'40.2"E)."""
    exif_entries = [_ascii(0x9003, "2024:03:01 09:15:00"), _ascii(0xA431, "SN-0042-XYZ"),
                    _ascii(0xA430, "Wang Quanzhang")]
    gps_entries = [_ascii(1, "N"), _rationals(2, (48, 1), (51, 1), (3013, 100)),
                   _ascii(3, "E"), _rationals(4, (2, 1), (17, 1), (402, 10))]
    ifd0_entries = [_ascii(0x010F, "Acme"), _ascii(0x0110, "Phone 7"),
                    (0x0112, 3, 1, struct.pack(">H", orientation)),
                    (0x8769, 4, 1, b"\x00\x00\x00\x00"), (0x8825, 4, 1, b"\x00\x00\x00\x00")]
    # lay out: header(8) IFD0 | exif IFD | gps IFD, patching the two pointers once sizes are known
    ifd0, data0 = _ifd(ifd0_entries, 8)
    exif_at = 8 + len(ifd0) + len(data0)
    exif, exif_data = _ifd(exif_entries, exif_at)
    gps_at = exif_at + len(exif) + len(exif_data)
    ifd0_entries[3] = (0x8769, 4, 1, struct.pack(">I", exif_at))
    ifd0_entries[4] = (0x8825, 4, 1, struct.pack(">I", gps_at))
    ifd0, data0 = _ifd(ifd0_entries, 8)
    gps, gps_data = _ifd(gps_entries, gps_at)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + data0 + exif + exif_data + gps + gps_data
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def segment(code: int, body: bytes) -> bytes:
    return bytes([0xFF, code]) + struct.pack(">H", len(body) + 2) + body


def jpeg_with_metadata(plain_jpeg: bytes, orientation: int = 6) -> bytes:
    """``plain_jpeg`` with EXIF (GPS, serial, owner), XMP, IPTC and a comment inserted after SOI,
    and a trailing 'preview' after EOI."""
    xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>Wang</x:xmpmeta>")
    iptc = segment(0xED, b"Photoshop 3.0\x00" + b"8BIM" + b"Wang Quanzhang")
    com = segment(0xFE, b"taken at the detention centre gate")
    return (plain_jpeg[:2] + exif_app1(orientation) + xmp + iptc + com + plain_jpeg[2:]
            + b"\xff\xd8PREVIEW-with-GPS\xff\xd9")


# -- a synthetic microphone: QAudioSource's push-mode surface ------------------------------------

def synthetic_sources(rate: int = 16000, channels: int = 1):
    """(names, factory) as RecorderPanel takes them; the factory's source is kept on
    ``factory.last`` so a test can push sound into it."""
    from PySide6.QtMultimedia import QAudioFormat

    def factory(_index: int):
        fmt = QAudioFormat()
        fmt.setSampleRate(rate)
        fmt.setChannelCount(channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        factory.last = SyntheticSource()
        return factory.last, fmt

    factory.last = None
    return ["Synthetic microphone"], factory


def _push_device():
    from PySide6.QtCore import QIODevice

    class PushDevice(QIODevice):
        """What QAudioSource.start() returns: sequential, readable, readyRead when sound came."""

        def __init__(self):
            super().__init__()
            self.buf = bytearray()
            self.open(QIODevice.OpenModeFlag.ReadOnly)

        def isSequential(self) -> bool:  # noqa: N802
            return True

        def bytesAvailable(self) -> int:  # noqa: N802
            return len(self.buf) + super().bytesAvailable()

        def readData(self, maxlen: int):  # noqa: N802
            out = bytes(self.buf[:maxlen])
            del self.buf[:maxlen]
            return out

        def writeData(self, data) -> int:  # noqa: N802
            return -1

        def push(self, data: bytes) -> None:
            self.buf.extend(data)
            self.readyRead.emit()

    return PushDevice()


class SyntheticSource:
    """start/suspend/resume/stop like QAudioSource; ``speak`` delivers sound unless suspended
    (a suspended device captures nothing)."""

    def __init__(self):
        self.device = None
        self.suspended = self.stopped = False

    def start(self):
        self.device = _push_device()
        return self.device

    def suspend(self) -> None:
        self.suspended = True

    def resume(self) -> None:
        self.suspended = False

    def stop(self) -> None:
        self.stopped = True

    def speak(self, data: bytes) -> bool:
        if self.suspended or self.stopped:
            return False
        self.device.push(data)
        return True


# -- video, encoded by Qt's own FFmpeg backend ----------------------------------------------------

RED, BLUE = (200, 30, 30), (30, 30, 200)


def video(qtbot, path, seconds: int = 2, size=(160, 120), fps: int = 10,
          colours=(RED, BLUE), container: str = "MPEG4") -> None:
    """Encode a silent MPEG-4 Part 2 video at ``path`` with QMediaRecorder fed by
    QVideoFrameInput (Qt >= 6.8, nothing installed besides PySide6): the frames are solid
    ``colours`` in equal parts of the length, so a test can tell where a frame came from.

    Two things make the length exact: the frames carry their stream frame rate (without it the
    backend drops frames it thinks arrive too fast), and the recorder is stopped only once it
    reports the last frame written (stopping earlier cuts off what is still queued)."""
    from PySide6.QtCore import QSize, QUrl
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtMultimedia import (
        QMediaCaptureSession,
        QMediaFormat,
        QMediaRecorder,
        QVideoFrame,
        QVideoFrameInput,
    )

    w, h = size
    total = seconds * fps
    images = []
    for rgb in colours:
        image = QImage(w, h, QImage.Format.Format_RGB32)
        image.fill(QColor(*rgb))
        images.append(image)
    session, recorder = QMediaCaptureSession(), QMediaRecorder()
    # Qt 6.11's QVideoFrameInput refuses every frame when made with a format; without one it
    # takes the format of the first frame (each frame still carries its rate).
    source = QVideoFrameInput()
    session.setRecorder(recorder)
    session.setVideoFrameInput(source)
    media = QMediaFormat(getattr(QMediaFormat.FileFormat, container))
    media.setVideoCodec(QMediaFormat.VideoCodec.MPEG4)
    recorder.setMediaFormat(media)
    recorder.setVideoResolution(QSize(w, h))
    recorder.setVideoFrameRate(fps)
    recorder.setQuality(QMediaRecorder.Quality.VeryHighQuality)
    recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
    recording = QMediaRecorder.RecorderState.RecordingState
    sent, errors = [0], []

    def stop_when_written(*_args) -> None:
        last = (total - 1) * 1000 // fps
        if sent[0] >= total and recorder.duration() >= last \
                and recorder.recorderState() == recording:
            recorder.stop()

    def send(*_args) -> None:
        while recorder.recorderState() == recording and sent[0] < total:
            frame = QVideoFrame(images[sent[0] * len(images) // total])
            frame.setStartTime(sent[0] * 1_000_000 // fps)
            frame.setEndTime((sent[0] + 1) * 1_000_000 // fps)
            frame.setStreamFrameRate(fps)
            if not source.sendVideoFrame(frame):
                return  # the queue is full: readyToSendVideoFrame comes back for more
            sent[0] += 1
        stop_when_written()

    source.readyToSendVideoFrame.connect(send)
    recorder.recorderStateChanged.connect(send)
    recorder.durationChanged.connect(stop_when_written)
    recorder.errorOccurred.connect(lambda _e, text: errors.append(text))
    recorder.record()
    qtbot.waitUntil(lambda: errors or (sent[0] >= total and recorder.recorderState()
                                       == QMediaRecorder.RecorderState.StoppedState),
                    timeout=30000)
    assert not errors, errors
