"""Records: every type, revisions and history, tombstones, purge, read-only imports."""

from __future__ import annotations

import json

import pytest

from fieldnotes import canonical
from fieldnotes.errors import NotFound, Refused, ValidationError
from fieldnotes.records import dates, revisions


@pytest.fixture
def case(store):
    return store.create("case", {"title": "Detention of Wang Quanzhang", "summary": "709 crackdown"})


def test_every_record_type_round_trips(store, case):
    person = store.create("person", {
        "name": "王全璋", "other_names": ["Wang Quanzhang"], "pseudonym": "W.", "sex": "male",
        "birth_date": "~1976", "risk_level": "high", "remarks": "Human-rights lawyer",
    }, case)
    event = store.create("event", {
        "type": "rsdl", "title": "Held under RSDL", "date": "2015-08-03/2016-01-10",
        "place": "Tianjin",
    }, case)
    testimony = store.create("testimony", {
        "interviewee_id": person, "interviewer": "Researcher A", "date": "2019-03",
        "place": "Beijing", "language": "zh", "interpreter": "none",
        "consent": {"scope": "share_named", "method": "oral_recorded", "given_on": "2019-03-02",
                    "organisations": ["Coordinating NGO"]},
        "text": "他被带走的那天晚上……",
    }, case)
    note = store.create("note", {"text": "Follow up with the family."}, case)
    link = store.create("link", {"person_id": person, "event_id": event, "role": "victim"}, case)
    got = {r["id"]: r for r in store.list(case_id=case)}
    assert set(got) == {case, person, event, testimony, note, link}
    assert got[person]["data"]["birth_date"]["precision"] == "approximate"
    assert got[event]["data"]["date"] == {"text": "2015-08-03/2016-01-10", "precision": "range",
                                         "start": "2015-08-03", "end": "2016-01-10"}
    assert got[testimony]["data"]["consent"]["given_on"]["precision"] == "day"
    assert got[link]["title"] == "Victim"


@pytest.mark.parametrize("rtype,data,message", [
    ("event", {"type": "picnic", "title": "x"}, "not a valid type"),
    ("event", {"type": "trial"}, "title"),
    ("testimony", {"text": "t"}, "consent"),
    ("testimony", {"text": "t", "consent": {"scope": "maybe"}}, "not a valid scope"),
    ("person", {"name": "A", "birth_date": "1976-13"}, "not a real date"),
    ("person", {"name": "A", "shoe_size": 42}, "no field"),
    ("note", {"text": "a\x00b"}, "NUL"),
])
def test_invalid_records_are_refused(store, case, rtype, data, message):
    before = store.conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    with pytest.raises(ValidationError, match=message):
        store.create(rtype, data, case)
    assert store.conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == before


def test_dates():
    assert dates.parse("2015-07")["end"] == "2015-07-31"
    assert dates.parse("2016-02")["end"] == "2016-02-29"
    assert dates.parse("2015")["precision"] == "year"
    with pytest.raises(ValidationError):
        dates.parse("2015-07-20/2015-07-01")
    with pytest.raises(ValidationError):
        dates.parse("last summer")


def test_edit_appends_revision_chain(store, case):
    note = store.create("note", {"text": "first"}, case)
    h2 = store.update(note, {"text": "second"})
    h3 = store.update(note, {"title": "Titled"})
    hist = store.history(note)
    assert [h["data"].get("text") for h in hist] == ["first", "second", "second"]
    assert hist[1]["parent"] == hist[0]["hash"] and hist[2]["parent"] == h2
    assert store.get(note)["head"] == h3
    # Each stored line is canonical JSON whose hash is its SHA-256 without the hash field.
    for (line,) in store.conn.execute("SELECT line FROM revisions WHERE record_id=?", (note,)):
        obj = json.loads(line)
        digest = obj.pop("hash")
        assert canonical.sha256_hex(canonical.encode(obj)) == digest
        assert revisions.parse_line(line)["hash"] == digest
    # An edit that changes nothing makes no revision.
    assert store.update(note, {"title": "Titled"}) == h3
    assert len(store.history(note)) == 3


def test_delete_is_a_tombstone_and_purge_destroys(store, case):
    note = store.create("note", {"text": "sensitive words here"}, case)
    store.delete(note)
    assert store.get(note)["deleted"] is True
    assert [r["id"] for r in store.list(case_id=case)] == [case]
    assert len(store.history(note)) == 2
    with pytest.raises(Refused):
        store.update(note, {"text": "again"})
    store.purge(note)
    with pytest.raises(NotFound):
        store.get(note)
    assert store.conn.execute(
        "SELECT count(*) FROM revisions WHERE record_id=?", (note,)).fetchone()[0] == 0
    actions = [a for (a,) in store.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert actions[-3:] == ["record.created", "record.deleted", "record.purged"]


def test_purge_case_removes_everything_in_it(store, case):
    for i in range(3):
        store.create("note", {"text": f"n{i}"}, case)
    assert store.purge(case) == 4
    assert store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM fts").fetchone()[0] == 0


def test_references_must_exist_in_same_case(store, case):
    other = store.create("case", {"title": "Another"})
    person = store.create("person", {"name": "A"}, other)
    event = store.create("event", {"type": "trial", "title": "T"}, case)
    with pytest.raises(ValidationError, match="another case"):
        store.create("link", {"person_id": person, "event_id": event, "role": "victim"}, case)
    with pytest.raises(NotFound):
        store.create("note", {"text": "x"}, "00000000-0000-4000-8000-000000000000")


def test_imported_records_are_read_only(store, case):
    digest, line = revisions.make(
        {"id": "11111111-1111-4111-8111-111111111111", "type": "note", "case_id": case,
         "deleted": False, "data": {"text": "from afar"}}, None, "1" * 40, "2026-01-01T00:00:00.000000Z")
    revisions.apply(store.conn, json.loads(line), line, origin="1" * 40)
    with pytest.raises(Refused, match="read-only"):
        store.update("11111111-1111-4111-8111-111111111111", {"text": "changed"})
    with pytest.raises(Refused):
        store.delete("11111111-1111-4111-8111-111111111111")


def test_parse_line_rejects_tampering(store, case):
    note = store.create("note", {"text": "original"}, case)
    (line,) = store.conn.execute("SELECT line FROM revisions WHERE record_id=?", (note,)).fetchone()
    for bad in (line.replace("original", "altered"), line.replace('"v":1', '"v":2'),
                line + " ", "[]", "{", line.replace(note, "not-a-uuid")):
        with pytest.raises(ValidationError):
            revisions.parse_line(bad)


def test_consent_contacts_are_shown_as_fingerprints_people_read():
    from fieldnotes.records import model

    fpr = "0731501831892362970909673684025809227818"
    label, shown = model.show_field("testimony", "consent",
                                    {"scope": "share_named", "contacts": [fpr]})
    assert "['" not in shown and "07315 01831 89236 29709 09673 68402 58092 27818" in shown
