"""Researcher → coordinator: every record type, attachments, edits, tombstones, incremental."""

from __future__ import annotations

import hashlib

import pytest

from fieldnotes import attachments, audit
from fieldnotes.bundle import importer, writer
from fieldnotes.errors import (
    BundleRejected,
    Cancelled,
    FieldnotesError,
    NotFound,
    Refused,
    ValidationError,
)
from fieldnotes.jobs import Job
from fieldnotes.records import model
from tests.bundle import helpers


def _same_history(pair, record_id):
    mine = helpers.store(pair.r).history(record_id)
    theirs = helpers.store(pair.c).history(record_id)
    return [h["hash"] for h in mine] == [h["hash"] for h in theirs]


def test_round_trip_every_record_type(pair, tmp_path):
    ids = helpers.populate(pair.r, pair.tmp)
    out = pair.tmp / "b1.bundle"
    res = writer.export_bundle(pair.r, out, [pair.c_fpr], cases=[ids["case"]])
    assert res.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert res.left_out == [] and res.attachments == 2 and res.records == 10
    assert res.revisions == 12  # 10 records + one edit + one tombstone
    info = importer.verify_bundle(pair.c, out)
    assert (info.bundle_id, info.sender, info.sequence, info.previous) == (
        res.bundle_id, pair.r_fpr, 1, None)
    assert info.revisions == 12 and info.attachments == 2 and info.sha256 == res.sha256
    result = importer.import_bundle(pair.c, out)
    assert (result.added, result.skipped, result.attachments_added) == (12, 0, 2)
    assert result.gap is None and not result.already_imported
    assert [c["id"] for c in result.cases] == [ids["case"]]
    assert result.sender == pair.r_fpr and result.sender_name == "Researcher"

    mine = helpers.store(pair.r).list(case_id=ids["case"], include_deleted=True)
    theirs = {r["id"]: r for r in helpers.store(pair.c).list(case_id=ids["case"],
                                                              include_deleted=True)}
    assert {r["type"] for r in mine} == set(model.TYPES)
    assert set(theirs) == {r["id"] for r in mine}
    for rec in mine:
        other = theirs[rec["id"]]
        assert (other["head"], other["data"], other["deleted"]) == (
            rec["head"], rec["data"], rec["deleted"])
        assert other["origin"] == pair.r_fpr and other["author"] == pair.r_fpr
        assert _same_history(pair, rec["id"])
    assert theirs[ids["gone"]]["deleted"] is True
    assert theirs[ids["note"]]["data"]["text"] == "first, edited"
    assert helpers.blob(pair.c, ids["sha"]) == helpers.blob(pair.r, ids["sha"])
    assert helpers.blob(pair.c, ids["photo_sha"]) == helpers.blob(pair.r, ids["photo_sha"])
    from fieldnotes import search

    assert {h["id"] for h in search.search(pair.c.conn, "王全璋")} >= {ids["person"]}
    actions = [e["action"] for e in audit.entries(pair.c.conn)]
    assert actions[-1] == "bundle.imported" and audit.verify(pair.c.conn) == []
    assert [e["action"] for e in audit.entries(pair.r.conn)][-1] == "bundle.exported"

    # Imported records are read-only at the coordinator.
    with pytest.raises(Refused, match="read-only"):
        helpers.store(pair.c).update(ids["note"], {"text": "changed"})
    # ... and so is the imported case: the coordinator adds nothing to it, not even a file.
    before = helpers.db_state(pair.c)
    with pytest.raises(Refused, match="read-only"):
        helpers.store(pair.c).create("note", {"text": "the coordinator's own"}, ids["case"])
    extra = tmp_path / "extra.txt"
    extra.write_bytes(b"coordinator's file")
    with pytest.raises(Refused, match="read-only"):
        attachments.attach_file(helpers.store(pair.c), ids["case"], extra)
    assert helpers.db_state(pair.c) == before

    # The same bundle again changes nothing.
    state = helpers.db_state(pair.c)
    again = importer.import_bundle(pair.c, out)
    assert again.already_imported and again.added == 0 and again.skipped == 12
    assert helpers.db_state(pair.c) == state

    # A damaged or cut copy of that same bundle is reported as damaged, not waved through as
    # "already imported" (its signed id is readable before the damage is reached).
    data = out.read_bytes()
    for name, bad in (("flipped", data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 1])
                       + data[len(data) // 2 + 1:]),
                      ("cut", data[: len(data) - 100]), ("trailing", data + b"junk")):
        damaged = out.with_name(f"{name}.age")
        damaged.write_bytes(bad)
        with pytest.raises(BundleRejected):
            importer.import_bundle(pair.c, damaged)
        assert helpers.db_state(pair.c) == state


