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
