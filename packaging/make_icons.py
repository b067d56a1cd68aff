"""Make the platform icon files from resources/fieldnotes.svg (or .png), with Qt, offscreen.

    python packaging/make_icons.py --ico build/icons/fieldnotes.ico        (Windows)
    python packaging/make_icons.py --iconset build/icons/fieldnotes.iconset  (macOS; then
        iconutil -c icns -o build/icons/fieldnotes.icns build/icons/fieldnotes.iconset)

Runs in the build venv (PySide6 is there). If resources/ has no icon yet, a plain placeholder
(a teal rounded square with an "F") is drawn instead, so a build never fails for want of art.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "fieldnotes.svg"
PNG = ROOT / "resources" / "fieldnotes.png"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    try:
        if SVG.is_file():
            from PySide6.QtSvg import QSvgRenderer

            QSvgRenderer(str(SVG)).render(painter, QRectF(0, 0, size, size))
        elif PNG.is_file():
            painter.drawImage(QRectF(0, 0, size, size), QImage(str(PNG)))
        else:  # placeholder
            painter.setBrush(QColor("#2f6f73"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(QRectF(size * 0.03, size * 0.03, size * 0.94, size * 0.94),
                                    size * 0.19, size * 0.19)
            painter.setPen(QColor("white"))
            font = QFont()
            font.setPixelSize(int(size * 0.6))
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "F")
    finally:
        painter.end()
    return image


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ico", type=Path, help="write a Windows .ico (256 px, PNG-compressed)")
    ap.add_argument("--iconset", type=Path, help="write a macOS .iconset folder")
    ap.add_argument("--png", type=Path, help="write a 256 px PNG")
    args = ap.parse_args()
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 — QImage/QFont need an application
    if args.ico:
        args.ico.parent.mkdir(parents=True, exist_ok=True)
        if not render(256).save(str(args.ico), "ICO"):
            sys.exit("could not write .ico (the qico image format plugin is missing)")
    if args.iconset:
        args.iconset.mkdir(parents=True, exist_ok=True)
        for base in (16, 32, 128, 256, 512):
            render(base).save(str(args.iconset / f"icon_{base}x{base}.png"))
            render(base * 2).save(str(args.iconset / f"icon_{base}x{base}@2x.png"))
    if args.png:
        args.png.parent.mkdir(parents=True, exist_ok=True)
        render(256).save(str(args.png))
    return 0


if __name__ == "__main__":
    sys.exit(main())
