"""Imports only point downwards: fieldnotes/ and crypto/ never import Qt or ui/, and crypto/
never imports fieldnotes/. Checked both statically (every import statement) and at run time
(importing the whole core loads no Qt module)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "ui")


def _imports(package: str):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module


def test_core_and_crypto_do_not_import_qt():
    bad = [(str(p), m) for pkg in ("fieldnotes", "crypto") for p, m in _imports(pkg)
           if m.split(".")[0] in QT]
    assert bad == []


def test_crypto_does_not_import_core():
    bad = [(str(p), m) for p, m in _imports("crypto") if m.split(".")[0] == "fieldnotes"]
    assert bad == []


def test_static_check_would_catch_a_violation(tmp_path):
    """The checker itself works: a file importing PySide6 is reported."""
    bad = tmp_path / "x.py"
    bad.write_text("from PySide6 import QtCore\n")
    tree = ast.parse(bad.read_text())
    mods = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert mods == ["PySide6"] and mods[0].split(".")[0] in QT


def test_importing_the_whole_core_loads_no_qt():
    code = (
        "import pkgutil, importlib, sys, fieldnotes, crypto\n"
        "for pkg in (fieldnotes, crypto):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if m.name.endswith('__main__'): continue\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in "
        "('PySide6','shiboken6','PyQt5','PyQt6','ui')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "[]"
