"""Cheap checks of the packaging files; building the real package is `make package`'s job."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "packaging"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    out = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
            assert m, f"not pinned with ==: {raw!r}"
            out[_norm(m.group(1))] = m.group(2)
    return out


@pytest.mark.parametrize("script", ["build.sh", "repro_check.sh", "macos/build_dmg.sh"])
def test_shell_scripts_parse(script):
    if not (PKG / script).exists():
        pytest.skip(f"{script} not there")
    subprocess.run(["bash", "-n", str(PKG / script)], check=True)


def test_spec_parses_and_freezes_the_launcher():
    text = (ROOT / "build.spec").read_text()
    ast.parse(text)
    assert '"launcher.py"' in text
    assert "COLLECT(" in text and "onefile" not in text.lower().replace("one-file", "")
    for excluded in ("PyQt5", "PyQt6", "PySide2", "tkinter", "PySide6.QtNetwork",
                     "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore"):
        assert f'"{excluded}"' in text or excluded.split(".")[-1] in text
    assert '"migrations/*.sql"' in text  # the schema migrations ship
    assert '"locale/*/LC_MESSAGES/*.mo"' in text  # and the compiled translation catalogs


def test_every_requirement_is_pinned_and_hashed():
    lines = [ln for ln in (PKG / "requirements-build.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines
    for line in lines:
        assert "==" in line and "--hash=sha256:" in line, line
    assert _pins(PKG / "requirements-build.txt") == _pins(PKG / "requirements-build.in")


def test_runtime_dependencies_are_in_the_build_pins():
    """A dependency added to pyproject.toml must be pinned for the build too, or the frozen
    app would lack it (or freeze whatever version happens to be around)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins(PKG / "requirements-build.in")
    for dep in project["dependencies"]:
        name = _norm(re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0])
        assert name in pins, f"{name} (pyproject.toml) is not pinned in requirements-build.in"
    assert "pyinstaller" in pins


def test_build_pins_match_the_development_venv():
    """The versions frozen are the versions tested: compare with what this venv runs."""
    from importlib import metadata

    pins = _pins(PKG / "requirements-build.in")
    for name in ("pyside6-essentials", "cryptography", "sqlcipher3", "pyrage", "pyinstaller"):
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        assert have == pins[name], f"{name}: venv has {have}, build pins {pins[name]}"


def test_desktop_entry():
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str
    cp.read(PKG / "deb" / "fieldnotes.desktop")
    entry = cp["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "fieldnotes"
    assert entry["Icon"] == "fieldnotes"
    assert entry["Terminal"] == "false"
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(PKG / "deb" / "fieldnotes.desktop")],
                       check=True)


def test_deb_control_template():
    text = (PKG / "deb" / "control.in").read_text()
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", text, re.M))
    for key in ("Package", "Version", "Architecture", "Maintainer", "Installed-Size",
                "Depends", "Description"):
        assert key in fields
    # libdbus-1-3 and libpulse0: the desktop's service clients come from the system (build.spec
    # SYSTEM_LIBS leaves them out of the app folder)
    for lib in ("libxkbcommon-x11-0", "libxcb-cursor0", "libegl1", "libfontconfig1",
                "libdbus-1-3", "libpulse0"):
        assert lib in fields["Depends"]


def test_bench_reports_not_built(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT))
    try:
        import bench.package_bench as pb
    finally:
        sys.path.remove(str(ROOT))
    monkeypatch.setenv("FIELDNOTES_DIST", str(tmp_path / "nothing-here"))
    monkeypatch.setattr(pb, "_median_launch", lambda *a, **k: (1.0, 0.5))
    monkeypatch.setattr(pb, "_wall", lambda *a, **k: 1.0)
    rows = pb.run(tmp_path / "work", quick=True)
    keys = {"name", "ours", "reference", "unit", "ratio", "target", "met", "note"}
    assert all(set(r) == keys for r in rows)
    size = rows[0]
    assert size["ours"] is None and size["met"] is None and "not built" in size["note"]
    launch = next(r for r in rows if "first window" in r["name"])
    assert launch["ours"] is None and launch["reference"] == 1.0


def test_repro_diff_names_what_differs_and_why(tmp_path, capsys):
    import gzip
    import io
    import tarfile

    sys.path.insert(0, str(PKG))
    try:
        import repro_diff
    finally:
        sys.path.remove(str(PKG))

    def make(side: str, mtime: int, payload: bytes) -> Path:
        dist = tmp_path / side
        (dist / "fieldnotes" / "_internal").mkdir(parents=True)
        (dist / "fieldnotes" / "_internal" / "data.txt").write_bytes(payload)
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
            info = tarfile.TarInfo("fieldnotes/_internal/data.txt")
            info.size, info.mtime = len(payload), mtime
            tar.addfile(info, io.BytesIO(payload))
        (dist / "fieldnotes-0-linux.tar.gz").write_bytes(gzip.compress(buf.getvalue(), mtime=0))
        return dist

    a, b = make("a", 100, b"same"), make("b", 100, b"same")
    assert repro_diff.main([str(a), str(b)]) == 0
    assert "REPRODUCIBLE" in capsys.readouterr().out

    c = make("c", 200, b"other")
    assert repro_diff.main([str(a), str(c)]) == 1
    out = capsys.readouterr().out
    assert "DIFF  _internal/data.txt" in out
    assert "header differs (mtime)" in out and "content differs" in out


def test_the_app_imports_nothing_the_spec_leaves_out():
    """build.spec leaves modules out of the frozen app (sqlite3, ssl, readline…); a module of
    ours importing one passes every test from source and fails only in the package (a migration
    once imported sqlite3 and the frozen app would not start)."""
    spec = (ROOT / "build.spec").read_text()
    block = spec[spec.index("EXCLUDES = QT_EXCLUDED + ["):]
    block = block[:block.index("]")]
    excluded = set(re.findall(r'"([A-Za-z_][\w.]*)"', block))
    assert {"sqlite3", "ssl", "tkinter"} <= excluded
    found = []
    for folder in ("fieldnotes", "crypto", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom)
                         and node.level == 0 else [])
                found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in excluded]
    assert found == []