def test_incremental_exports_edits_and_tombstones(pair):
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    note = s.create("note", {"text": "v1"}, case)
    b1 = writer.export_bundle(pair.r, pair.tmp / "1.bundle", [pair.c_fpr], since_last=True)
    assert b1.revisions == 2
    assert importer.import_bundle(pair.c, pair.tmp / "1.bundle").added == 2

    with pytest.raises(FieldnotesError, match="nothing to export"):
        writer.export_bundle(pair.r, pair.tmp / "empty.bundle", [pair.c_fpr], since_last=True)
    assert not (pair.tmp / "empty.bundle").exists()

    s.update(note, {"text": "v2"})
    other = s.create("note", {"text": "second"}, case)
    s.delete(other)
    plan = writer.plan_export(pair.r, [pair.c_fpr], since_last=True)
    assert (plan.revisions, plan.records) == (3, 2)
    assert plan.recipients[0]["sequence"] == 2 and plan.recipients[0]["previous"] == b1.bundle_id
    b2 = writer.export_bundle(pair.r, pair.tmp / "2.bundle", [pair.c_fpr], since_last=True)
    info = importer.verify_bundle(pair.c, pair.tmp / "2.bundle")
    assert (info.sequence, info.previous) == (2, b1.bundle_id)
    result = importer.import_bundle(pair.c, pair.tmp / "2.bundle")
    assert (result.added, result.skipped, result.gap) == (3, 0, None)
    assert helpers.store(pair.c).get(note)["data"]["text"] == "v2"
    assert helpers.store(pair.c).get(other)["deleted"]

    # A full case export re-sends history; the coordinator skips what it holds.
    s.update(note, {"text": "v3"})
    b3 = writer.export_bundle(pair.r, pair.tmp / "3.bundle", [pair.c_fpr], cases=[case])
    assert b3.revisions == 6
    result = importer.import_bundle(pair.c, pair.tmp / "3.bundle")
    assert (result.added, result.skipped, result.sequence) == (1, 5, 3)
    rows = pair.r.conn.execute("SELECT sequence, previous FROM bundles_sent ORDER BY sequence"
                               ).fetchall()
    assert rows == [(1, None), (2, b1.bundle_id), (3, b2.bundle_id)]


def _two_bundles(pair):
    """1.bundle holds a case, 2.bundle a note added to it afterwards."""
    s = helpers.store(pair.r)
    case = s.create("case", {"title": "c"})
    writer.export_bundle(pair.r, pair.tmp / "1.bundle", [pair.c_fpr], since_last=True)
    s.create("note", {"text": "n"}, case)
    writer.export_bundle(pair.r, pair.tmp / "2.bundle", [pair.c_fpr], since_last=True)
    return s


def test_gap_is_reported_not_refused(pair):
    s = _two_bundles(pair)
    s.create("case", {"title": "independent"})
    writer.export_bundle(pair.r, pair.tmp / "3.bundle", [pair.c_fpr], since_last=True)
    r1 = importer.import_bundle(pair.c, pair.tmp / "1.bundle")
    assert r1.gap is None
    r3 = importer.import_bundle(pair.c, pair.tmp / "3.bundle")
    assert r3.added == 1 and "follows bundle 1" in r3.gap
    r2 = importer.import_bundle(pair.c, pair.tmp / "2.bundle")
    assert r2.added == 1 and "older than the last one" in r2.gap


def test_bundle_needing_an_earlier_one_is_refused_until_it_comes(pair):
    _two_bundles(pair)
    pair.C.refuses(pair.tmp / "2.bundle", "earlier bundles first", verify=False)
    importer.import_bundle(pair.c, pair.tmp / "1.bundle")
    assert importer.import_bundle(pair.c, pair.tmp / "2.bundle").added == 1


def test_several_recipients_each_with_their_sequence(pair):
    third = helpers.Party(pair.tmp / "third", "Second NGO")
    try:
        t_fpr, _ = helpers.befriend(pair.r, third.v)
        s = helpers.store(pair.r)
        s.create("case", {"title": "c"})
        writer.export_bundle(pair.r, pair.tmp / "a.bundle", [pair.c_fpr], since_last=True)
        res = writer.export_bundle(pair.r, pair.tmp / "b.bundle", [pair.c_fpr, t_fpr],
                                   since_last=True)
        assert res.revisions == 1  # not yet sent to the third party
        ci = importer.verify_bundle(pair.c, pair.tmp / "b.bundle")
        ti = importer.verify_bundle(third.v, pair.tmp / "b.bundle")
        assert (ci.sequence, ti.sequence) == (2, 1)
        assert ti.previous is None and ci.previous is not None
        assert sorted(ci.recipients) == sorted([pair.c_fpr, t_fpr])
        assert importer.import_bundle(third.v, pair.tmp / "b.bundle").added == 1
    finally:
        third.v.close()


