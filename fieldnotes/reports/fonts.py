"""Which font a report embeds: one CJK face that also covers Latin, and its monospaced sibling.

fpdf2 embeds and subsets OpenType fonts with CFF outlines (as Noto Sans CJK is), also from a
``.ttc`` collection, so the face the app ships for the screen serves reports too. Looked for,
among: ``FIELDNOTES_REPORT_FONT`` (a file), the fonts shipped with Fieldnotes
(``resources/fonts``, beside the package or in a frozen build: subsets of Noto Sans CJK SC and
TC), the system's Noto Sans CJK (Debian's fonts-noto-cjk) and the usual Windows and macOS CJK
fonts. Traditional Chinese prefers the TC face, anything else the SC face; a complete font
comes before a subset, and the others serve as fallbacks for any glyph the first lacks.
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
    return list(dict.fromkeys(p for p in out if p.is_file()))


def _names(path: Path) -> list[str]:
    """The full name of each face in a font file (one for a plain .otf/.ttf)."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        with TTCollection(str(path), lazy=True) as coll:
            return [f["name"].getDebugName(4) or "" for f in coll.fonts]
    with TTFont(str(path), lazy=True) as font:
        return [font["name"].getDebugName(4) or ""]


def _chosen() -> Path | None:
    """The font the user named in FIELDNOTES_REPORT_FONT, which always wins."""
    env = os.environ.get("FIELDNOTES_REPORT_FONT")
    return Path(env) if env else None


@lru_cache(maxsize=8)
def faces(language: str) -> tuple[list[Face], Face]:
    """(text faces, best first, the rest as fallbacks for glyphs the first lacks; the
    monospaced face) for a report in ``language``. A complete font is preferred over a subset
    (the app ships subsets of the common characters; a name in a record may be rarer), the
    reader's region (SC or TC) over the other."""
    region = "TC" if language == "zh_TW" else "SC"
    found: list[tuple[tuple, Face, bool]] = []
    for path in _candidates():
        try:
            names = _names(path)
        except Exception:  # not a font we can read: try the next one
            continue
        for index, name in enumerate(names):
            mono = " Mono " in name
            rank = (path != _chosen(), not name.endswith(f" {region}"),
                    "subset" in path.name.lower(), mono)
            found.append((rank, Face(path, index), mono))
    found.sort(key=lambda item: item[0])
    text = [face for _rank, face, mono in found if not mono]
    monos = [face for _rank, face, mono in found if mono]
    if not text:
        raise FieldnotesError(_("No font for Chinese text was found, so no report can be made. "
                                "Install Noto Sans CJK (fonts-noto-cjk) or set "
                                "FIELDNOTES_REPORT_FONT."))
    if "subset" not in text[0].path.name.lower() or text[0].path == _chosen():
        text = text[:1]  # complete: nothing to fall back to, and every font costs a parse
    return text[:3], (monos or text)[0]
