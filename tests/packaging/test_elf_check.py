"""packaging/elf_check.py: the build refuses a library the loader would refuse (strip left
FFmpeg's libavformat and libavutil with misaligned PT_LOAD segments, and the frozen app then
had no media backend)."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("elf_check", ROOT / "packaging" / "elf_check.py")
elf_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(elf_check)


def _a_library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libavformat.so.*"))
    if not found:
        pytest.skip("PySide6 without FFmpeg")
    return found[0]


def _misalign_first_load(path: Path) -> None:
    data = bytearray(path.read_bytes())
    phoff = struct.unpack_from("<Q", data, 32)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    for i in range(phnum):
        at = phoff + i * phentsize
        if struct.unpack_from("<I", data, at)[0] == elf_check.PT_LOAD:
            vaddr = struct.unpack_from("<Q", data, at + 16)[0]
            struct.pack_into("<Q", data, at + 16, vaddr + 0x38)
            break
    path.write_bytes(bytes(data))


def test_a_loadable_library_passes_and_a_misaligned_one_is_named(tmp_path):
    good = tmp_path / "app" / "good.so"
    good.parent.mkdir()
    shutil.copyfile(_a_library(), good)
    (tmp_path / "app" / "notes.txt").write_text("not an ELF file")
    assert elf_check.misaligned_loads(str(good)) == []
    assert elf_check.broken_in(str(tmp_path / "app")) == []

    bad = tmp_path / "app" / "bad.so"
    shutil.copyfile(good, bad)
    _misalign_first_load(bad)
    assert elf_check.misaligned_loads(str(bad))
    assert elf_check.broken_in(str(tmp_path / "app")) == [str(bad)]
    out = subprocess.run([sys.executable, str(ROOT / "packaging" / "elf_check.py"),
                          str(tmp_path / "app")], capture_output=True, text=True)
    assert out.returncode == 1 and "bad.so" in out.stderr and "good.so" not in out.stderr


def test_the_check_agrees_with_the_loader(tmp_path):
    """What the check calls broken, the dynamic loader refuses, for that reason."""
    import ctypes

    bad = tmp_path / "libbad.so"
    shutil.copyfile(_a_library(), bad)
    _misalign_first_load(bad)
    with pytest.raises(OSError, match="not page-aligned"):
        ctypes.CDLL(str(bad))
