"""Suspend and screen lock lock the vault (ui/shell/system_lock.py), proven on a private D-Bus bus
that plays logind and the screen saver."""

from __future__ import annotations

import subprocess

import pytest

from tests.crypto.tooling import require_tool
from ui.shell.system_lock import SystemLockWatcher


@pytest.fixture
def private_bus():
    daemon = require_tool("dbus-daemon")
    proc = subprocess.Popen([daemon, "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, text=True)
    try:
        address = proc.stdout.readline().strip()
        assert address.startswith("unix:"), address
        yield address
    finally:
        proc.terminate()
        proc.wait()


def _connection(address: str, name: str):
    from PySide6.QtDBus import QDBusConnection

    conn = QDBusConnection.connectToBus(address, name)
    assert conn.isConnected()
    return conn


def _signal(path: str, interface: str, name: str, value: bool):
    from PySide6.QtDBus import QDBusMessage

    msg = QDBusMessage.createSignal(path, interface, name)
    msg.setArguments([value])
    return msg


def test_suspend_and_screen_lock_ask_for_a_lock(private_bus, qtbot):
    desktop = _connection(private_bus, "fieldnotes-test-desktop")
    for service in ("org.freedesktop.login1", "org.freedesktop.ScreenSaver"):
        assert desktop.registerService(service)
    bus = _connection(private_bus, "fieldnotes-test-app")
    watcher = SystemLockWatcher(system=bus, session=bus)
    assert "sleep" in watcher.listening and "org.freedesktop.ScreenSaver" in watcher.listening

    with qtbot.waitSignal(watcher.lock_requested, timeout=5000):
        desktop.send(_signal("/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                             "PrepareForSleep", True))
    with qtbot.waitSignal(watcher.lock_requested, timeout=5000):
        desktop.send(_signal("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver",
                             "ActiveChanged", True))


def test_waking_up_or_unlocking_the_screen_asks_for_nothing(qtbot):
    watcher = SystemLockWatcher()
    with qtbot.assertNotEmitted(watcher.lock_requested):
        watcher.on_sleep(False)
        watcher.on_screen_saver(False)
    with qtbot.waitSignal(watcher.lock_requested, timeout=1000):
        watcher.on_sleep(True)


def test_the_window_locks_when_asked(window, qtbot):
    vault = window.session.vault
    window.system_lock.lock_requested.emit()
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert vault.locked and window.current_screen() is window.unlock
