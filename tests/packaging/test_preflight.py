"""``make run`` on a fresh Debian/Ubuntu: a missing xcb library becomes one apt-get line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ui import preflight

LDD_OUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibfoo-bar.so.2 => not found
"""


@pytest.fixture
def fake_ldd(tmp_path):
    script = tmp_path / "ldd"
    script.write_text("#!/bin/sh\ncat <<'EOF'\n" + LDD_OUT + "EOF\n")
    script.chmod(0o755)
    return str(script)


def test_missing_libraries_become_one_install_line(fake_ldd, tmp_path):
    missing = preflight.missing_libraries(tmp_path / "libqxcb.so", ldd=fake_ldd)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo-bar.so.2"]
    line = preflight.install_line(missing)
    assert line == "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libfoo-bar2"
    assert "\n" not in line


def test_check_names_the_packages_in_one_line(monkeypatch, fake_ldd, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(preflight, "xcb_plugin", lambda: tmp_path / "libqxcb.so")
    real = preflight.missing_libraries
    monkeypatch.setattr(preflight, "missing_libraries", lambda p: real(p, ldd=fake_ldd))
    msg = preflight.check({"DISPLAY": ":0"})
    assert msg and "\n" not in msg
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in msg
    assert preflight.check({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is None


def test_the_app_exits_with_the_line_instead_of_a_qt_abort(tmp_path):
    """Whatever this machine has: the app either passes the check or prints one line."""
    plugin = preflight.xcb_plugin()
    if plugin is None:
        pytest.skip("PySide6 without an xcb plugin")
    missing = preflight.missing_libraries(plugin)
    env = {"PATH": "/usr/bin:/bin", "DISPLAY": ":987", "QT_QPA_PLATFORM": "xcb",
           "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "ui.app", "--no-settings", "--vault",
                          str(tmp_path / "v")], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode != 0     # no X server on :987 either way
    if missing:
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "sudo apt-get install" in lines[0], out.stderr
        assert "Traceback" not in out.stderr


def test_a_missing_sound_server_client_is_named_too(monkeypatch, tmp_path):
    """libpulse comes from the system (the package does not bundle it): Qt Multimedia, which
    the first window imports, cannot load without it, so its package is in the line."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(preflight, "xcb_plugin", lambda: tmp_path / "libqxcb.so")
    monkeypatch.setattr(preflight, "multimedia_library",
                        lambda: tmp_path / "libQt6Multimedia.so.6")
    missing = {"libqxcb.so": ["libxcb-icccm.so.4"],
               "libQt6Multimedia.so.6": ["libpulse.so.0", "libxcb-icccm.so.4"]}
    monkeypatch.setattr(preflight, "missing_libraries", lambda p: list(missing[p.name]))
    msg = preflight.check({"DISPLAY": ":0"})
    assert msg and msg.endswith("sudo apt-get install libxcb-icccm4 libpulse0")
    missing["libQt6Multimedia.so.6"] = []
    assert preflight.check({"DISPLAY": ":0"}).endswith("sudo apt-get install libxcb-icccm4")
