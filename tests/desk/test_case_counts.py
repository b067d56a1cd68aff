"""The case list's counts (``case_counts``, kept by triggers) equal a full recount after every
kind of write: save, edit, delete, purge, import, review, purge of delivered material, and
after an older vault is migrated."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from fieldnotes import migrations
from fieldnotes.bundle import receipts, writer
from fieldnotes.desk import batch, review
from fieldnotes.errors import FieldnotesError
from fieldnotes.records import case_counts
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.bundle import helpers
from tests.bundle.helpers import Pair
from tests.conftest import PASS

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("note", "person", "event", "testimony")
DATA = {"note": {"text": "n"}, "person": {"name": "王"}, "event": {"type": "arbitrary_detention", "title": "Taken"},
        "testimony": {"text": "t", "consent": {"scope": "share_named"}}}


def _agrees(conn) -> None:
    assert case_counts.stored(conn) == case_counts.recount(conn)


class Writes(RuleBasedStateMachine):
    """A researcher writes and purges; bundles go to a coordinator who imports, reviews and
    confirms them with receipts; the researcher then purges what was delivered."""

    def __init__(self):
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="counts-"))
        self.pair = Pair(self.tmp)
        self.s = Store(self.pair.r.conn, self.pair.r.fingerprint)
        self.cases: list[str] = []
        self.records: list[str] = []
        self.bundles: list[str] = []
        self.n = 0

    def teardown(self):
        self.pair.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @invariant()
    def counts_equal_a_recount(self):
        _agrees(self.pair.r.conn)
        _agrees(self.pair.c.conn)

    @rule()
    def new_case(self):
        self.cases.append(self.s.create("case", {"title": f"Case {len(self.cases)}"}))

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), kind=st.sampled_from(KINDS))
    def new_record(self, i, kind):
        case = self.cases[i % len(self.cases)]
        if not self.s.get(case)["deleted"]:  # a deleted (or delivered and purged) case takes none
            self.records.append(self.s.create(kind, DATA[kind], case))

    @precondition(lambda self: self.records)
    @rule(i=st.integers(0, 99))
    def edit(self, i):
        rid = self.records[i % len(self.records)]
        rec = self.s.get(rid)
        if not rec["deleted"]:
            field = "name" if rec["type"] == "person" else \
                "title" if rec["type"] == "event" else "text"
            self.s.update(rid, {field: f"edit {self.n}"})
            self.n += 1

    @precondition(lambda self: self.records)
    @rule(i=st.integers(0, 99))
    def delete(self, i):
        self.s.delete(self.records[i % len(self.records)])

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99))
    def delete_case(self, i):
        self.s.delete(self.cases[i % len(self.cases)])

    @precondition(lambda self: self.records)
    @rule(i=st.integers(0, 99))
    def purge(self, i):
        self.s.purge(self.records.pop(i % len(self.records)))

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99))
    def purge_case(self, i):
        case = self.cases.pop(i % len(self.cases))
        gone = {r["id"] for r in self.s.list(case_id=case, include_deleted=True)}
        self.s.purge(case)
        self.records = [r for r in self.records if r not in gone]

    @rule()
    def export_and_import(self):
        path = self.tmp / f"{len(self.bundles):03d}.bundle"
        try:
            made = writer.export_bundle(self.pair.r, path, [self.pair.c_fpr], since_last=True)
        except FieldnotesError:  # nothing new since the last bundle
            return
        [attempt] = batch.import_many(self.pair.c, [path])
        assert attempt.status in ("added", "already_imported"), attempt.reason
        self.bundles.append(made.bundle_id)

    @precondition(lambda self: self.bundles)
    @rule(decision=st.sampled_from(["accepted", "follow_up", "not_usable"]))
    def review_all(self, decision):
        conn = self.pair.c.conn
        ids = [r["id"] for r in review.items(conn, limit=50)]
        review.set_decision(conn, self.pair.c.fingerprint, ids, decision)

    @precondition(lambda self: self.bundles)
    @rule()
    def deliver_and_purge(self):
        self.n += 1
        receipt = self.tmp / f"receipt-{self.n}"
        receipts.create_receipt(self.pair.c, self.bundles[-1], receipt)
        receipts.import_receipt(self.pair.r, receipt)
        receipts.purge_delivered(self.pair.r)


Writes.TestCase.settings = settings(max_examples=12, stateful_step_count=14, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow],
                                    phases=[Phase.explicit, Phase.reuse, Phase.generate])
test_counts_follow_every_kind_of_write = Writes.TestCase


@pytest.fixture
def pair(tmp_path):
    p = Pair(tmp_path)
    yield p
    p.close()


def test_case_list_counts_after_an_import(pair):
    ids = helpers.populate(pair.r, pair.tmp, size=1000)
    writer.export_bundle(pair.r, pair.tmp / "b", [pair.c_fpr], since_last=True)
    [attempt] = batch.import_many(pair.c, [pair.tmp / "b"])
    assert attempt.status == "added"
    expected = {"person": 1, "event": 1, "link": 1, "testimony": 2, "note": 1, "attachment": 2}
    for v in (pair.r, pair.c):
        assert case_counts.in_case(v.conn, ids["case"]) == expected
        _agrees(v.conn)
    listed = dict(expected)
    del listed["link"]
    assert case_counts.by_case(pair.c.conn) == {ids["case"]: listed}


def test_purge_of_a_case_leaves_no_count(pair):
    ids = helpers.populate(pair.r, pair.tmp, size=1000)
    s = helpers.store(pair.r)
    other = s.create("case", {"title": "Other"})
    s.create("note", {"text": "kept"}, other)
    s.purge(ids["case"])
    assert case_counts.by_case(pair.r.conn) == {other: {"note": 1}}
    _agrees(pair.r.conn)


def _populated_then_closed(tmp: Path, name: str, upto: int) -> Path:
    """A vault made by a Fieldnotes whose last migration was ``upto``, with records in it."""
    real = migrations.migrate
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(migrations, "migrate", lambda conn, *a, **k: real(conn, upto))
        v = helpers.new_vault(tmp / name, name.title())
        assert migrations.current_version(v.conn) == upto
        helpers.populate(v, tmp, size=1000)
        s = Store(v.conn, v.fingerprint)
        case = s.create("case", {"title": "Second"})
        for kind in KINDS:
            s.create(kind, DATA[kind], case)
        v.close()
    return tmp / name


def test_an_older_vault_gets_its_counts_when_migrated(tmp_path):
    path = _populated_then_closed(tmp_path, "older", migrations.LATEST - 1)
    with Vault.open(path, PASS) as v:
        assert migrations.current_version(v.conn) == migrations.LATEST
        assert len(case_counts.by_case(v.conn)) == 2
        _agrees(v.conn)
        Store(v.conn, v.fingerprint).create("note", {"text": "after"},
                                            next(iter(case_counts.by_case(v.conn))))
        _agrees(v.conn)


def test_the_format_1_fixture_vault_gets_its_counts(tmp_path):
    shutil.copytree(ROOT / "tests" / "fixtures" / "vault-format1", tmp_path / "old")
    with Vault.open(tmp_path / "old", PASS) as v:
        counts = case_counts.by_case(v.conn)
        assert counts and sum(sum(c.values()) for c in counts.values()) > 0
        _agrees(v.conn)
