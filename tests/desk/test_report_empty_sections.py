"""A case report names every section, and a section with nothing in it says "None." — the
People heading stood alone, with Events' "None." under the next heading (found on the walk);
and no section heading ends a page alone."""

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


def test_a_section_heading_never_ends_a_page_alone():
    """The custody report printed "Bundles" as the last line of page 1 and its first bundle
    on page 2: a section heading keeps room for the heading and lines that follow it."""
    from fieldnotes.reports.pdf import Document

    doc = Document("Keep with next", "test")
    while doc.page_break_trigger - doc.get_y() >= 34:   # 28–34 mm left: room for the heading
        doc.para("A line of the record before the section.")
    doc.heading("Bundles")
    page = doc.page
    doc.heading("c9f4f6e9-adf3-49e5-a77d-b119dfda4044", 2)
    doc.field("File", "to-coordinator.bundle")
    assert doc.page == page
