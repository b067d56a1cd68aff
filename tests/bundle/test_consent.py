"""Consent gates export: what a testimony's source agreed to decides who may receive it."""

from __future__ import annotations

import os

import pytest

from fieldnotes import attachments
from fieldnotes.bundle import importer, select, writer
from tests.bundle import helpers


def _testimony(s, case, scope, orgs=None, title="t"):
    consent = {"scope": scope}
    if orgs:
        consent["organisations"] = orgs
    return s.create("testimony", {"title": title, "text": f"text {scope}", "consent": consent},
                    case)


@pytest.mark.parametrize("scope,orgs,covered", [
    ("publish_anonymised", None, True),
    ("publish_named", None, True),
    ("share_named", ["  coordinator "], True),
    ("share_named", ["Another NGO"], False),
    ("internal", None, False),
    ("withdrawn", None, False),
])
def test_covers(scope, orgs, covered):
    consent = {"scope": scope, **({"organisations": orgs} if orgs else {})}
    recipient = {"name": "Coordinator", "fingerprint": "1" * 40}
    assert (select.covers(consent, recipient) is None) is covered


def test_share_named_by_fingerprint():
    recipient = {"name": "X", "fingerprint": "0123456789" * 4}
    consent = {"scope": "share_named", "organisations": ["01234 56789 " * 4]}
    assert select.covers(consent, recipient) is None


def test_left_out_reported_include_overrides_withdrawn_never(pair):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    ok = _testimony(s, case, "share_named", ["Coordinator"])
    internal = _testimony(s, case, "internal", title="kept home")
    other_org = _testimony(s, case, "share_named", ["Amnesty"])
    withdrawn = _testimony(s, case, "withdrawn")
    f = pair.tmp / "rec.wav"
    f.write_bytes(os.urandom(5000))
    att, sha = attachments.attach_file(s, case, f, record_id=internal)
    f.write_bytes(os.urandom(5000))
    att2, sha2 = attachments.attach_file(s, case, f, record_id=ok)

    plan = writer.plan_export(pair.r, [pair.c_fpr], cases=[case])
    left = {o["id"]: o for o in plan.left_out}
    assert set(left) == {internal, other_org, withdrawn, att}
    assert left[internal] == {"id": internal, "type": "testimony", "title": "kept home",
                              "reason": "Consent is for internal use only.",
                              "withdrawn": False}
    assert left[other_org]["reason"] == "Consent does not name Coordinator."
    assert "never exported" in left[withdrawn]["reason"]
    assert left[att]["type"] == "attachment" and "leaves out" in left[att]["reason"]
    assert (plan.records, plan.attachments) == (3, 1)

    res = writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], cases=[case])
    assert {o["id"] for o in res.left_out} == set(left)
    importer.import_bundle(pair.c, pair.tmp / "b")
    have = {r["id"] for r in helpers.store(pair.c).list(case_id=case)}
    assert have == {case, ok, att2}
    assert pair.c.conn.execute("SELECT count(*) FROM blobs WHERE sha256 = ?",
                               (sha,)).fetchone()[0] == 0

    # include overrides consent, except withdrawn.
    plan = writer.plan_export(pair.r, [pair.c_fpr], since_last=True,
                              include={internal, withdrawn})
    assert {o["id"] for o in plan.left_out} == {other_org, withdrawn}
    res = writer.export_bundle(pair.r, pair.tmp / "b2", [pair.c_fpr], since_last=True,
                               include={internal, withdrawn})
    importer.import_bundle(pair.c, pair.tmp / "b2")
    have = {r["id"] for r in helpers.store(pair.c).list(case_id=case)}
    assert have == {case, ok, att2, internal, att}
    assert helpers.blob(pair.c, sha) == helpers.blob(pair.r, sha)


def test_consent_widened_later_catches_up_incrementally(pair):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    t = _testimony(s, case, "internal")
    writer.export_bundle(pair.r, pair.tmp / "1", [pair.c_fpr], since_last=True)
    importer.import_bundle(pair.c, pair.tmp / "1")
    s.update(t, {"consent": {"scope": "publish_anonymised"}})
    res = writer.export_bundle(pair.r, pair.tmp / "2", [pair.c_fpr], since_last=True)
    assert res.revisions == 2 and res.left_out == []  # its whole history, parents first
    assert importer.import_bundle(pair.c, pair.tmp / "2").added == 2
    assert helpers.store(pair.c).get(t)["data"]["consent"]["scope"] == "publish_anonymised"


def test_deleted_testimony_keeps_the_consent_it_had(pair):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    t = _testimony(s, case, "internal")
    s.delete(t)
    plan = writer.plan_export(pair.r, [pair.c_fpr], cases=[case])
    assert [o["id"] for o in plan.left_out] == [t]


@pytest.fixture
def third(pair):
    """The fingerprint of a second recipient, "Other NGO", a verified contact of the researcher."""
    party = helpers.Party(pair.tmp / "third", "Other NGO")
    try:
        yield helpers.befriend(pair.r, party.v)[0]
    finally:
        party.v.close()


