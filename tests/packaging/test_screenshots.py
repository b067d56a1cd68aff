"""``make screenshots`` writes a PNG of every main screen (under Xvfb; CI has it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_screenshots_are_written_for_each_screen(tmp_path):
    if not (shutil.which("Xvfb") and shutil.which("openbox")):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have xvfb and openbox")
        pytest.skip("xvfb/openbox not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, str(ROOT / "packaging" / "screenshots.py"),
                          "--out", str(tmp_path), "--size", "1024x600"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    for name in ("01-welcome", "03-case-overview", "05-events-timeline", "06-testimony-consent",
                 "08-attachments", "09-history", "11-export-review", "13-search"):
        assert f"{name}.png" in shots
    from PySide6.QtGui import QImage

    for name in shots:
        image = QImage(str(tmp_path / name))
        assert not image.isNull() and image.width() >= 300, name
