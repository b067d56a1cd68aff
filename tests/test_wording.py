import gettext

from fieldnotes import i18n
from fieldnotes.wording import count


def test_count_says_one_thing_or_many():
    assert count(1, "{n} attachment", "{n} attachments") == "1 attachment"
    assert count(0, "{n} attachment", "{n} attachments") == "0 attachments"
    assert count(3, "{n} entry", "{n} entries") == "3 entries"


def test_count_goes_through_the_catalog(monkeypatch):
    class OneForm(gettext.NullTranslations):   # Chinese: one plural form
        def ngettext(self, singular, plural, n):
            return {"{n} attachment": "{n} 个附件"}.get(singular, singular)

    monkeypatch.setattr(i18n, "_current", OneForm())
    assert count(1, "{n} attachment", "{n} attachments") == "1 个附件"
    assert count(5, "{n} attachment", "{n} attachments") == "5 个附件"


def test_no_count_is_pasted_into_a_plural_by_hand():
    """Counts go through count()/ngettext: no f"{n} records" that says "1 records"."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pasted = re.compile(r"""\bf["'][^"']*\{[^}]+\} ?(records|revisions|attachments|entries|"""
                        r"""testimonies|items?\(s\)|bundles|contacts|people|events|notes)\b""")
    found = [f"{path.relative_to(root)}:{i}"
             for folder in ("fieldnotes", "ui")
             for path in sorted((root / folder).rglob("*.py")) if path.name != "selftest.py"
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pasted.search(line)]
    assert not found, found
