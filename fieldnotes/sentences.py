"""Sentences kept language-neutral: a code (the English template, as marked for the catalogs)
and its fields, stored instead of the words of whichever language an action ran in, and put
into words when shown — in the reader's language then (:func:`render`) or in English
(:func:`english`).

While :func:`keeping` is on in a thread, ``_()`` and ``ngettext`` there return
:class:`Sentence` — the translated text as usual, a ``str`` — which also remembers its template,
and whose ``.format(name=…)`` remembers the fields. So the core's sentences need no change to be
stored neutrally: an import refused under Chinese logs the code of its reason, and the log shows
it in Traditional Chinese or English later. :func:`neutral` gives the stored form (JSON-ready):
``{"code": template, "fields": {…}}``, plus ``"plural"`` and ``"n"`` for a count; a field that
was itself a Sentence is stored the same way, nested. Text built some other way (joined pieces,
an OS error's words) has no code: it is stored as it is.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

_local = threading.local()


class Sentence(str):
    """A translated sentence that knows its code and fields (see module)."""

    code: str
    plural: str | None = None
    n: int | None = None
    fields: dict | None = None

    def format(self, *args, **fields) -> str:  # noqa: A003 (str.format, remembering fields)
        text = str.format(self, *args, **fields)
        if args:
            return text  # positional fields are not used in Fieldnotes' sentences
        out = _make(text, self.code, self.plural, self.n)
        out.fields = fields
        return out


def _make(text: str, code: str, plural: str | None = None, n: int | None = None) -> Sentence:
    out = Sentence(text)
    out.code, out.plural, out.n = code, plural, n
    return out


def active() -> bool:
    return getattr(_local, "depth", 0) > 0


@contextlib.contextmanager
def keeping() -> Iterator[None]:
    """In this thread, make ``_()`` and ``ngettext`` return :class:`Sentence` (see module)."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


def gettext_kept(text: str, message: str) -> str:
    return _make(text, message) if active() else text


def ngettext_kept(text: str, singular: str, plural: str, n: int) -> str:
    return _make(text, singular, plural, n) if active() else text


def neutral(text) -> dict | None:
    """The stored form of a Sentence (see module); None for text that has no code."""
    if not isinstance(text, Sentence):
        return None
    out: dict = {"code": text.code}
    if text.plural is not None:
        out["plural"], out["n"] = text.plural, text.n
    if text.fields is not None:
        out["fields"] = {k: neutral(v) or (v if isinstance(v, int | float | None) else str(v))
                         for k, v in text.fields.items()}
    return out


def _words(item: dict, one, counted) -> str:
    """``item`` in words: ``one(template)`` and ``counted(singular, plural, n)`` translate."""
    if item.get("plural") is not None:
        text = counted(item["code"], item["plural"], int(item.get("n") or 0))
    else:
        text = one(item["code"])
    fields = item.get("fields")
    if fields is None:
        return text
    values = {k: _words(v, one, counted) if isinstance(v, dict) else v
              for k, v in fields.items()}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        if one is _english_one:
            return text  # fields that do not fit the template: the template as it is
        return _words(item, _english_one, _english_counted)  # a translation that lost a field


def render(item: dict) -> str:
    """A stored sentence in the current language."""
    from fieldnotes import i18n

    return _words(item, i18n._, i18n.ngettext)


def _english_one(message: str) -> str:
    return message


def _english_counted(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def english(item: dict) -> str:
    """A stored sentence in English (its templates are English)."""
    return _words(item, _english_one, _english_counted)
