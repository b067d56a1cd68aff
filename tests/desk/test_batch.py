"""Many bundles at once: one transaction each, an order that chains, a log of every attempt."""

from __future__ import annotations

import hashlib
import json

import pytest

from fieldnotes import audit
from fieldnotes.desk import batch, importlog
from fieldnotes.errors import Cancelled
from fieldnotes.jobs import Job
from tests.bundle import helpers


def _three(desk) -> list:
    s = helpers.store(desk.r)
    case = s.create("case", {"title": "拘留 case"})
    first = desk.export()
    s.create("note", {"text": "second"}, case)
    second = desk.export()
    s.create("note", {"text": "third"}, case)
    third = desk.export()
    return [first, second, third]


def test_many_bundles_chain_in_sequence_order_and_refusals_are_logged(desk):
    first, second, third = _three(desk)
    helpers.store(desk.stranger).create("case", {"title": "not yours"})
    foreign = desk.export(desk.stranger, since_last=True)
    junk = desk.tmp / "junk.bundle"
    junk.write_bytes(b"not a bundle at all")

    # Given last first: the batch still takes them in the sender's order, with no gap.
    attempts = batch.import_many(desk.c, [third, junk, second, foreign, first])
    by_file = {a.file: a for a in attempts}
    assert [by_file[str(p)].status for p in (first, second, third)] == ["added"] * 3
    assert all(not by_file[str(p)].gaps for p in (first, second, third))
    assert [by_file[str(p)].sequence for p in (first, second, third)] == [1, 2, 3]
    assert by_file[str(first)].added == 1 and by_file[str(third)].added == 1

    stranger = by_file[str(foreign)]
    assert stranger.status == "refused" and stranger.unknown_signer
    assert stranger.sender == desk.stranger.fingerprint
    assert "not among your verified contacts" in stranger.reason
    assert stranger.sha256 == hashlib.sha256(foreign.read_bytes()).hexdigest()
    bad = by_file[str(junk)]
    assert bad.status == "refused" and bad.sender is None and not bad.unknown_signer
    assert bad.sha256 == hashlib.sha256(b"not a bundle at all").hexdigest()

    log = importlog.entries(desk.c.conn)
    assert len(log) == 5 == importlog.count(desk.c.conn)
    assert importlog.count(desk.c.conn, status="refused") == 2
    assert {e["file"] for e in log} == {p.name for p in (first, second, third, foreign, junk)}
    taken = [e for e in log if e["status"] == "added"]
    assert {e["sender_name"] for e in taken} == {"Researcher"}
    assert {e["sha256"] for e in taken} == {hashlib.sha256(p.read_bytes()).hexdigest()
                                            for p in (first, second, third)}
    refused = [e for e in audit.entries(desk.c.conn) if e["action"] == "bundle.refused"]
    assert {e["detail"]["sha256"] for e in refused} == {stranger.sha256, bad.sha256}
    assert audit.verify(desk.c.conn) == []

    again = batch.import_many(desk.c, [first])
    assert again[0].status == "already_imported" and again[0].taken
    assert again[0].sha256 == hashlib.sha256(first.read_bytes()).hexdigest()
    assert importlog.entries(desk.c.conn, limit=1)[0]["status"] == "already_imported"


def test_a_gap_is_reported_and_logged_and_a_refusal_changes_no_record(desk):
    first, second, third = _three(desk)
    before = helpers.db_state(desk.c)
    forged = desk.tmp / "forged.bundle"
    data = bytearray(second.read_bytes())
    data[-100] ^= 1
    forged.write_bytes(bytes(data))
    [refused] = batch.import_many(desk.c, [forged])
    assert refused.status == "refused" and "damaged" in refused.reason
    # Nothing but the log and its audit entry changed.
    desk.c.conn.execute("DELETE FROM import_log")
    last = desk.c.conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    desk.c.conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    assert helpers.db_state(desk.c) == before

    attempts = batch.import_many(desk.c, [first, third])
    assert [a.status for a in attempts] == ["added", "added"]  # third adds a new note
    assert attempts[0].gaps == []
    [gap] = attempts[1].gaps
    assert "3" in gap and "Researcher" in gap
    [logged] = importlog.entries(desk.c.conn, limit=1)
    assert logged["bundle_id"] == attempts[1].bundle_id and logged["sequence"] == 3
    assert logged["gaps"] == attempts[1].gaps


