"""Which font a report embeds: one CJK face that also covers Latin, and its monospaced sibling.

fpdf2 embeds and subsets OpenType fonts with CFF outlines (as Noto Sans CJK is), also from a
``.ttc`` collection, so the face the app ships for the screen serves reports too. Looked for,
in order: ``FIELDNOTES_REPORT_FONT`` (a file), the fonts shipped with Fieldnotes
(``resources/fonts``, beside the package or in a frozen build), then the system's Noto Sans CJK
(Debian's fonts-noto-cjk) and the usual Windows and macOS CJK fonts. In a collection the face
is chosen by language: Traditional Chinese takes the TC face, anything else the SC face.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _

_HERE = Path(__file__).resolve().parent
_SHIPPED = [_HERE.parent.parent / "resources" / "fonts", _HERE.parent / "fonts"]
if getattr(sys, "frozen", False):  # PyInstaller: data files sit under sys._MEIPASS
    _SHIPPED.insert(0, Path(getattr(sys, "_MEIPASS", "")) / "resources" / "fonts")
_SYSTEM = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
]
_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc")


@dataclass(frozen=True)
class Face:
    path: Path
    index: int = 0  # the face's number in a collection


def _candidates() -> list[Path]:
    out: list[Path] = []
    if _chosen():
        out.append(_chosen())
    for folder in _SHIPPED:
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir()
                          if p.suffix.lower() in _SUFFIXES and "cjk" in p.name.lower()
                          and "bold" not in p.name.lower() and "mono" not in p.name.lower())
    out += [Path(p) for p in _SYSTEM]
    return [p for p in out if p.is_file()]


def _names(path: Path) -> list[str]:
    """The full name of each face in a font file (one for a plain .otf/.ttf)."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        with TTCollection(str(path), lazy=True) as coll:
            return [f["name"].getDebugName(4) or "" for f in coll.fonts]
    with TTFont(str(path), lazy=True) as font:
        return [font["name"].getDebugName(4) or ""]


def _region(language: str) -> str:
    return "TC" if language == "zh_TW" else "SC"


def _chosen() -> Path | None:
    """The font the user named in FIELDNOTES_REPORT_FONT, which always wins."""
    env = os.environ.get("FIELDNOTES_REPORT_FONT")
    return Path(env) if env else None


def _pick(names: list[str], language: str, mono: bool) -> int | None:
    region = _region(language)
    want = [n for n in range(len(names)) if (" Mono " in names[n]) == mono]
    for n in want:
        if names[n].endswith(f" {region}"):
            return n
    return want[0] if want else None


@lru_cache(maxsize=8)
def faces(language: str) -> tuple[Face, Face]:
    """(text face, monospaced face) for a report in ``language``: the first font with a face
    for the reader's script (the shipped SC subset lacks many Traditional characters, so a
    zh_TW report takes the TC one), else the first font at all."""
    found: list[tuple[Face, Face]] = []
    for path in _candidates():
        try:
            names = _names(path)
        except Exception:  # not a font we can read: try the next one
            continue
        text = _pick(names, language, mono=False)
        if text is None:
            continue
        mono = _pick(names, language, mono=True)
        pair = Face(path, text), Face(path, text if mono is None else mono)
        if names[text].endswith(" " + _region(language)) or path == _chosen():
            return pair
        found.append(pair)
    if found:
        return found[0]
    raise FieldnotesError(_("No font for Chinese text was found, so no report can be made. "
                            "Install Noto Sans CJK (fonts-noto-cjk) or set "
                            "FIELDNOTES_REPORT_FONT."))