def test_several_recipients_need_consent_for_each(pair, third):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    t = _testimony(s, case, "share_named", ["Coordinator"])
    plan = writer.plan_export(pair.r, [pair.c_fpr, third], cases=[case])
    assert [(o["id"], o["reason"]) for o in plan.left_out] == [
        (t, "Consent does not name Other NGO.")]


def test_a_source_known_only_through_withheld_testimony_stays_home(pair):
    """The person record of someone who only gave testimony that consent keeps back would say
    who spoke: it is left out with it (and what is attached to it); a person the case needs
    otherwise (linked to an event, or named by testimony that goes) still goes."""
    from fieldnotes.records import vocab

    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    source = s.create("person", {"name": "Only a source"}, case)
    victim = s.create("person", {"name": "Victim and source"}, case)
    both = s.create("person", {"name": "Source twice"}, case)
    event = s.create("event", {"type": next(iter(vocab.EVENT_TYPES)), "title": "Arrest"}, case)
    s.create("link", {"person_id": victim, "event_id": event, "role": next(iter(vocab.ROLES))},
             case)
    consent_internal = {"scope": "internal"}
    held = [s.create("testimony", {"text": "kept", "consent": consent_internal,
                                   "interviewee_id": p}, case) for p in (source, victim, both)]
    goes = s.create("testimony", {"text": "shared", "consent": {"scope": "publish_named"},
                                  "interviewee_id": both}, case)
    photo = pair.tmp / "face.jpg"
    photo.write_bytes(os.urandom(3000))
    att, _ = attachments.attach_file(s, case, photo, record_id=source)

    plan = writer.plan_export(pair.r, [pair.c_fpr], cases=[case])
    left = {o["id"]: o for o in plan.left_out}
    assert set(left) == {*held, source, att}
    assert left[source]["type"] == "person" and "who spoke" in left[source]["reason"]

    writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], cases=[case])
    importer.import_bundle(pair.c, pair.tmp / "b")  # every reference that went resolves
    have = {r["id"] for r in helpers.store(pair.c).list(case_id=case)}
    assert source not in have and att not in have
    assert {victim, both, goes, event} <= have

    plan = writer.plan_export(pair.r, [pair.c_fpr], since_last=True, include={source})
    assert source not in {o["id"] for o in plan.left_out}


def test_a_withdrawal_reaches_the_coordinator_who_holds_the_testimony(pair):
    """Withdrawn consent travels to a recipient who already holds the testimony, as long as
    nothing but the consent changed; the text of an edit never goes, nor does a new file."""
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    told = _testimony(s, case, "publish_named", title="to be withdrawn")
    edited = _testimony(s, case, "publish_named", title="edited, then withdrawn")
    writer.export_bundle(pair.r, pair.tmp / "1", [pair.c_fpr], since_last=True)
    importer.import_bundle(pair.c, pair.tmp / "1")

    s.update(told, {"consent": {"scope": "withdrawn"}})
    s.update(edited, {"consent": {"scope": "withdrawn"}, "text": "a new detail"})
    f = pair.tmp / "later.jpg"
    f.write_bytes(os.urandom(2000))
    att, _ = attachments.attach_file(s, case, f, record_id=told)

    plan = writer.plan_export(pair.r, [pair.c_fpr], since_last=True)
    assert [w["id"] for w in plan.withdrawals] == [told]
    assert plan.withdrawals[0]["reason"] == ("Consent was withdrawn; this tells Coordinator "
                                             "to stop using the copy they hold.")
    left = {o["id"]: o["reason"] for o in plan.left_out}
    assert set(left) == {edited, att}
    assert "after the testimony was edited" in left[edited]
    assert "withdrawn" in left[att]

    res = writer.export_bundle(pair.r, pair.tmp / "2", [pair.c_fpr], since_last=True)
    assert [w["id"] for w in res.withdrawals] == [told] and res.revisions == 1
    assert b"a new detail" not in helpers.decrypt((pair.tmp / "2").read_bytes(), pair.c)
    importer.import_bundle(pair.c, pair.tmp / "2")
    theirs = helpers.store(pair.c)
    assert theirs.get(told)["data"]["consent"]["scope"] == "withdrawn"
    assert theirs.get(edited)["data"]["consent"]["scope"] == "publish_named"
    assert theirs.get(edited)["data"]["text"] == "text publish_named"
    assert att not in {r["id"] for r in theirs.list(case_id=case)}


def test_a_withdrawal_never_reaches_someone_who_did_not_hold_it(pair, third):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    t = _testimony(s, case, "publish_named")
    writer.export_bundle(pair.r, pair.tmp / "1", [pair.c_fpr], cases=[case])
    s.update(t, {"consent": {"scope": "withdrawn"}})
    plan = writer.plan_export(pair.r, [pair.c_fpr, third], cases=[case])
    assert plan.withdrawals == [] and t in {o["id"] for o in plan.left_out}
    plan = writer.plan_export(pair.r, [pair.c_fpr], cases=[case])
    assert [w["id"] for w in plan.withdrawals] == [t]