def test_progress_covers_all_files_and_cancel_stops_before_the_next(desk):
    first, second, _third = _three(desk)
    seen = []
    job = Job(lambda done, total: seen.append((done, total)))
    started = []
    batch.import_many(desk.c, [first, second], job=job,
                      started=lambda i, p: started.append(p.name))
    total = first.stat().st_size + second.stat().st_size
    assert seen[-1] == (total, total) and started == [first.name, second.name]
    assert all(t == total for _d, t in seen)

    job = Job()
    import pytest

    with pytest.raises(Cancelled):
        batch.import_many(desk.c, [_third], job=job, started=lambda i, p: job.cancel())
    assert importlog.count(desk.c.conn) == 2  # a cancelled attempt is not a refusal


def test_folder_lists_bundles_only(tmp_path):
    (tmp_path / "b.bundle").write_bytes(b"x")
    (tmp_path / "a.AGE").write_bytes(b"x")
    (tmp_path / "receipt.receipt").write_bytes(b"x")
    (tmp_path / ".hidden.bundle").write_bytes(b"x")
    assert [p.name for p in batch.bundles_in(tmp_path)] == ["a.AGE", "b.bundle"]


def test_attempt_json_has_the_promised_fields(desk):
    first, *_ = _three(desk)
    [a] = batch.import_many(desk.c, [first])
    d = json.loads(json.dumps(a.to_dict()))
    assert {"file", "sha256", "status", "bundle_id", "sender", "added", "skipped", "gaps",
            "reason"} <= set(d)


def test_attempt_line_counts_in_words():
    one = batch.Attempt("b.age", status=batch.ADDED, bundle_id="B", sender_name="Researcher A",
                        added=1, skipped=0, attachments=1)
    many = batch.Attempt("b.age", status=batch.ADDED, bundle_id="B", sender_name="Researcher A",
                         added=4, skipped=2, attachments=3)
    assert batch.attempt_line(one) == ("bundle B from Researcher A: 1 revision added, "
                                       "0 already present, 1 attachment added")
    assert batch.attempt_line(many) == ("bundle B from Researcher A: 4 revisions added, "
                                        "2 already present, 3 attachments added")


def test_the_file_read_ahead_is_checked_as_fully_as_the_first(desk):
    """Each next file is decrypted while the one before it commits: a damaged one is still
    refused (nothing of it kept), the files around it are taken, and no thread outlives
    the batch, whether it ends or is cancelled."""
    import threading

    first, second, third = _three(desk)
    damaged = desk.tmp / "damaged.bundle"
    data = bytearray(second.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    before = set(threading.enumerate())
    attempts = batch.import_many(desk.c, [first, damaged, second, third])
    by_file = {a.file: a for a in attempts}
    assert by_file[str(damaged)].status == "refused"
    assert by_file[str(damaged)].sha256 == hashlib.sha256(bytes(data)).hexdigest()
    assert [by_file[str(p)].status for p in (first, second, third)] == ["added"] * 3
    assert [by_file[str(p)].sha256 for p in (first, second, third)] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second, third)]
    assert set(threading.enumerate()) <= before

    job = Job()
    seen = []

    def stop_after_first(i, _attempt):
        seen.append(i)
        job.cancel()

    with pytest.raises(Cancelled):
        batch.import_many(desk.c, [first, second, third], job, finished=stop_after_first)
    assert seen == [0] and set(threading.enumerate()) <= before
