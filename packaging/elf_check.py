"""Find ELF libraries the dynamic loader will refuse: a PT_LOAD segment whose file offset and
address disagree modulo its alignment ("ELF load command address/offset not page-aligned").

``strip`` (binutils 2.40, Debian 12) produces exactly that from the FFmpeg libraries in Qt's
wheel (libavformat, libavutil): the frozen app then cannot load Qt's FFmpeg media plugin, so
QMediaPlayer has no backend and nothing plays, while everything else looks fine. build.spec
puts the original back for any library stripping broke, and build.sh runs this over the whole
app folder so a broken library fails the build instead of a researcher's playback:

    python packaging/elf_check.py dist/fieldnotes     # exit 1 and the names, if any
"""

from __future__ import annotations

import os
import struct
import sys

PT_LOAD = 1


def misaligned_loads(path: str) -> list[tuple[int, int, int]]:
    """(offset, address, alignment) of each PT_LOAD the loader would reject; [] if none or if
    ``path`` is not a 64-bit little-endian ELF file."""
    with open(path, "rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return []
        phoff = struct.unpack_from("<Q", head, 32)[0]
        phentsize, phnum = struct.unpack_from("<HH", head, 54)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    bad = []
    for i in range(phnum):
        if (i + 1) * phentsize > len(table):
            break
        p_type, _flags, offset, vaddr, _paddr, _filesz, _memsz, align = struct.unpack_from(
            "<IIQQQQQQ", table, i * phentsize)
        if p_type == PT_LOAD and align > 1 and (vaddr - offset) % align:
            bad.append((offset, vaddr, align))
    return bad


def broken_in(folder: str) -> list[str]:
    """Every regular file under ``folder`` with a misaligned PT_LOAD."""
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(root, name)
            if not os.path.islink(path) and misaligned_loads(path):
                found.append(path)
    return sorted(found)


def main(argv: list[str]) -> int:
    broken = [p for folder in argv for p in broken_in(folder)]
    for path in broken:
        print(f"elf_check: the loader would refuse {path} (misaligned PT_LOAD)", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
