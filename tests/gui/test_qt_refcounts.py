"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 took one reference from ``None`` on every Qt method that returns
nothing (``QScrollBar.setValue``, ``QFont.setItalic``…); a long session of an ordinary app
drained it and the process aborted with "none_dealloc" (and "bool_dealloc" for ``True``/``False``
in the same way). pyproject.toml keeps that release out; this test fails on any release that
brings the leak back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QScrollBar

CALLS = 2000


def _drift(obj, call) -> int:
    before = sys.getrefcount(obj)
    for i in range(CALLS):
        call(i)
    return before - sys.getrefcount(obj)


def test_void_methods_leave_none_alone(qtbot):
    bar = QScrollBar()
    qtbot.addWidget(bar)
    bar.setRange(0, 100)
    font = QFont()
    # A handful either way is other code; one per call is the leak.
    assert abs(_drift(None, lambda i: bar.setValue(i % 100))) < CALLS // 10
    assert abs(_drift(None, lambda i: font.setItalic(bool(i & 1)))) < CALLS // 10


def test_bool_results_leave_true_and_false_alone(qtbot):
    bar = QScrollBar()
    qtbot.addWidget(bar)
    assert abs(_drift(True, lambda i: bar.isEnabled())) < CALLS // 10
    assert abs(_drift(False, lambda i: bar.isHidden() and bar.isVisible())) < CALLS // 10
