"""What a file says about itself, read at intake and kept with its attachment record.

Images: EXIF through ExifRead (capture time, camera make and model, serial numbers, owner,
software, orientation, GPS position). Audio and video: duration, sample rate and channels
through Mutagen (MP3, MP4/M4A, Ogg, FLAC, WAV, AIFF, ASF…); a Fieldnotes recording (streaming
WAV) from its header and size. Both libraries are pure Python and read only the parts they
need from a seekable stream, so a large file is never held in memory.

The result is a flat dict of short strings, whole numbers and booleans (plus ``gps``, a dict
of decimal-degree strings), safe for canonical JSON. Whatever cannot be read is left out: a
damaged or unknown file gives ``{}``, never an error — intake must not fail over metadata.
"""

from __future__ import annotations

import contextlib
import logging

from fieldnotes.media import wav

IDENTIFYING = ("gps", "serial", "lens_serial", "owner", "artist", "copyright", "xmp")
_EXIF = {
    "EXIF DateTimeOriginal": "captured",
    "Image DateTime": "modified",
    "Image Make": "make",
    "Image Model": "model",
    "Image Software": "software",
    "Image Artist": "artist",
    "Image Copyright": "copyright",
    "EXIF BodySerialNumber": "serial",
    "EXIF LensSerialNumber": "lens_serial",
    "EXIF CameraOwnerName": "owner",
    "EXIF OffsetTimeOriginal": "utc_offset",
}
_TEXT_LIMIT = 200


def read(stream, mime: str) -> dict:
    """Metadata of the file in ``stream`` (seekable, positioned anywhere)."""
    try:
        if mime.startswith("image/"):
            return _image(stream)
        if mime.startswith(("audio/", "video/")):
            return _media(stream, mime)
    except Exception:  # a damaged file: its metadata is simply unknown
        logging.getLogger(__name__).info("metadata unreadable (%s)", mime)
    return {}


def _short(value) -> str:
    return " ".join(str(value).replace("\x00", " ").split())[:_TEXT_LIMIT]


def _image(stream) -> dict:
    import exifread

    logging.getLogger("exifread").setLevel(logging.ERROR)  # "no EXIF" is not news

    stream.seek(0)
    head = stream.read(1 << 20)
    stream.seek(0)
    tags = exifread.process_file(stream, details=False, extract_thumbnail=False)
    out: dict = {}
    for tag, name in _EXIF.items():
        if tag in tags and _short(tags[tag].printable):
            out[name] = _short(tags[tag].printable)
    if "Image Orientation" in tags:
        with contextlib.suppress(Exception):
            out["orientation"] = int(tags["Image Orientation"].values[0])
    for axis, ref in (("lat", "GPS GPSLatitude"), ("lon", "GPS GPSLongitude")):
        if ref in tags and ref + "Ref" in tags:
            d, m, s = (float(v.num) / float(v.den) if v.den else 0.0 for v in tags[ref].values)
            sign = -1 if _short(tags[ref + "Ref"].printable)[:1] in ("S", "W") else 1
            out.setdefault("gps", {})[axis] = f"{sign * (d + m / 60 + s / 3600):.6f}"
    if b"http://ns.adobe.com/xap/1.0/" in head or b"<x:xmpmeta" in head:
        out["xmp"] = True
    return out


def _media(stream, mime: str) -> dict:
    stream.seek(0)
    head = stream.read(4096)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        fmt, offset = wav.parse_header(head)
        size = stream.seek(0, 2)
        return {"duration_ms": int(wav.duration(fmt, size, offset) * 1000),
                "sample_rate": fmt.sample_rate, "channels": fmt.channels, "codec": "pcm"}
    import mutagen

    stream.seek(0)
    found = mutagen.File(stream)
    if found is None or found.info is None:
        return {}
    info, out = found.info, {}
    if getattr(info, "length", 0):
        out["duration_ms"] = int(info.length * 1000)
    for attr in ("sample_rate", "channels", "bitrate"):
        value = getattr(info, attr, None)
        if isinstance(value, int) and value > 0:
            out[attr] = value
    tags = found.tags or {}
    with contextlib.suppress(Exception):
        for key in ("artist", "©ART", "TPE1"):
            if key in tags:
                out["artist"] = _short(tags[key][0] if isinstance(tags[key], list) else tags[key])
                break
    return out


def identifying(meta: dict) -> list[str]:
    """Which of ``meta``'s fields can identify a person, a device or a place."""
    return [k for k in IDENTIFYING if k in meta]
