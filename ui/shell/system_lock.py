"""Lock the vault when the laptop is about to sleep or its screen locks (as KeePassXC does).

A laptop shut and carried, or left with its screen locked, should not hold the vault key. On
Linux the desktop announces both over D-Bus:

- ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` on the system bus, sent by logind
  just before suspend or hibernate;
- ``ActiveChanged(true)`` of ``org.freedesktop.ScreenSaver`` (KDE, Xfce and others) or
  ``org.gnome.ScreenSaver`` (GNOME) on the session bus, when the screen locks.

:class:`SystemLockWatcher` listens for these and emits ``lock_requested``; the window locks as
on Ctrl+L. Where there is no bus (Windows, macOS, a bare X server) it listens to nothing and
says so in ``listening``; the idle lock still applies.
"""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot

_SLEEP = ("org.freedesktop.login1", "/org/freedesktop/login1",
          "org.freedesktop.login1.Manager", "PrepareForSleep")
_SCREEN_SAVERS = [
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
     "org.freedesktop.ScreenSaver", "ActiveChanged"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver",
     "ActiveChanged"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
     "ActiveChanged"),
]


class SystemLockWatcher(QObject):
    lock_requested = Signal()

    def __init__(self, parent: QObject | None = None, system=None, session=None):
        """``system`` and ``session`` are QDBusConnections (default: the desktop's buses)."""
        super().__init__(parent)
        self.listening: list[str] = []
        self.available = False  # QtDBus could be loaded (the frozen app's smoke test checks)
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a build without QtDBus: nothing to listen to
            return
        self.available = True
        system = system or QDBusConnection.systemBus()
        session = session or QDBusConnection.sessionBus()
        if system.isConnected() and system.connect(*_SLEEP, self, SLOT("on_sleep(bool)")):
            self.listening.append("sleep")
        if session.isConnected():
            for spec in _SCREEN_SAVERS:
                if session.connect(*spec, self, SLOT("on_screen_saver(bool)")):
                    self.listening.append(spec[0])

    @Slot(bool)
    def on_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_requested.emit()

    @Slot(bool)
    def on_screen_saver(self, active: bool) -> None:
        if active:
            self.lock_requested.emit()
