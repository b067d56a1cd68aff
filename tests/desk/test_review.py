"""Review: the coordinator's decisions, kept as their own revisions and audit, never exported."""

from __future__ import annotations

import pytest

from fieldnotes import audit, canonical
from fieldnotes.bundle import importer, writer
from fieldnotes.desk import review
from fieldnotes.errors import ValidationError
from tests.bundle import helpers


@pytest.fixture
def imported(desk):
    s = helpers.store(desk.r)
    ids = {"case": s.create("case", {"title": "Case A"})}
    ids["person"] = s.create("person", {"name": "Real Name", "pseudonym": "P."}, ids["case"])
    ids["note"] = s.create("note", {"text": "first"}, ids["case"])
    importer.import_bundle(desk.c, desk.export())
    ids["local"] = helpers.store(desk.c).create("case", {"title": "Mine"})
    return ids


def _states(conn, **filters) -> dict:
    return {r["id"]: r["state"] for r in review.items(conn, review.Filters(**filters))}


def test_imported_records_start_needing_review_and_decisions_are_revisions(desk, imported):
    c, ids = desk.c, imported
    assert _states(c.conn) == {ids[k]: "needs_review" for k in ("case", "person", "note")}
    revisions_before = c.conn.execute("SELECT hash, line FROM revisions ORDER BY seq").fetchall()

    out = review.set_decision(c.conn, c.fingerprint, [ids["person"], ids["note"], ids["local"],
                                                       "00000000-0000-4000-8000-000000000000"],
                              "accepted", comment="Checked with the family")
    assert out.changed == [ids["person"], ids["note"]]
    assert [rid for rid, _ in out.refused] == [ids["local"],
                                               "00000000-0000-4000-8000-000000000000"]
    again = review.set_decision(c.conn, c.fingerprint, [ids["person"]], "accepted",
                                comment="Checked with the family")
    assert again.unchanged == [ids["person"]] and not again.changed

    review.set_decision(c.conn, c.fingerprint, [ids["person"]], "follow_up", "Ask for a photo")
    assert _states(c.conn, state="accepted") == {ids["note"]: "accepted"}
    assert _states(c.conn, state="follow_up") == {ids["person"]: "follow_up"}
    assert _states(c.conn, state="needs_review") == {ids["case"]: "needs_review"}
    assert set(_states(c.conn, rtype="person")) == {ids["person"]}
    assert set(_states(c.conn, sender=desk.r.fingerprint)) == {ids["case"], ids["person"],
                                                               ids["note"]}
    assert _states(c.conn, sender=c.fingerprint) == {}

    # The sender's history is untouched; the decisions are a hash chain of their own.
    assert c.conn.execute("SELECT hash, line FROM revisions ORDER BY seq").fetchall() == \
        revisions_before
    first, second = review.history(c.conn, ids["person"])
    assert first["parent"] is None and second["parent"] == first["hash"]
    body = {k: v for k, v in second.items() if k != "hash"}
    assert canonical.sha256_hex(canonical.encode(body)) == second["hash"]
    assert second["author"] == c.fingerprint and second["comment"] == "Ask for a photo"
    logged = [e for e in audit.entries(c.conn) if e["action"] == "review.set"]
    assert [e["detail"]["revision"] for e in logged if e["record_id"] == ids["person"]] == \
        [first["hash"], second["hash"]]
    assert all("comment" not in e["detail"] for e in logged)  # content stays out of the audit
    assert audit.verify(c.conn) == []


def test_a_new_revision_from_the_sender_needs_review_again(desk, imported):
    c, ids = desk.c, imported
    review.set_decision(c.conn, c.fingerprint, [ids["note"]], "accepted")
    helpers.store(desk.r).update(ids["note"], {"text": "first, corrected"})
    importer.import_bundle(c, desk.export())
    [item] = [r for r in review.items(c.conn) if r["id"] == ids["note"]]
    assert item["state"] == "needs_review" and item["comment"] is None


def test_duplicate_names_its_original_and_bad_decisions_change_nothing(desk, imported):
    c, ids = desk.c, imported
    with pytest.raises(ValidationError, match="duplicate"):
        review.set_decision(c.conn, c.fingerprint, [ids["note"]], "duplicate")
    with pytest.raises(ValidationError, match="not a review decision"):
        review.set_decision(c.conn, c.fingerprint, [ids["note"]], "maybe")
    with pytest.raises(ValidationError, match="no record"):
        review.set_decision(c.conn, c.fingerprint, [ids["note"]], "duplicate",
                            duplicate_of="00000000-0000-4000-8000-000000000000")
    assert c.conn.execute("SELECT count(*) FROM review_revisions").fetchone()[0] == 0
    out = review.set_decision(c.conn, c.fingerprint, [ids["note"], ids["person"]], "duplicate",
                              duplicate_of=ids["person"])
    assert out.changed == [ids["note"]] and len(out.refused) == 1
    [item] = [r for r in review.items(c.conn) if r["id"] == ids["note"]]
    assert (item["state"], item["duplicate_of"]) == ("duplicate", ids["person"])


def test_review_never_leaves_in_a_bundle(desk, imported):
    c, ids = desk.c, imported
    review.set_decision(c.conn, c.fingerprint, [ids["person"]], "not_usable",
                        comment="COMMENT-ONLY-THE-COORDINATOR-SEES")
    helpers.store(c).create("note", {"text": "coordinator's own"}, ids["local"])
    out = desk.tmp / "back.bundle"
    writer.export_bundle(c, out, [desk.r_fpr], everything=True)
    plain = helpers.decrypt(out.read_bytes(), desk.r)
    assert b"COMMENT-ONLY" not in plain and b"not_usable" not in plain
    assert b"coordinator's own" in plain


def test_the_case_filter_lists_the_cases_that_came_in_bundles(desk, imported):
    s = helpers.store(desk.r)
    gone = s.create("case", {"title": "Withdrawn"})
    s.delete(gone)
    importer.import_bundle(desk.c, desk.export())
    assert review.cases(desk.c.conn) == [{"id": imported["case"], "title": "Case A"}]
