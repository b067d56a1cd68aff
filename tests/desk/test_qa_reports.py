"""Found by the end-to-end QA pass: reports speak the reader's language throughout."""

from __future__ import annotations

from fieldnotes import i18n
from fieldnotes.desk import batch
from fieldnotes.reports import custody
from tests.bundle import helpers
from tests.desk.test_reports import pdf_text


def test_custody_report_names_record_types_in_the_readers_language(desk):
    """The chain-of-custody PDF headed each record "case · …", "testimony · …" in Chinese."""
    ids = helpers.populate(desk.r, desk.tmp, size=500)
    batch.import_many(desk.c, [desk.export(cases=[ids["case"]])])
    out = desk.tmp / "custody.pdf"
    i18n.set_language("zh_CN")
    try:
        custody.write_pdf(desk.c.conn, ids["case"], out)
    finally:
        i18n.set_language("en")
    text = pdf_text(out)
    assert "案件 · " in text and "证词 · " in text and "人员 · " in text
    for code in ("case", "person", "testimony", "attachment"):
        assert f"{code} · " not in text and f"{code} {ids['case']}" not in text
