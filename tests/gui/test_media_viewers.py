"""Viewing and playing attachments from the vault, from memory: PDFs through QtPdf, images
upright by their EXIF orientation with their metadata listed, recordings with their markers,
decoded sample for sample through the random-access device."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPointF
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat, QMediaPlayer

from fieldnotes import attachments
from fieldnotes.media import wav
from fieldnotes.vault import transaction
from tests.media.synth import jpeg_with_metadata, tone
from tests.media.test_metadata_strip import _encoded

pytestmark = pytest.mark.gui


def _pdf(pages: int) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    painter = QPainter(writer)
    for n in range(pages):
        if n:
            writer.newPage()
        painter.drawText(QPointF(200, 400), f"Statement page {n + 1}")
    painter.end()
    return bytes(buf.data())


def _attach(tab, qtbot, path):
    tab.add_files([path])
    with qtbot.waitSignal(tab.worker.succeeded, timeout=20000) as got:
        pass
    return got.args[0][0]


def test_a_pdf_is_shown_with_qtpdf_from_the_vault(case_view, tmp_path, qtbot):
    tab = case_view.tabs_by_type["attachment"]
    (tmp_path / "incoming").mkdir()
    f = tmp_path / "incoming" / "statement.pdf"
    f.write_bytes(_pdf(3))
    _attach(tab, qtbot, f)
    f.unlink()  # only the vault holds it now
    tab.list.setCurrentIndex(tab.model.index(0))
    viewer = tab.viewer
    assert viewer.stack.currentWidget() is viewer.pdf
    assert viewer.pdf.document.pageCount() == 3
    assert "Statement page 2" in viewer.pdf.document.getAllText(1).text()
    assert not list((tmp_path / "incoming").iterdir())  # nothing written beside it


def test_a_photo_is_upright_with_its_metadata_and_gets_a_working_copy(case_view, tmp_path,
                                                                      qtbot):
    tab = case_view.tabs_by_type["attachment"]
    f = tmp_path / "gate.jpg"
    f.write_bytes(jpeg_with_metadata(_encoded("JPG"), orientation=6))
    original = _attach(tab, qtbot, f)
    tab.select(original)
    viewer = tab.viewer
    image = viewer.shown_image
    assert (image.width(), image.height()) == (32, 64)  # rotated as EXIF says
    facts = viewer.facts.text()
    assert "GPS position: 48.858369, 2.294500  ⚠" in facts
    assert "Serial number: SN-0042-XYZ  ⚠" in facts and "Camera make: Acme" in facts
    assert viewer.copy_button.isVisibleTo(viewer)
    worker = viewer.make_working_copy()
    with qtbot.waitSignal(viewer.working_copy_made, timeout=20000) as made:
        pass
    assert worker is not None
    copy = case_view.session.store.get(made.args[0])
    assert copy["data"]["working_copy_of"] == original
    tab.reload(select=copy["id"])
    assert "Working copy of gate.jpg" in viewer.facts.text()
    assert "GPS" not in viewer.facts.text()
    assert (viewer.shown_image.width(), viewer.shown_image.height()) == (32, 64)
    assert not viewer.copy_button.isVisibleTo(viewer)


def _stored_recording(session, seconds=3.0, rate=8000):
    pcm = tone(seconds, rate)
    data = wav.header(wav.PcmFormat(rate, 1)) + pcm
    store = session.store
    case = store.list("case")[0]["id"]
    with transaction(store.conn):
        sha, size = attachments.intake(store.conn, io.BytesIO(data))
        rid = store.create("attachment", {
            "sha256": sha, "size": size, "filename": "interview.wav", "mime": "audio/wav",
            "duration_ms": int(seconds * 1000),
            "markers": [{"at_ms": 1000, "label": "consent given"},
                        {"at_ms": 2200, "label": "describes detention"}]}, case)
    return rid, sha, pcm


def test_a_recording_plays_with_its_markers_and_seeks_to_them(case_view, qtbot):
    tab = case_view.tabs_by_type["attachment"]
    rid, _sha, _pcm = _stored_recording(case_view.session)
    tab.reload(select=rid)
    player = tab.viewer.player
    assert tab.viewer.stack.currentWidget() is player
    assert [player.markers.item(i).text() for i in range(player.markers.count())] == [
        "00:00:01  consent given", "00:00:02  describes detention"]
    assert player.slider.marks == [1000, 2200] and player.slider.maximum() == 3000
    qtbot.waitUntil(lambda: player.player.mediaStatus() in (
        QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia),
        timeout=10000)
    assert not player.error.isVisibleTo(player)
    player.player.audioOutput().setVolume(0)
    player._jump(player.markers.item(1))
    qtbot.waitUntil(lambda: player.player.position() >= 2200, timeout=10000)
    assert player.player.position() < 3000
    tab.list.setCurrentIndex(tab.model.index(-1, 0))
    assert player.device is None  # unloading closes the device and its connection


def test_playback_through_the_device_is_sample_exact(case_view, qtbot):
    from ui.media.blob_device import open_device

    _rid, sha, pcm = _stored_recording(case_view.session, 2.0, 16000)
    device = open_device(case_view.session.vault, sha)
    decoder = QAudioDecoder()
    fmt = QAudioFormat()
    fmt.setSampleRate(16000)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    decoder.setAudioFormat(fmt)
    decoder.setSourceDevice(device)
    out = bytearray()
    decoder.bufferReady.connect(lambda: out.extend(bytes(decoder.read().data())))
    with qtbot.waitSignal(decoder.finished, timeout=20000):
        decoder.start()
    assert bytes(out) == pcm
    device.close()


def test_facts_carry_their_units():
    from ui.media.viewers import facts_lines

    assert facts_lines({"sample_rate": 8000, "duration_ms": 64000, "channels": 1}) == [
        "Duration: 00:01:04", "Sample rate: 8000 Hz", "Channels: 1"]
