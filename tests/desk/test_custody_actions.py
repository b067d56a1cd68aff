"""The custody report says each audit action in the reader's language ("数据包已导入"), with
the recorded code beside it (the entry's hash covers the code); an unknown code is printed as
it is, never lost."""

from __future__ import annotations

from fieldnotes import audit, i18n
from fieldnotes.desk import batch, review
from fieldnotes.reports import actions, custody
from tests.bundle import helpers
from tests.desk.test_reports import pdf_text


def test_every_audit_action_has_a_phrase_in_both_chinese_scripts():
    assert set(actions.PHRASES) == audit.ACTIONS
    try:
        for lang in ("zh_CN", "zh_TW"):
            i18n.set_language(lang)
            for code, phrase in actions.PHRASES.items():
                said = actions.describe(code)
                assert i18n._(phrase) != phrase and said.startswith(i18n._(phrase)), (lang, code)
                assert code in said  # the record's code stays beside the phrase
    finally:
        i18n.set_language("en")


def test_an_unknown_action_is_printed_as_its_code():
    assert actions.describe("vault.something_later") == "vault.something_later"


def test_custody_report_in_chinese_says_what_happened(desk):
    ids = helpers.populate(desk.r, desk.tmp, size=5000)
    batch.import_many(desk.c, [desk.export(cases=[ids["case"]])])
    review.set_decision(desk.c.conn, desk.c.fingerprint, [ids["case"]], "accepted")
    i18n.set_language("zh_CN")
    try:
        out = desk.tmp / "custody.pdf"
        custody.write_pdf(desk.c.conn, ids["case"], out)
    finally:
        i18n.set_language("en")
    text = pdf_text(out).replace("\n", " ")
    assert "数据包已导入（bundle.imported）" in text
    assert "已记录审阅决定（review.set）" in text
    # No action is left as a bare English code.
    for code in ("bundle.imported", "review.set"):
        assert text.count(code) == text.count(f"（{code}）")
