"""Metadata read at intake, and working copies with identifying metadata taken out while the
image data stays byte for byte the original's."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from fieldnotes.errors import FieldnotesError
from fieldnotes.media import metadata, strip, wav
from tests.media.synth import jpeg_with_metadata, tone

SECRETS = (b"Acme", b"SN-0042", b"Wang", b"PREVIEW", b"detention", b"xmpmeta", b"8BIM")


def _encoded(fmt: str) -> bytes:
    # from raw bytes: QImage.setPixelColor in a loop hits a refcount bug of PySide6 6.12 on
    # Python 3.11 (None is released once per call and the interpreter aborts at exit)
    raw = bytes(v for y in range(32) for x in range(64) for v in (x * 4, y * 8, (x * y) % 256))
    image = QImage(raw, 64, 32, 64 * 3, QImage.Format.Format_RGB888).copy()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buf, fmt)
    return bytes(buf.data())


def _decoded(data: bytes, auto: bool = False) -> QImage:
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    reader.setAutoTransform(auto)
    image = reader.read()
    assert not image.isNull()
    return image


def _scan(data: bytes) -> bytes:
    """The entropy-coded image data: from the first SOS to EOI."""
    return data[data.index(b"\xff\xda"):data.rindex(b"\xff\xd9", 0, data.index(b"\xff\xd8", 4)
                                                      if b"\xff\xd8" in data[4:] else len(data))]


def _strip(data: bytes, mime: str, orientation=None) -> bytes:
    return strip.Stripped(io.BytesIO(data).read, mime, orientation).read()


def test_exif_is_read_at_intake(qapp):
    photo = jpeg_with_metadata(_encoded("JPG"))
    meta = metadata.read(io.BytesIO(photo), "image/jpeg")
    assert meta["make"] == "Acme" and meta["model"] == "Phone 7"
    assert meta["captured"] == "2024:03:01 09:15:00"
    assert meta["serial"] == "SN-0042-XYZ" and meta["owner"] == "Wang Quanzhang"
    assert meta["orientation"] == 6 and meta["xmp"] is True
    assert meta["gps"] == {"lat": "48.858369", "lon": "2.294500"}
    assert metadata.identifying(meta) == ["gps", "serial", "owner", "xmp"]


def test_audio_duration_is_read(qapp):
    fmt = wav.PcmFormat(8000, 1)
    recorded = wav.header(fmt) + tone(2.5, 8000)
    assert metadata.read(io.BytesIO(recorded), "audio/wav") == {
        "duration_ms": 2500, "sample_rate": 8000, "channels": 1, "codec": "pcm"}
    assert metadata.read(io.BytesIO(b"garbage" * 100), "audio/mpeg") == {}


def test_a_stripped_jpeg_keeps_its_pixels_and_orientation_and_nothing_else(qapp):
    plain = _encoded("JPG")
    photo = jpeg_with_metadata(plain)
    copy = _strip(photo, "image/jpeg", orientation=6)
    for secret in SECRETS:
        assert secret in photo and secret not in copy
    assert _scan(copy) == _scan(plain)  # tables, frame, scan: the original's bytes
    assert _decoded(copy) == _decoded(photo)
    upright = _decoded(copy, auto=True)
    assert (upright.width(), upright.height()) == (32, 64)  # orientation 6 still applied
    meta = metadata.read(io.BytesIO(copy), "image/jpeg")
    assert meta == {"orientation": 6}


def _png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def test_a_stripped_png_drops_text_time_and_exif_chunks(qapp):
    plain = _encoded("PNG")
    end = plain.index(b"IDAT") - 4
    tagged = (plain[:end] + _png_chunk(b"tEXt", b"Author\x00Wang Quanzhang")
              + _png_chunk(b"eXIf", b"MM\x00*Acme") + _png_chunk(b"tIME", bytes(7))
              + plain[end:])
    copy = _strip(tagged, "image/png")
    assert b"Wang" not in copy and b"Acme" not in copy and b"tIME" not in copy
    assert copy == plain  # Qt writes only the chunks a PNG needs
    assert _decoded(copy) == _decoded(tagged)


def test_damaged_or_unsupported_files_give_one_sentence(qapp):
    photo = jpeg_with_metadata(_encoded("JPG"))
    with pytest.raises(FieldnotesError, match="damaged"):
        _strip(photo[:400], "image/jpeg")
    bad_crc = bytearray(_encoded("PNG"))
    bad_crc[40] ^= 0xFF
    with pytest.raises(FieldnotesError, match="damaged"):
        _strip(bytes(bad_crc), "image/png")
    with pytest.raises(FieldnotesError, match="JPEG and PNG"):
        strip.Stripped(io.BytesIO(b"%PDF").read, "application/pdf")
