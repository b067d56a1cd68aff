"""UI settings. Deliberately almost nothing is remembered.

The only values kept between runs are the idle-lock timeout and the language, in an ini file in the user's config
folder (QSettings). Not kept, on purpose: the vault's path (a folder name can itself be
sensitive and proves which vault was used), recent files, window geometry tied to content,
search history, last case opened. The vault path comes from ``--vault`` / ``FIELDNOTES_VAULT``
or the platform default each time.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120


class Settings:
    """``persistent=False`` keeps values in memory only (tests, ``--no-settings``)."""

    def __init__(self, persistent: bool = True):
        self._qs = (QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                              "Fieldnotes", "Fieldnotes") if persistent else None)
        self._mem: dict[str, object] = {}

    def _get(self, key: str, default):
        if self._qs is None:
            return self._mem.get(key, default)
        return self._qs.value(key, default)

    def _set(self, key: str, value) -> None:
        if self._qs is None:
            self._mem[key] = value
        else:
            self._qs.setValue(key, value)
            self._qs.sync()

    @property
    def language(self) -> str:
        """The language chosen on the welcome screen or in Settings ("" = the system's). It
        reveals nothing of the vault, so it is the one choice kept besides the idle time."""
        value = self._get("ui/language", "")
        return value if isinstance(value, str) else ""

    @language.setter
    def language(self, code: str) -> None:
        self._set("ui/language", code)

    @property
    def idle_minutes(self) -> int:
        try:
            value = int(self._get("lock/idle_minutes", DEFAULT_IDLE_MINUTES))
        except (TypeError, ValueError):
            value = DEFAULT_IDLE_MINUTES
        return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, value))

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self._set("lock/idle_minutes", max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, int(minutes))))
