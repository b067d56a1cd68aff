"""packaging/launcher.py: which arguments start the desktop app and which the CLI."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "packaging" / "launcher.py"


def _load():
    spec = importlib.util.spec_from_file_location("fieldnotes_launcher", LAUNCHER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


launcher = _load()


@pytest.mark.parametrize("args", [
    [],
    ["--gui"],
    ["--smoke-test"],
    ["--vault", "/media/usb/vault"],
    ["--vault=/media/usb/vault"],
    ["--gui", "--vault", "v"],
    ["--smoke-test", "--vault", "v"],
    ["--vault", "v", "--smoke-test"],
    ["--no-settings", "--smoke-test"],
    ["--gui", "-platform", "offscreen"],  # --gui forces the app; Qt options pass through
    ["--gui", "--self-test"],
])
def test_gui_arguments(args):
    assert launcher.wants_gui(args)


@pytest.mark.parametrize("args", [
    ["--self-test"],
    ["init"],
    ["--vault", "v", "init"],
    ["--vault", "v", "--passphrase-file", "p", "search", "王全璋"],
    ["--help"],
    ["-h"],
    ["--version"],
    ["--vault"],                  # no folder: the CLI reports the usage error
    ["--smoke-test", "list"],     # a command wins
    ["--passphrase-file", "p"],   # the app has no such option: the CLI says what is missing
])
def test_cli_arguments(args):
    assert not launcher.wants_gui(args)


def test_gui_flag_is_not_passed_to_the_app():
    assert launcher.gui_args(["--gui", "--vault", "v"]) == ["--vault", "v"]
    assert launcher.gui_args(["--smoke-test"]) == ["--smoke-test"]


def test_main_dispatches(monkeypatch):
    calls = []
    monkeypatch.setattr(launcher, "run_gui", lambda args: calls.append(("gui", args)) or 0)
    monkeypatch.setattr(launcher, "run_cli", lambda args: calls.append(("cli", args)) or 0)
    assert launcher.main([]) == 0
    assert launcher.main(["--smoke-test"]) == 0
    assert launcher.main(["--self-test"]) == 0
    assert launcher.main(["--vault", "v", "list", "--case", "x"]) == 0
    assert calls == [("gui", []), ("gui", ["--smoke-test"]), ("cli", ["--self-test"]),
                     ("cli", ["--vault", "v", "list", "--case", "x"])]


def test_cli_path_never_imports_qt():
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('l', {str(LAUNCHER)!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        "rc = m.main(['--vault', '/nonexistent/vault', 'list', '--case', 'x'])\n"
        "qt = [k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print('QT' if qt else 'NOQT', rc)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, input="")
    assert proc.stdout.split() == ["NOQT", "1"], proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
