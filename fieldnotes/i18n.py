"""Translations for the core, the CLI and the app: one gettext catalog per language.

The core cannot import Qt, so every sentence a person reads — the core's errors, the CLI's
output, the app's labels — is marked with ``_()`` (or ``ngettext`` for counts) from here.
Catalog sources live in ``resources/i18n/<lang>/<area>.po`` (one file per area, so work on
different areas does not collide); ``make catalogs`` (packaging/catalogs.py) merges them into
``fieldnotes/locale/<lang>/LC_MESSAGES/fieldnotes.mo``.

``N_()`` marks a string for extraction without translating it (module-level tables); translate
it with ``_()`` where it is shown.

The language: the CLI follows the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG — gettext's
order); the app uses the choice remembered in its settings, else the system's. ``PSEUDO`` is a
test language that wraps every translated string in ⟦ ⟧ so a test can find text that escaped.
"""

from __future__ import annotations

import functools
import gettext
import locale
import os
from collections.abc import Callable
from pathlib import Path

from fieldnotes import sentences

DOMAIN = "fieldnotes"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Each language named in its own script (the picker shows these, never translated).
LANGUAGES = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}
PSEUDO = "x-pseudo"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_listeners: list[Callable[[str], None]] = []


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def normalize(code: str | None) -> str:
    """The language we ship that best serves a locale name ("zh_HK.UTF-8" → "zh_TW", "fr" → "en").

    Hong Kong, Macau and any Traditional-script locale read zh_TW; mainland, Singapore, bare
    "zh" and Simplified-script locales read zh_CN."""
    if not code:
        return "en"
    if code == PSEUDO:
        return PSEUDO
    lowered = code.lower()
    if lowered.startswith("chinese"):  # Windows: "Chinese (Traditional)_Taiwan", "Chinese_China"
        traditional = any(w in lowered for w in ("traditional", "taiwan", "hong kong", "macao"))
        return "zh_TW" if traditional else "zh_CN"
    base = code.split(".")[0].split("@")[0].replace("-", "_")
    parts = base.split("_")
    if parts[0].lower() != "zh":
        return "en"
    rest = {p.lower() for p in parts[1:]}
    if rest & {"tw", "hk", "mo", "hant"}:
        return "zh_TW"
    return "zh_CN"


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, in gettext's order of variables; else the OS's."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        first = value.split(":")[0]
        if first in ("C", "POSIX") or first.startswith(("C.", "POSIX.")):
            return "en"
        return normalize(first)
    if environ is None:
        try:  # Windows and macOS GUIs rarely set LANG; the C library still knows
            return normalize(locale.getlocale(locale.LC_CTYPE)[0])
        except ValueError:
            pass
    return "en"


def set_language(code: str) -> None:
    """Switch every later ``_()`` to ``code`` ("en", "zh_CN", "zh_TW", or PSEUDO); a code we do
    not ship gives English. Listeners (the app) are told after the switch."""
    global _current, _language
    if code == PSEUDO:
        _current, _language = _Pseudo(), PSEUDO
    elif code in LANGUAGES and code != "en":
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
        _language = code
    else:
        _current, _language = gettext.NullTranslations(), "en"
    for listener in list(_listeners):
        listener(_language)


def on_change(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(code)`` after every set_language; returns a function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


@functools.cache
def _catalog(code: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def every_translation(message: str) -> list[str]:
    """``message`` in English and in every shipped language, once each (the search index
    holds vocabulary labels this way, so 强迫失踪 and 強迫失蹤 find what "Enforced
    disappearance" finds, whatever language the record was saved in)."""
    out = [message]
    for code in LANGUAGES:
        if code != "en":
            text = _catalog(code).gettext(message)
            if text not in out:
                out.append(text)
    return out


def language() -> str:
    return _language


def available() -> bool:
    """True when the current language's compiled catalog was found (English always is)."""
    return _language in ("en", PSEUDO) or type(_current) is not gettext.NullTranslations


def _(message: str) -> str:
    return sentences.gettext_kept(_current.gettext(message), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return sentences.ngettext_kept(_current.ngettext(singular, plural, n), singular, plural, n)


def N_(message: str) -> str:
    return message
