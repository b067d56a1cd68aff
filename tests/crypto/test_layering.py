"""crypto/ is the bottom layer: it must import neither fieldnotes nor Qt."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_crypto_imports_no_upper_layer():
    modules = sorted(p.stem for p in (ROOT / "crypto").glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        + "".join(f"import crypto.{m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m.split('.')[0] in ('fieldnotes', 'ui', 'PySide6')]\n"
        + "print(','.join(bad))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