def test_recipients_must_be_verified_unrevoked_contacts(pair, make_vault):
    stranger = make_vault("stranger")[0]
    helpers.store(pair.r).create("case", {"title": "c"})
    with pytest.raises(NotFound, match="no contact"):
        writer.export_bundle(pair.r, pair.tmp / "x", [stranger.fingerprint], everything=True)
    from fieldnotes import contacts

    fpr = contacts.add_contact(pair.r.conn, helpers.card(stranger))
    with pytest.raises(Refused, match="Verify the fingerprint of Stranger"):
        writer.plan_export(pair.r, [fpr], everything=True)
    contacts.revoke_contact(pair.r.conn, pair.c_fpr)
    with pytest.raises(Refused, match="Coordinator has been revoked"):
        writer.export_bundle(pair.r, pair.tmp / "x", [pair.c_fpr], everything=True)
    with pytest.raises(ValidationError, match="Choose what to export"):
        writer.plan_export(pair.r, [fpr], cases=["x"], everything=True)
    assert not (pair.tmp / "x").exists()


def test_only_own_cases_export_and_existing_file_is_kept(pair):
    ids = helpers.populate(pair.r, pair.tmp, size=10)
    writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], cases=[ids["case"]])
    importer.import_bundle(pair.c, pair.tmp / "b")
    # The coordinator cannot re-export what it imported.
    with pytest.raises(Refused, match="another researcher"):
        writer.plan_export(pair.c, [pair.r_fpr], cases=[ids["case"]])
    # --all at the coordinator holds only its own records: nothing here.
    with pytest.raises(FieldnotesError, match="nothing to export"):
        writer.export_bundle(pair.c, pair.tmp / "c", [pair.r_fpr], everything=True)
    (pair.tmp / "taken").write_bytes(b"mine")
    with pytest.raises(FieldnotesError, match="already exists"):
        writer.export_bundle(pair.r, pair.tmp / "taken", [pair.c_fpr], everything=True)
    assert (pair.tmp / "taken").read_bytes() == b"mine"


def test_cancelled_export_leaves_no_file_and_records_nothing(pair):
    helpers.populate(pair.r, pair.tmp, size=3 << 20)
    job = Job(progress=lambda done, total: job.cancel() if done > (1 << 20) else None)
    sent = pair.r.conn.execute("SELECT count(*) FROM bundles_sent").fetchone()[0]
    with pytest.raises(Cancelled):
        writer.export_bundle(pair.r, pair.tmp / "c.bundle", [pair.c_fpr], everything=True,
                             job=job)
    assert list(pair.tmp.glob("*c.bundle*")) == []
    assert pair.r.conn.execute("SELECT count(*) FROM bundles_sent").fetchone()[0] == sent
    assert not pair.r.conn.in_transaction


def test_cancelled_import_changes_nothing(pair):
    helpers.populate(pair.r, pair.tmp, size=3 << 20)
    writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], everything=True)
    state = helpers.db_state(pair.c)
    job = Job(progress=lambda done, total: job.cancel() if done > (2 << 20) else None)
    with pytest.raises(Cancelled):
        importer.import_bundle(pair.c, pair.tmp / "b", job=job)
    assert helpers.db_state(pair.c) == state
    assert importer.import_bundle(pair.c, pair.tmp / "b").added == 12


def test_worker_thread_connections(pair):
    """The UI runs exports and imports on worker threads with their own connections."""
    import threading

    ids = helpers.populate(pair.r, pair.tmp, size=10)
    results = {}

    def work():
        rc, cc = pair.r.connect(), pair.c.connect()
        try:
            results["e"] = writer.export_bundle(pair.r, pair.tmp / "w", [pair.c_fpr],
                                                cases=[ids["case"]], conn=rc)
            results["i"] = importer.import_bundle(pair.c, pair.tmp / "w", conn=cc)
        finally:
            pair.r.release(rc)
            pair.c.release(cc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert results["i"].added == results["e"].revisions == 12
    assert helpers.store(pair.c).get(ids["note"])["origin"] == pair.r_fpr


def _damage(path, other, how: str) -> None:
    data = path.read_bytes()
    if how == "flip":
        path.write_bytes(data[:100000] + bytes([data[100000] ^ 1]) + data[100001:])
    elif how == "cut":
        path.write_bytes(data[:len(data) // 2])
    elif how == "missing":
        path.unlink()
    else:  # swapped with another blob's file, padded to the same length
        path.write_bytes(other.read_bytes().ljust(len(data), b"\0")[:len(data)])


@pytest.mark.parametrize("damage, said", [("flip", "altered"), ("cut", "cut short"),
                                          ("missing", "missing"), ("swap", "altered")])
def test_corrupt_attachment_is_not_exported(pair, damage, said):
    from fieldnotes.blobstore import layout
    from fieldnotes.errors import AttachmentCorrupt

    ids = helpers.populate(pair.r, pair.tmp, size=3 << 20)
    folder = layout.folder_of(pair.r.conn)
    names = dict(pair.r.conn.execute("SELECT sha256, name FROM blobs"))
    _damage(layout.path_of(folder, names[ids["sha"]]),
            layout.path_of(folder, names[ids["photo_sha"]]), damage)
    with pytest.raises(AttachmentCorrupt, match=f"audio-.*{said}"):
        writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], everything=True)
    assert not (pair.tmp / "b").exists() and list(pair.tmp.glob(".b.*")) == []
    assert pair.r.conn.execute("SELECT count(*) FROM bundles_sent").fetchone()[0] == 0
