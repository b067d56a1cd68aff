"""The smoke test's media half (ui.media.media_check): what it proves in a frozen build — a
recording loaded by QMediaPlayer and decoded sample-exact through the FFmpeg plugin from a
device, a PDF rendered by QtPdf — holds here, and each check notices when it does not."""

from __future__ import annotations

import pytest

from ui.media import media_check

pytestmark = pytest.mark.gui


def test_playback_decoding_and_pdf_work(qtbot):
    assert media_check.run() == []


def test_the_decoder_check_notices_samples_that_differ(qtbot, monkeypatch):
    real = media_check._device
    # the device hands FFmpeg a WAV whose last sample differs from the one the check expects
    monkeypatch.setattr(media_check, "_device", lambda data: real(data[:-2] + b"\x01\x7f"))
    problem = media_check.check_decoder(bytes(3200))
    assert problem.startswith("QAudioDecoder gave 3200 bytes that differ")


def test_the_player_check_notices_media_it_cannot_load(qtbot, monkeypatch):
    monkeypatch.setattr(media_check, "TIMEOUT_MS", 5000)
    monkeypatch.setattr(media_check.wav, "header", lambda fmt: b"not a recording at all")
    assert media_check.check_player(bytes(3200)).startswith("QMediaPlayer could not load")


def test_the_pdf_check_notices_a_page_rendered_wrong(qtbot, monkeypatch):
    monkeypatch.setattr(media_check, "_pdf_with_square", lambda: _blank_pdf())
    assert media_check.check_pdf().startswith("QPdfDocument rendered the page wrong")


def _blank_pdf() -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPainter, QPdfWriter

    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    painter = QPainter(writer)
    painter.end()
    return bytes(buf.data())
