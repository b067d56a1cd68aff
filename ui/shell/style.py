"""Where resources are (source tree or PyInstaller bundle) and the app's look."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("fieldnotes.svg", "fieldnotes.png"):
        path = resources_dir() / name
        if path.is_file():
            icon.addFile(str(path))
    return icon


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = app.font()
    font.setPointSizeF(10.5)
    app.setFont(font)  # not in the style sheet: a QSS font-size would override setFont()
    qss = resources_dir() / "style.qss"
    if qss.is_file():
        # Images the sheet names (the spin boxes' arrows) live beside it, wherever that is.
        app.setStyleSheet(qss.read_text(encoding="utf-8").replace(
            "RESOURCES/", resources_dir().as_posix() + "/"))
    app.setWindowIcon(app_icon())


def monospace(point_size: float = 0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if point_size:
        font.setPointSizeF(point_size)
    return font


def set_role(widget: QWidget, role: str) -> QWidget:
    """Tag a widget for the style sheet (title, error, warning, banner, hint...)."""
    widget.setProperty("role", role)
    return widget


def set_primary(button, primary: bool = True):
    button.setProperty("primary", primary)
    return button
