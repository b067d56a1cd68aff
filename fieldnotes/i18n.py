"""Translations for the core, the CLI and the app: one gettext catalog per language.

The core cannot import Qt, so every sentence a person reads — the core's errors, the CLI's
output, the app's labels — is marked with ``_()`` (or ``ngettext`` for counts) from here.
Catalog sources live in ``resources/i18n/<lang>/<area>.po`` (one file per area, so work on
different areas does not collide); the build merges them into
``fieldnotes/locale/<lang>/LC_MESSAGES/fieldnotes.mo``.

``N_()`` marks a string for extraction without translating it (module-level tables); translate
it with ``_()`` where it is shown.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "fieldnotes"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(code: str) -> None:
    """Switch every later ``_()`` to ``code`` ("en", "zh_CN", "zh_TW"); unknown codes give English."""
    global _current, _language
    if code in ("", "en", "C"):
        _current, _language = gettext.NullTranslations(), "en"
        return
    _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _language = code


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message
