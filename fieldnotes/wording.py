"""Small pieces of wording shared by the command line and the app.

``count`` is the one plural helper: every "3 attachments" goes through ``ngettext``, so a
language with one plural form (Chinese) or several gets its own sentence, never "item(s)" or
"1 Testimonies". Give it whole msgids with ``{n}``: ``count(n, "{n} attachment",
"{n} attachments")`` (extracted like ngettext: the keyword ``count:2,3``).
"""

from __future__ import annotations

from fieldnotes.i18n import ngettext


def count(n: int, singular: str, plural: str) -> str:
    """``1 attachment``, ``2 attachments``, ``0 revisions`` — in the current language."""
    return ngettext(singular, plural, n).format(n=n)
