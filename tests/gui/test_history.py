"""History says what changed between two revisions, in words: never an id, a dict or a code."""

from __future__ import annotations

import re
import time

import pytest

from fieldnotes.timeutil import parse_utc

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_shows_old_to_new_with_labels_and_names(case_view, shanghai):
    from ui.records.history_dialog import HistoryDialog

    s = case_view.session.store
    case = case_view.case_id
    wang = s.create("person", {"name": "王全璋"}, case)
    li = s.create("person", {"name": "李文足"}, case)
    rid = s.create("testimony", {"title": "Wife", "text": "first", "interviewee_id": wang,
                                 "risk_level": "medium",
                                 "consent": {"scope": "internal"}}, case)
    s.update(rid, {"interviewee_id": li, "risk_level": "high",
                   "consent": {"scope": "share_named", "organisations": ["NGO"]}})
    s.update(rid, {"text": "second"})
    dlg = HistoryDialog(case_view.session, s.get(rid))
    assert dlg.list.count() == 3
    assert "edited: Interviewee (person), Consent, Risk level" in dlg.list.item(1).text()
    dlg.list.setCurrentRow(1)
    text = dlg.detail.toPlainText()
    assert "Risk level: Medium → High" in text
    assert "Interviewee (person): 王全璋 → 李文足" in text
    assert "Consent · Scope: Internal use only (this vault) → Share with the named " \
           "organisations" in text
    assert "Consent · Named organisations: NGO" in text
    assert not UUID.search(text) and "{" not in text and "share_named" not in text
    # Two revisions chosen: what changed from the first to the last.
    dlg.list.item(0).setSelected(True)
    dlg.list.item(2).setSelected(True)
    both = dlg.detail.toPlainText()
    assert "Testimony: first → second" in both and "Risk level: Medium → High" in both
    # Local time in the list, UTC on hover.
    rev = s.history(rid)[0]
    local = parse_utc(rev["time"]).astimezone().strftime("%Y-%m-%d %H:%M")
    assert dlg.list.item(0).text().startswith(local)
    assert dlg.list.item(0).toolTip().endswith("UTC")
    assert "UTC" not in dlg.list.item(0).text()


def test_a_deleted_reference_is_named_as_gone(case_view):
    from ui.records.history_dialog import HistoryDialog

    s = case_view.session.store
    case = case_view.case_id
    p = s.create("person", {"name": "Gone"}, case)
    e = s.create("event", {"type": "trial", "title": "Trial"}, case)
    link = s.create("link", {"person_id": p, "event_id": e, "role": "victim"}, case)
    s.update(link, {"role": "witness"})
    s.purge(p)
    dlg = HistoryDialog(case_view.session, s.get(link))
    dlg.list.setCurrentRow(0)
    assert "Person: a record no longer in this vault" in dlg.detail.toPlainText()
    dlg.list.setCurrentRow(1)
    assert "Role: Victim → Witness" in dlg.detail.toPlainText()


def test_form_heading_is_local_time_with_utc_on_hover(case_view, shanghai):
    from tests.gui.helpers import add_record

    tab = case_view.tabs_by_type["note"]
    add_record(tab, text="n")
    rec = tab.form.record
    local = parse_utc(rec["updated"]).astimezone().strftime("%Y-%m-%d %H:%M")
    assert tab.form.heading.text() == f"Note · last saved {local}"
    assert tab.form.heading.toolTip().endswith(" UTC")
