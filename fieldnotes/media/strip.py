"""Working copies for sharing: the same picture with what identifies a person, a device or a
place taken out — EXIF (GPS, serial numbers, owner, camera, capture time), XMP, IPTC,
comments, embedded thumbnails and trailing data.

The pixels are not touched: the file is re-assembled from its own segments (JPEG) or chunks
(PNG), keeping only those needed to draw it, so the image data is byte for byte the
original's and nothing is re-encoded. A JPEG keeps its orientation in a minimal EXIF block
of one tag, so it is still shown upright. Both filters stream: memory stays at one segment
whatever the size. The original is never altered; the copy is a new attachment that names
it (``working_copy_of``).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _

Read = Callable[[int], bytes]
PIECE = 1 << 20

# JPEG markers kept before the image data: JFIF (APP0), ICC profile (APP2 "ICC_PROFILE"),
# Adobe colour transform (APP14), tables, frame and scan headers. All other APPn (EXIF, XMP,
# IPTC, MPF, maker data) and COM are dropped.
_SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_KEEP = {0xC4, 0xCC, 0xDB, 0xDD, 0xDA, 0xE0, 0xEE} | _SOF
# PNG chunks needed to draw the image; text, time, EXIF and private chunks are dropped.
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
             b"sBIT", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV", b"cLLI"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = ("image/jpeg", "image/png")


def supported(mime: str) -> bool:
    return mime in KINDS


def _damaged() -> FieldnotesError:
    return FieldnotesError(_("This image is damaged; no working copy was made."))


class _Reader:
    def __init__(self, read: Read):
        self._read, self._buf = read, b""

    def exact(self, n: int) -> bytes:
        while len(self._buf) < n:
            more = self._read(max(PIECE, n - len(self._buf)))
            if not more:
                raise _damaged()
            self._buf += more
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def some(self) -> bytes:
        """Whatever is buffered, else the next piece (b"" at the end)."""
        if self._buf:
            out, self._buf = self._buf, b""
            return out
        return self._read(PIECE)

    def push_back(self, data: bytes) -> None:
        self._buf = data + self._buf


def _orientation_exif(orientation: int) -> bytes:
    """An APP1 EXIF segment holding only the Orientation tag (big-endian TIFF, one IFD entry)."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(
        ">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def jpeg(read: Read, orientation: int | None = None) -> Iterator[bytes]:
    """Stream a JPEG without its metadata (see module)."""
    src = _Reader(read)
    if src.exact(2) != b"\xff\xd8":
        raise _damaged()
    yield b"\xff\xd8"
    wrote_orientation = False
    while True:
        marker = src.exact(2)
        while marker[0] == 0xFF and marker[1] == 0xFF:  # fill bytes
            marker = marker[1:] + src.exact(1)
        if marker[0] != 0xFF:
            raise _damaged()
        code = marker[1]
        if code == 0xD9:  # EOI: anything after it (MPF previews, appended data) is dropped
            yield marker
            return
        if 0xD0 <= code <= 0xD7 or code == 0x01:
            yield marker
            continue
        length = struct.unpack(">H", src.exact(2))[0]
        if length < 2:
            raise _damaged()
        body = src.exact(length - 2)
        keep = code in _KEEP or (code == 0xE2 and body.startswith(b"ICC_PROFILE\x00"))
        if keep and not wrote_orientation and code != 0xE0 and orientation not in (None, 1):
            yield _orientation_exif(orientation)
            wrote_orientation = True
        if keep:
            yield marker + struct.pack(">H", length) + body
        if code == 0xDA:
            yield from _entropy(src)


def _entropy(src: _Reader) -> Iterator[bytes]:
    """Copy entropy-coded data up to the next marker that is not a restart or a stuffed 0xFF."""
    carry = b""
    while True:
        data = carry + src.some()
        if not data:
            raise _damaged()
        pos = 0
        while True:
            i = data.find(b"\xff", pos)
            if i < 0 or i == len(data) - 1:
                cut = len(data) if i < 0 else i
                yield data[:cut]
                carry = data[cut:]
                break
            nxt = data[i + 1]
            if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
                pos = i + 1 if nxt == 0xFF else i + 2
                continue
            yield data[:i]
            src.push_back(data[i:])
            return


def png(read: Read) -> Iterator[bytes]:
    """Stream a PNG with only the chunks needed to draw it (see module)."""
    src = _Reader(read)
    if src.exact(8) != PNG_SIGNATURE:
        raise _damaged()
    yield PNG_SIGNATURE
    while True:
        head = src.exact(8)
        length, ctype = struct.unpack(">I", head[:4])[0], head[4:]
        if length > 1 << 31:
            raise _damaged()
        keep = ctype in _PNG_KEEP
        crc = zlib.crc32(ctype)
        if keep:
            yield head
        left = length
        while left:
            piece = src.exact(min(left, PIECE))
            left -= len(piece)
            crc = zlib.crc32(piece, crc)
            if keep:
                yield piece
        tail = src.exact(4)
        if struct.unpack(">I", tail)[0] != crc:
            raise _damaged()
        if keep:
            yield tail
        if ctype == b"IEND":
            return


class Stripped:
    """A readable stream (``read(n)``) of the stripped copy, for the store's intake."""

    def __init__(self, read: Read, mime: str, orientation: int | None = None):
        if mime == "image/jpeg":
            self._parts = jpeg(read, orientation)
        elif mime == "image/png":
            self._parts = png(read)
        else:
            raise FieldnotesError(_("Fieldnotes can make a stripped working copy of JPEG and "
                                    "PNG images only."))
        self._buf = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buf) < n:
            part = next(self._parts, None)
            if part is None:
                break
            self._buf += part
        if n < 0:
            n = len(self._buf)
        out, self._buf = self._buf[:n], self._buf[n:]
        return out
