"""The case list's line of counts ("3 个附件 · 2 份证词") may wrap only between counts, never
between a number and its unit nor inside the unit: each count is one unbreakable piece."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from fieldnotes import i18n
from ui.models.counting import COUNTED, case_line, count_of


def _breaks(text: str, width: float) -> list[int]:
    """Where Qt starts each new line of ``text`` wrapped at word boundaries in ``width`` px."""
    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return starts[1:]


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_a_count_never_splits_from_its_unit(qapp, lang):
    counts = {t: n for t, n in zip(COUNTED, (3, 12, 2, 1, 3), strict=True)}
    i18n.set_language(lang)
    try:
        line = case_line(counts)
        plain = [count_of(t, counts[t]) for t in COUNTED]
    finally:
        i18n.set_language("en")
    assert line.replace("\u2060", "").replace("\u00a0", " ") == " · ".join(plain)
    spans, at = [], 0
    for piece in line.split("\u00a0· "):
        spans.append((at, at + len(piece)))
        at += len(piece) + 3
    wrapped = 0
    for width in range(20, 600, 4):
        for b in _breaks(line, width):
            wrapped += 1
            assert not any(s < b < e for s, e in spans), (width, line[:b], line[b:])
            assert not line[b:].startswith("·")  # a line never starts with the separator
    assert wrapped  # the narrow widths did wrap the line


def test_the_list_filter_still_finds_a_count(qapp):
    from ui.widgets.list_controls import ListControls

    i18n.set_language("zh_CN")
    try:
        line = case_line({"attachment": 3})
    finally:
        i18n.set_language("en")
    controls = ListControls()
    for typed, found in (("个附件", True), ("3 个附件", True), ("4 个附件", False)):
        controls.filter.setText(typed)
        assert controls.matches(line) is found, typed
