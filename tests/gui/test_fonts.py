"""Chinese never renders as boxes: the app ships Noto Sans CJK subsets and registers them at
start. Checked where it matters — on a machine whose only system font is a Latin one — by
laying out every character of both catalogs and a Chinese record with Qt and looking at the
glyph each character got: none may be the missing-glyph box (glyph 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources" / "fonts"
LATIN_ONLY = Path("/usr/share/fonts/truetype/dejavu")
RECORD = ("王全璋、江天勇、李和平等律师于2015年7月9日前后被带走，其后被指定居所监视居住，"
          "家属长期不知其下落。王全璋、江天勇被帶走後遭指定居所監視居住，強迫失蹤，家屬被騷擾。")


def _catalog_text(lang: str | None = None) -> str:
    return "".join(p.read_text(encoding="utf-8")
                   for p in sorted((ROOT / "resources" / "i18n").glob(f"{lang or '*'}/*.po")))


def _han(text: str) -> set[str]:
    return {c for c in text if ord(c) > 0x2E7F}


@pytest.mark.parametrize("lang, name", [("zh_CN", "NotoSansCJKsc-Regular-subset.otf"),
                                        ("zh_TW", "NotoSansCJKtc-Regular-subset.otf")])
def test_each_shipped_font_covers_its_catalog(lang, name):
    cmap = TTFont(FONTS / name).getBestCmap()
    missing = sorted(c for c in _han(_catalog_text(lang) + RECORD) if ord(c) not in cmap)
    assert not missing, (f"{name} lacks {''.join(missing)}: run python packaging/make_cjk_font.py "
                         "after adding these characters' catalogs")
    standard = "资料导出录音" if lang == "zh_CN" else "資料匯出錄音檔案設定"
    assert all(ord(ch) in cmap for ch in standard)


_PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtGui import QFont, QTextLayout
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    text = sys.stdin.read()

    def missing(font):
        layout = QTextLayout(text, font)
        layout.beginLayout()
        while layout.createLine().isValid():
            pass
        layout.endLayout()
        return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())

    before = missing(app.font())
    from ui.shell import language
    families = language.register_fonts()
    language.apply(sys.argv[1], app)
    print(json.dumps({"before": before, "after": missing(app.font()), "families": families}))
""")


def _latin_only_fontconfig(tmp_path: Path) -> Path:
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{LATIN_ONLY}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>
""")
    return conf


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_no_tofu_with_only_a_latin_system_font(tmp_path, lang):
    if not LATIN_ONLY.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("fonts-dejavu-core is missing (.ci/run installs it)")
        pytest.skip("no DejaVu fonts on this machine")
    text = "".join(sorted({c for c in _catalog_text() + RECORD if c.isprintable()}))
    env = dict(os.environ, FONTCONFIG_FILE=str(_latin_only_fontconfig(tmp_path)),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _PROBE, lang], input=text, env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(result["families"]) == {"zh_CN", "zh_TW"}
    assert result["before"] >= len(_han(text)), "the Latin-only setup found CJK glyphs somewhere"
    assert result["after"] == 0, f"{result['after']} characters rendered as boxes"
