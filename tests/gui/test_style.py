"""The style sheet keeps disabled controls looking disabled, including red and choice ones."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QPushButton

from ui.shell.style import resources_dir


def _styled(widget):
    widget.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    widget.resize(widget.sizeHint())
    return widget


def _red_pixels(widget) -> int:
    img = widget.grab().toImage()
    return sum(1 for x in range(img.width()) for y in range(img.height())
               if (lambda c: c.red() - c.green() > 40)(QColor(img.pixel(x, y))))


def test_disabled_danger_button_is_not_red(qtbot):
    button = QPushButton("Revoke…")
    button.setProperty("danger", True)
    _styled(button)
    qtbot.addWidget(button)
    assert _red_pixels(button) > 0
    button.setEnabled(False)
    button.style().unpolish(button)
    button.style().polish(button)
    assert _red_pixels(button) == 0


def test_disabled_choice_is_greyed(qtbot):
    combo = _styled(QComboBox())
    combo.addItem("Internal use only (this vault)")
    qtbot.addWidget(combo)
    inside = (3, combo.height() // 2)
    assert QColor(combo.grab().toImage().pixel(*inside)) == QColor("#ffffff")
    combo.setEnabled(False)
    assert QColor(combo.grab().toImage().pixel(*inside)) != QColor("#ffffff")
