"""A large video Qt can still play: a short MP4's frames spread across a file of any size.

MP4 says where each frame's bytes are (the chunk offsets in ``stco``), and nothing requires
them to be next to each other. :func:`spread` keeps the clip's header and index, puts each
frame at an even step through one big ``mdat`` with filler between them, and rewrites the index
to one frame per chunk at the new offsets. The result is a valid file of ``size`` bytes whose
last frames sit near its end, so seeking to the end of the video reads the end of the file.
Offsets stay 32-bit (``stco``): up to 4 GiB.
"""

from __future__ import annotations

import os
import struct

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"}
MIB = 1 << 20


def _boxes(data: bytes):
    """(type, payload) of each box in ``data``."""
    at = 0
    while at < len(data):
        size, kind = struct.unpack_from(">I4s", data, at)
        head = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, at + 8)[0]
            head = 16
        elif size == 0:
            size = len(data) - at
        yield kind, data[at + head:at + size]
        at += size


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _samples(stbl: bytes, source: bytes) -> list[bytes]:
    """Every sample's bytes, in order, read from ``source`` through the track's index."""
    tables = dict(_boxes(stbl))
    _vf, fixed, count = struct.unpack_from(">III", tables[b"stsz"])
    sizes = [fixed] * count if fixed else list(struct.unpack_from(f">{count}I", tables[b"stsz"],
                                                                  12))
    n_runs = struct.unpack_from(">I", tables[b"stsc"], 4)[0]
    runs = [struct.unpack_from(">III", tables[b"stsc"], 8 + 12 * i)[:2] for i in range(n_runs)]
    n_chunks = struct.unpack_from(">I", tables[b"stco"], 4)[0]
    chunks = struct.unpack_from(f">{n_chunks}I", tables[b"stco"], 8)
    out, sample = [], 0
    for c, offset in enumerate(chunks, start=1):
        per_chunk = next(n for first, n in reversed(runs) if first <= c)
        for _ in range(per_chunk):
            out.append(source[offset:offset + sizes[sample]])
            offset += sizes[sample]
            sample += 1
    assert sample == count, "index and sample count disagree"
    return out


def _rewrite(kind: bytes, payload: bytes, offsets: list[int]) -> bytes:
    """The box with its sample table pointing at ``offsets``, one sample per chunk."""
    if kind == b"stsc":
        return _box(kind, struct.pack(">IIIII", 0, 1, 1, 1, 1))
    if kind == b"stco":
        return _box(kind, struct.pack(f">II{len(offsets)}I", 0, len(offsets), *offsets))
    if kind in CONTAINERS:
        return _box(kind, b"".join(_rewrite(k, p, offsets) for k, p in _boxes(payload)))
    return _box(kind, payload)


def spread(clip: bytes, path, size: int) -> int:
    """Write ``clip`` (an MP4 with one track) to ``path`` grown to ``size`` bytes; returns the
    offset of the last frame."""
    top = dict(_boxes(clip))
    moov = top[b"moov"]
    (trak,) = [p for k, p in _boxes(moov) if k == b"trak"]
    stbl = trak
    for kind in (b"mdia", b"minf", b"stbl"):
        stbl = dict(_boxes(stbl))[kind]
    samples = _samples(stbl, clip)
    ftyp = _box(b"ftyp", top[b"ftyp"])
    moov_len = len(_rewrite(b"moov", moov, [0] * len(samples)))
    body = size - len(ftyp) - 8 - moov_len
    step = body // len(samples)
    assert step >= max(map(len, samples)) and size < 1 << 32
    first = len(ftyp) + 8
    offsets = [first + i * step for i in range(len(samples))]
    filler = bytearray(os.urandom(MIB))
    with open(path, "wb") as out:
        out.write(ftyp + struct.pack(">I4s", 8 + body, b"mdat"))
        for n, sample in enumerate(samples):
            out.write(sample)
            left = step - len(sample) if n < len(samples) - 1 else body - (n * step + len(sample))
            while left > 0:
                filler[:8] = (left + n).to_bytes(8, "big")  # no two filler blocks alike
                piece = min(left, MIB)
                out.write(filler[:piece])
                left -= piece
        out.write(_rewrite(b"moov", moov, offsets))
    assert os.path.getsize(path) == size
    return offsets[-1]
