"""The media half of the smoke test: can this installation play a recording and show a PDF?

``--self-test`` proves the recording pipeline without Qt (the CLI never imports it); this
proves the Qt side a frozen build can lose without anything else noticing: the FFmpeg
multimedia plugin and the libraries it links (FFmpeg, QtQuick, QtOpenGL), and QtPdf. It goes
the way the app does, through :class:`ui.media.blob_device.BlobDevice` (a Python QIODevice
that Qt's FFmpeg backend reads from its own thread), with made-up data held in memory:

* a 16 kHz WAV of noise, in the app's streaming format, is loaded by ``QMediaPlayer``
  (``setSourceDevice``; no sound output, so no sound server is needed) until FFmpeg reports
  the media loaded with its duration, and decoded by ``QAudioDecoder`` sample for sample;
* a one-page PDF drawn by ``QPdfWriter`` is opened by ``QPdfDocument`` from a device and its
  page rendered, and the black square drawn on it must come out black.

``run()`` returns the problems found (an empty list when all is well); each is one sentence
for the packager, not the user (this runs only under ``--smoke-test``).
"""

from __future__ import annotations

import secrets

from PySide6.QtCore import QBuffer, QElapsedTimer, QEventLoop, QIODevice, QRect, QSize, QTimer, QUrl
from PySide6.QtGui import QColor, QPageSize, QPainter, QPdfWriter

from fieldnotes.media import wav

RATE, SECONDS = 16000, 1.0
TIMEOUT_MS = 15000


class _Bytes:
    """What BlobDevice reads from (size, seek, read), over bytes in memory."""

    def __init__(self, data: bytes):
        self.size, self._data, self._pos = len(data), data, 0

    def seek(self, pos: int) -> None:
        self._pos = pos

    def read(self, n: int) -> bytes:
        out = self._data[self._pos:self._pos + n]
        self._pos += len(out)
        return out


def _device(data: bytes):
    from ui.media.blob_device import BlobDevice

    return BlobDevice(_Bytes(data))


def _wait(done, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Run the event loop until ``done()`` or the timeout; True if done."""
    loop, timer, clock = QEventLoop(), QTimer(), QElapsedTimer()
    timer.timeout.connect(loop.quit)
    timer.start(20)
    clock.start()
    while not done() and clock.elapsed() < timeout_ms:
        loop.exec()
    timer.stop()
    return bool(done())


def check_player(pcm: bytes) -> str:
    from PySide6.QtMultimedia import QMediaPlayer

    player = QMediaPlayer()
    errors: list[str] = [player.errorString()] if player.errorString() else []
    player.errorOccurred.connect(lambda _e, text: errors.append(text))
    device = _device(wav.header(wav.PcmFormat(RATE, 1)) + pcm)
    player.setSourceDevice(device, QUrl("smoke-test.wav"))
    loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
    ok = _wait(lambda: errors or (player.mediaStatus() in loaded and player.duration() > 0))
    duration, status, available = player.duration(), player.mediaStatus(), player.isAvailable()
    player.setSource(QUrl())
    device.close()
    if errors or not ok:
        why = errors[0] if errors else (
            f"status {status.name}, duration {duration} ms after {TIMEOUT_MS // 1000} s"
            + ("" if available else " (no media backend)"))
        return f"QMediaPlayer could not load a WAV from a device: {why}"
    if abs(duration - SECONDS * 1000) > 50:
        return f"QMediaPlayer read a {SECONDS:g} s recording as {duration} ms"
    return ""


def check_decoder(pcm: bytes) -> str:
    from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

    decoder = QAudioDecoder()
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    decoder.setAudioFormat(fmt)
    device = _device(wav.header(wav.PcmFormat(RATE, 1)) + pcm)
    decoder.setSourceDevice(device)
    out, state = bytearray(), {"done": False, "error": ""}
    decoder.bufferReady.connect(lambda: out.extend(bytes(decoder.read().data())))
    decoder.finished.connect(lambda: state.update(done=True))
    decoder.error.connect(lambda _e: state.update(done=True, error=decoder.errorString()))
    decoder.start()
    _wait(lambda: state["done"])
    decoder.stop()
    device.close()
    if state["error"] or not state["done"]:
        why = state["error"] or f"no end after {TIMEOUT_MS // 1000} s"
        return f"QAudioDecoder could not decode a WAV from a device: {why}"
    if bytes(out) != pcm:
        return f"QAudioDecoder gave {len(out)} bytes that differ from the {len(pcm)} recorded"
    return ""


def _pdf_with_square() -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    painter = QPainter(writer)
    # the middle third of the page, in device units
    w, h = painter.device().width(), painter.device().height()
    painter.fillRect(QRect(w // 3, h // 3, w // 3, h // 3), QColor("black"))
    painter.end()
    return bytes(buf.data())


def check_pdf() -> str:
    from PySide6.QtPdf import QPdfDocument

    device = _device(_pdf_with_square())
    doc = QPdfDocument()
    doc.load(device)
    _wait(lambda: doc.status() in (QPdfDocument.Status.Ready, QPdfDocument.Status.Error))
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() != 1:
        return (f"QPdfDocument could not open a PDF from a device: status "
                f"{doc.status().name}, {doc.pageCount()} pages")
    image = doc.render(0, QSize(150, 210))
    doc.close()
    device.close()
    if image.isNull():
        return "QPdfDocument rendered nothing"
    middle, corner = image.pixelColor(75, 105), image.pixelColor(5, 5)
    # the page's background may come out transparent (QPdfDocument does not fill it)
    if middle.alpha() < 200 or middle.lightness() > 40 or (
            corner.alpha() > 50 and corner.lightness() < 200):
        return (f"QPdfDocument rendered the page wrong (middle {middle.name()}, "
                f"corner {corner.name()})")
    return ""


def run() -> list[str]:
    """The problems found, one sentence each; empty when playback and PDFs work."""
    pcm = secrets.token_bytes(int(RATE * SECONDS) * 2)  # noise is PCM
    return [p for p in (check_player(pcm), check_decoder(pcm), check_pdf()) if p]
