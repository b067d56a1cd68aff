"""Every line of a report that names a person gives the fingerprint the same way, in groups of
five as people read it aloud: "Came from" printed it as one 40-digit run."""

from __future__ import annotations

import re

from fieldnotes import contacts
from fieldnotes.reports import case_report, custody
from tests.desk.test_reports import language, pdf_text, received  # noqa: F401 (fixtures)


def test_custody_and_case_reports_group_every_fingerprint(desk, received, language):  # noqa: F811
    fpr = desk.r.fingerprint
    researcher = f"{case_report.names(desk.c.conn)[fpr]} · {contacts.grouped(fpr)}"
    custody.write_pdf(desk.c.conn, received["case"], desk.tmp / "custody.pdf")
    case_report.write_case_report(desk.c.conn, received["case"], desk.tmp / "case.pdf")
    for name in ("custody.pdf", "case.pdf"):
        text = re.sub(r"\s+", " ", pdf_text(desk.tmp / name))
        # (The one exception: the trusted comment minisign prints, quoted character for
        # character so it can be compared.)
        assert not re.search(r"(?<!sender )\d{40}", text), f"ungrouped fingerprint in {name}"
        assert researcher in text
    custody_text = re.sub(r"\s+", " ", pdf_text(desk.tmp / "custody.pdf"))
    assert f"Came from {researcher}" in custody_text and f"Signer {researcher}" in custody_text
