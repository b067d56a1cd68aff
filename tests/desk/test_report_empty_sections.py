"""A case report names every section, and a section with nothing in it says "None." — the
People heading stood alone, with Events' "None." under the next heading (found on the walk)."""

from __future__ import annotations

import re

from fieldnotes.reports import case_report
from tests.bundle import helpers
from tests.desk.test_reports import language, pdf_text  # noqa: F401  (fixture)


def test_every_empty_section_says_none(desk, language):  # noqa: F811
    language("en")
    s = helpers.store(desk.c)
    case = s.create("case", {"title": "Only a testimony"})
    s.create("testimony", {"title": "Mother", "text": "He was taken at night.",
                           "consent": {"scope": "publish_anonymised"}}, case)
    out = desk.tmp / "report.pdf"
    case_report.write_case_report(desk.c.conn, case, out)
    text = pdf_text(out)
    for heading in ("People", "Events", "Attachments"):
        assert re.search(rf"^{heading}\s*\n\s*None\.", text, re.MULTILINE), (heading, text)
    assert "He was taken at night." in text


def test_a_section_of_only_people_left_out_does_not_also_say_none(desk, language):  # noqa: F811
    language("en")
    s = helpers.store(desk.c)
    case = s.create("case", {"title": "A source kept back"})
    source = s.create("person", {"name": "Source"}, case)
    s.create("testimony", {"title": "Kept", "text": "internal", "interviewee_id": source,
                           "consent": {"scope": "internal"}}, case)
    out = desk.tmp / "kept.pdf"
    case_report.write_case_report(desk.c.conn, case, out)
    text = pdf_text(out)
    assert "1 person is left out" in text
    assert not re.search(r"^People\s*\n\s*None\.", text, re.MULTILINE)
