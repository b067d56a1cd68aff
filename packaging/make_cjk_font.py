"""Make the CJK fonts Fieldnotes ships: subsets of Noto Sans CJK (SIL OFL 1.1).

    python packaging/make_cjk_font.py [/path/to/NotoSansCJK-Regular.ttc]

Two fonts, so each script gets its own glyph shapes (a 骨 or 说 drawn as Taiwan or the mainland
draws it): Noto Sans CJK SC with GB 2312, and Noto Sans CJK TC with the common Big5 set
(levels 1, 0xA440–0xC67E); both with every character of every resources/i18n catalog, ASCII,
Latin-1, general and CJK punctuation and full-width forms. They are written to resources/fonts/
and registered at start (ui/shell/fonts.py). The source is Debian's fonts-noto-cjk
(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc); run again when a catalog gains a
character that neither set holds (tests/gui/test_fonts.py says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = ROOT / "resources" / "fonts"
FACES = {"SC": 2, "TC": 3}  # index in the .ttc
FILES = {"SC": "NotoSansCJKsc-Regular-subset.otf", "TC": "NotoSansCJKtc-Regular-subset.otf"}


def _decode_all(codec: str, leads: range, trails: list[int]) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.update(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def gb2312() -> set[str]:
    return _decode_all("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))


def big5_common() -> set[str]:
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    chars = _decode_all("big5", range(0xA1, 0xA4), trails)  # symbols
    for ch in _decode_all("big5", range(0xA4, 0xC7), trails):
        if ch.encode("big5") <= b"\xc6\x7e":
            chars.add(ch)
    return chars


def catalog_chars(lang: str | None = None) -> set[str]:
    chars: set[str] = set()
    for po in sorted((ROOT / "resources" / "i18n").glob(f"{lang or '*'}/*.po")):
        chars.update(po.read_text(encoding="utf-8"))
    return {c for c in chars if ord(c) >= 0x20}


def common() -> set[str]:
    ranges = [(0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2190, 0x2200), (0x3000, 0x3040),
              (0xFF00, 0xFFF0), (0x2460, 0x2500), (0x25A0, 0x2600)]
    return {chr(c) for a, b in ranges for c in range(a, b)}


def wanted(region: str) -> set[str]:
    base = gb2312() | catalog_chars("zh_CN") if region == "SC" else big5_common() | catalog_chars("zh_TW")
    return base | common() | catalog_chars()


def make(source: Path = SOURCE) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for region, index in FACES.items():
        font = TTCollection(str(source)).fonts[index]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        options.desubroutinize = False
        sub = subset.Subsetter(options)
        sub.populate(unicodes=[ord(c) for c in wanted(region)])
        sub.subset(font)
        out = OUT / FILES[region]
        font.save(str(out))
        written.append(out)
    return written


if __name__ == "__main__":
    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.2f} MB")
