"""A WAV stream that is written once, front to back, and never patched.

A recording goes into the append-only attachment store as it is captured, so its container
cannot be finished by seeking back to fill in lengths. The RIFF and ``data`` sizes are
therefore written as 0xFFFFFFFF, "to the end of the file" — what ``arecord`` and FFmpeg write
when they stream WAV into a pipe, and what FFmpeg (VLC, mpv, Qt Multimedia), libsndfile
(Audacity), SoX and Python's ``wave`` read as "the samples run to the end of the file". The
samples themselves are plain little-endian signed 16-bit PCM, so a recording cut short by a
crash is still a valid file up to its last whole sample, and its duration follows from its
size. The exact duration and SHA-256 are recorded in the vault when the recording stops.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _

UNKNOWN = 0xFFFFFFFF
HEADER_SIZE = 44
PCM = 1


@dataclass(frozen=True)
class PcmFormat:
    sample_rate: int = 48000
    channels: int = 1
    bits: int = 16

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.bits // 8

    @property
    def byte_rate(self) -> int:
        return self.sample_rate * self.frame_bytes

    def seconds(self, nbytes: int) -> float:
        return (nbytes // self.frame_bytes) / self.sample_rate


def header(fmt: PcmFormat) -> bytes:
    """The 44-byte header of a streaming WAV of ``fmt`` (lengths: to the end of the file)."""
    return (b"RIFF" + struct.pack("<I", UNKNOWN) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, PCM, fmt.channels, fmt.sample_rate,
                                    fmt.byte_rate, fmt.frame_bytes, fmt.bits)
            + b"data" + struct.pack("<I", UNKNOWN))


def parse_header(data: bytes) -> tuple[PcmFormat, int]:
    """(format, offset of the first sample) of a PCM WAV whose header is in ``data``; walks the
    chunks, so files from other recorders (LIST, fact, bext chunks) read too."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise FieldnotesError(_("This is not a WAV recording."))
    pos, fmt = 12, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if cid == b"fmt " and pos + 24 <= len(data):
            tag, channels, rate, _byte_rate, _align, bits = struct.unpack_from(
                "<HHIIHH", data, pos + 8)
            if tag not in (PCM, 0xFFFE) or not channels or not rate or bits not in (8, 16, 24, 32):
                raise FieldnotesError(_("This WAV recording is not in plain PCM."))
            fmt = PcmFormat(rate, channels, bits)
        elif cid == b"data":
            if fmt is None:
                break
            return fmt, pos + 8
        pos += 8 + size + (size & 1)
    raise FieldnotesError(_("This WAV recording has no readable header."))


def duration(fmt: PcmFormat, total_size: int, data_offset: int = HEADER_SIZE) -> float:
    """Seconds of audio in a streaming WAV of ``total_size`` bytes (whole frames only)."""
    return fmt.seconds(max(0, total_size - data_offset))
