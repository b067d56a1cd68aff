"""Coordinator's desk benchmarks (issue 12): many bundles at once, and a big coordinator's vault.

- ``import_many`` of 100 bundles of 10 MiB (one attachment each, from one researcher, one
  transaction each, every byte verified) against the shell loop
  ``for f in *.age; do age -d -i KEY < $f | tar -x; done; sync`` over the same files; ours is
  timed to its last durable commit (WAL synced, synchronous=FULL), and apart with the
  checkpoint that copies the WAL into vault.db afterwards. Quick: 10 bundles of 1 MiB.
  Where the time goes (pyinstrument, main thread, 100 × 10 MiB, format-2 store, loaded
  machine): writing the sealed attachment files ~45 % (SHA-256 of the plaintext, ChaCha20
  sealing, the page-cache writes), the durable waits ~30 % (each file's fsync, its folder's,
  blobs/xx folders made, the commit's WAL fsync), the rest the tag checks, records and log.
  Decryption and the bundle file's own SHA-256 run on the second core, the next file's
  overlapping this one's fsyncs (batch.ReadAhead). CPU time is ~1.3–1.7× the shell loop's:
  two SHA-256 passes and two ChaCha20 passes where the loop makes one ChaCha20 pass.
- A coordinator's vault generated straight into SQLCipher (the importer would take hours to
  write what these measure): 1,000 received bundles from 10 researchers, one case each, one
  million records (notes, people, events, testimonies) with their revisions, full-text index,
  case counts (through the same triggers the importer fires), review decisions on 30 % and an
  import log of 1,000 attempts. Quick: 20,000 records. The texts come from a pool of 4,096
  (each record its own ids, names and hashes), rows go in by executemany, a few hundred
  thousand per transaction; the vault is kept under bench/cache/ (gitignored; encrypted like
  any vault), named by generator version and size (opening it applies any newer migration), so only the first run
  pays for it (about 4 minutes for a million records on a loaded 2-core machine).
  Measured there: search p95, and how long the case list, the review list (first page, with
  filters, and a page deep in the list, as the lazy model fetches while scrolling) and the
  import log take to open. Each is set beside the bare SQL read of the same rows.

Run alone: ``python bench/desk_bench.py [--quick] [--workdir DIR]``.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import MIB, PASS, percentile, rounded, row, standalone  # noqa: E402


def _vault(path: Path, name: str):
    from crypto import kdf
    from fieldnotes.vault import Vault

    return Vault.create(path, PASS, name=name, params=kdf.minimum_params())[0]


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _timed(fn, times: int = 10) -> list[float]:
    out = []
    for _ in range(times):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


# -- many bundles at once ---------------------------------------------------------------------

def bench_import_many(work: Path, n: int, size: int) -> list[dict]:
    from fieldnotes import attachments, contacts, vault
    from fieldnotes.bundle import writer
    from fieldnotes.desk import batch
    from fieldnotes.records.store import Store

    researcher, coordinator = _vault(work / "r", "Researcher"), _vault(work / "c", "Coord")
    fpr = contacts.add_contact(researcher.conn, coordinator.identity.card().to_text(),
                               verified=True)
    contacts.add_contact(coordinator.conn, researcher.identity.card().to_text(), verified=True)
    (work / "c.key").write_text(coordinator.identity.age_secret() + "\n")
    inbox = work / "inbox"
    inbox.mkdir()
    store = Store(researcher.conn, researcher.fingerprint)
    for i in range(n):
        case = store.create("case", {"title": f"Case {i}"})
        plain = work / "recording.wav"
        plain.write_bytes(os.urandom(size))
        attachments.attach_file(store, case, plain)
        plain.unlink()
        writer.export_bundle(researcher, inbox / f"{i:03d}.age", [fpr], since_last=True)
    researcher.close()
    files = sorted(inbox.iterdir())
    out = work / "extract"
    out.mkdir()
    os.sync()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c",
                    f"for f in {inbox}/*.age; do age -d -i {work / 'c.key'} < $f | tar -x; "
                    "done; sync"], cwd=out, check=True)
    ref = time.perf_counter() - t
    ref_cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(children)
    shutil.rmtree(out)
    os.sync()
    mine = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    attempts = batch.import_many(coordinator, files)
    ours = time.perf_counter() - t
    ours_cpu = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(mine)
    vault.scrub(coordinator.conn)
    with_checkpoint = time.perf_counter() - t
    assert all(a.status == "added" for a in attempts), [a.reason for a in attempts]
    coordinator.close()
    label = f"{n} bundles × {size // MIB} MiB, one call"
    return [
        row("import_many (each bundle verified, its own transaction, logged)", ours, ref, "s",
            "≤ 1.5×", ours / ref <= 1.5,
            f"vs for f; do age -d | tar -x; done; sync — ours to its last durable commit; {label}; "
            f"CPU time (all threads): ours {ours_cpu:.1f} s, the loop's {ref_cpu:.1f} s; load "
            f"average {os.getloadavg()[0]:.1f}"),
        row("import_many, then the checkpoint into vault.db", with_checkpoint, ref, "s", "—",
            None, f"the checkpoint runs after the results are shown; {label}"),
    ]


# -- a big coordinator's vault -----------------------------------------------------------------

GENERATOR = 2   # bump when _generate writes something else: a cached vault is made again
POOL = 4096     # distinct texts; each record takes one (with its own ids, names and hashes)
CACHE = Path(__file__).resolve().parent / "cache"   # gitignored; vaults are encrypted
KINDS = ("note", "note", "person", "event", "testimony")


def _pool(rng: random.Random) -> list[dict]:
    """Per text: for each type, its data as stored, and the title and body as indexed."""
    from bench.vault_bench import _text
    from fieldnotes import canonical, search
    from fieldnotes.records import model

    out = []
    for _ in range(POOL):
        text = _text(rng, 30)
        by_type = {}
        for rtype, data in (("note", {"text": text}),
                            ("event", {"type": "arbitrary_detention", "title": text[:60]}),
                            ("testimony", {"text": text, "consent": {"scope": "share_named"}})):
            by_type[rtype] = (canonical.dumps(data), search.segment(model.title_of(rtype, data)),
                              search.segment(model.text_of(rtype, data)))
        by_type["text"] = text
        by_type["body"] = search.segment(text)
        out.append(by_type)
    return out


def _generate(v, n_records: int, n_bundles: int, senders: list[str]) -> None:
    """Write a received coordinator's vault straight into the tables (see module): rows as
    the importer leaves them (records, revisions, the full-text index, and the case counts
    through the same triggers), a few hundred thousand per transaction."""
    from fieldnotes import canonical, search

    rng = random.Random(12)
    pool = _pool(rng)
    conn = v.conn
    conn.execute("PRAGMA synchronous = OFF")        # generated data: made again if lost
    conn.execute("PRAGMA cache_size = -400000")     # the indexes stay in memory while built
    per = n_records // n_bundles
    seq = rowid = 0
    line_of = ('{{"author":"{a}","hash":"{h}","parent":null,"record":{{"case_id":"{c}",'
               '"data":{d},"deleted":false,"id":"{i}","type":"{t}"}},"time":"{w}","v":1}}')
    conn.execute("BEGIN")
    for b in range(n_bundles):
        sender = senders[b % len(senders)]
        bundle_id, when = str(uuid.uuid4()), f"2026-{1 + b % 12:02d}-{1 + b % 28:02d}T10:00:00.000000Z"
        case_id = str(uuid.uuid4())
        recs, revs, fts, reviews = [], [], [], []
        before = seq
        for k in range(per):
            p = pool[rng.randrange(POOL)]
            if k == 0:
                rid, rtype = case_id, "case"
                title = f"Case {b}: {p['text'][:40]}"
                data, seg_title, seg_body = canonical.dumps({"title": title}), \
                    search.segment(title), ""
            elif (rtype := KINDS[k % len(KINDS)]) == "person":
                rid, name = str(uuid.uuid4()), f"Person {b}-{k}"
                data = canonical.dumps({"name": name, "remarks": p["text"]})
                seg_title, seg_body = name, name + "\n" + p["body"]
            else:
                rid = str(uuid.uuid4())
                data, seg_title, seg_body = p[rtype]
            digest = rng.randbytes(32).hex()
            seq += 1
            rowid += 1
            recs.append((rowid, rid, rtype, case_id, digest, sender, sender, when, when, data))
            revs.append((digest, rid, sender, when, line_of.format(
                a=sender, h=digest, c=case_id, d=data, i=rid, t=rtype, w=when), seq))
            fts.append((rowid, seg_title, seg_body))
            if rng.random() < 0.3:
                reviews.append((rid, rng.choice(["accepted", "follow_up", "not_usable"]),
                                digest, rng.randbytes(32).hex(), when))
        conn.executemany("INSERT INTO records(rowid, id, type, case_id, head, deleted, origin, "
                         "author, created, updated, data) VALUES(?,?,?,?,?,0,?,?,?,?,?)", recs)
        conn.executemany("INSERT INTO revisions(hash, record_id, parent, author, time, line, "
                         "seq) VALUES(?,?,NULL,?,?,?,?)", revs)
        conn.executemany("INSERT INTO fts(rowid, title, body) VALUES(?,?,?)", fts)
        conn.executemany("INSERT INTO review(record_id, state, head, revision, time) "
                         "VALUES(?,?,?,?,?)", reviews)
        conn.execute("INSERT INTO bundles_received(bundle_id, sender, sequence, created, sha256, "
                     "imported, added, skipped, revisions) VALUES(?,?,?,?,?,?,?,0,?)",
                     (bundle_id, sender, 1 + b // len(senders), when, "0" * 64, when, per, per))
        conn.execute("INSERT INTO import_log(time, file, sha256, status, bundle_id, sender, "
                     "sequence, added, before_seq, after_seq) VALUES(?,?,?,?,?,?,?,?,?,?)",
                     (when, f"{b:04d}.age", "0" * 64, "added", bundle_id, sender,
                      1 + b // len(senders), per, before, seq))
        if b % 250 == 249:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _big_vault(work: Path, n_records: int) -> tuple[Path, float | None]:
    """The generated vault's folder, from the cache when one of this generator, schema and size
    is there (then the seconds it took are None), else made now and cached."""
    from fieldnotes import contacts

    n_bundles = 1000 if n_records >= 100_000 else 100
    cached = CACHE / f"desk-g{GENERATOR}-{n_records}"   # opening it applies new migrations
    if (cached / "complete").exists():
        return cached / "vault", None
    shutil.rmtree(cached, ignore_errors=True)
    cached.mkdir(parents=True)
    v = _vault(cached / "vault", "Coordinator")
    senders = []
    for i in range(10):
        other = _vault(work / f"s{i}", f"Researcher {i}")
        senders.append(contacts.add_contact(v.conn, other.identity.card().to_text(), True))
        other.close()
        shutil.rmtree(work / f"s{i}")
    t = time.perf_counter()
    _generate(v, n_records, n_bundles, senders)
    made = time.perf_counter() - t
    v.close()
    (cached / "complete").write_text(f"{made:.0f}\n")
    return cached / "vault", made


# One character alone is widened to every form OpenCC's character dictionaries give it
# (发 → 发 發 髮; 台 → 台 臺 檯 颱 枱): more alternatives in one MATCH than a word has.
SINGLE_CHARACTERS = ["发", "台", "干", "后", "里", "面", "审", "律", "家", "王"]


def _search_times(conn, queries: list[str]) -> tuple[list[float], list[float]]:
    """ms per search (top 50 with snippets), and per bare FTS5 match of the same expression."""
    from fieldnotes import search

    ours, ref = [], []
    for _ in range(5):
        for q in queries:
            t = time.perf_counter()
            search.search(conn, q, limit=50)
            ours.append((time.perf_counter() - t) * 1000)
            match = search.to_match(q)
            t = time.perf_counter()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT 50", (match,)).fetchall()
            ref.append((time.perf_counter() - t) * 1000)
    return ours, ref


def bench_big_vault(work: Path, n_records: int) -> list[dict]:
    from fieldnotes import contacts
    from fieldnotes.desk import importlog, review
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault
    from ui.models import queries

    path, made = _big_vault(work, n_records)
    v = Vault.open(path, PASS)
    senders = [c["fingerprint"] for c in contacts.list_contacts(v.conn)]
    conn = v.conn
    label = f"{n_records:,} records from 1,000 bundles" if n_records >= 100_000 else \
        f"{n_records:,} records from 100 bundles"

    made_note = "vault from the bench cache" if made is None else \
        f"vault generated in {made:.0f} s (then cached)"
    ours, ref = _search_times(conn, ["律师", "王李", "detention", "police station", "家属 court",
                                     "surveil*", "审讯", "北京 release", "wife", "判决"])
    one, one_ref = _search_times(conn, SINGLE_CHARACTERS)

    def case_list():
        queries.counts_by_case(conn)
        Store(conn, "").list("case")

    cases_ms = _timed(case_list, 5)
    n_cases = len(queries.counts_by_case(conn))
    cases_ref = _timed(lambda: conn.execute(
        "SELECT id, data FROM records WHERE type = 'case'").fetchall(), 5)
    def review_opens():   # what the review desk reads as it opens: its filters, a page
        review.cases(conn)
        contacts.list_contacts(conn)
        review.items(conn, review.Filters(state="needs_review"), limit=200)

    first = _timed(review_opens)
    plain = _timed(lambda: review.items(conn, review.Filters(), limit=200))
    filtered = _timed(lambda: review.items(conn, review.Filters(
        state="accepted", sender=senders[3], rtype="testimony"), limit=200))
    last_rowid = conn.execute("SELECT max(rowid) FROM records").fetchone()[0]
    deep = _timed(lambda: review.items(conn, review.Filters(), limit=200,
                                       after=last_rowid - 1000))
    bare = _timed(lambda: conn.execute("SELECT rowid, id, data FROM records WHERE origin IS NOT "
                                       "NULL ORDER BY rowid LIMIT 200").fetchall())
    bare_filtered = _timed(lambda: conn.execute(
        "SELECT r.rowid, r.id, r.data FROM records r JOIN review v ON v.record_id = r.id "
        "WHERE r.origin = ? AND r.type = 'testimony' AND r.deleted = 0 AND v.state = "
        "'accepted' AND v.head = r.head ORDER BY r.rowid LIMIT 200", (senders[3],)).fetchall())
    bare_deep = _timed(lambda: conn.execute(
        "SELECT rowid, id, data FROM records WHERE origin IS NOT NULL AND rowid > ? "
        "ORDER BY rowid LIMIT 200", (last_rowid - 1000,)).fetchall())
    log = _timed(lambda: importlog.entries(conn, limit=200))
    log_ref = _timed(lambda: conn.execute(
        "SELECT * FROM import_log ORDER BY id DESC LIMIT 200").fetchall())
    v.close()
    p = percentile
    return [
        row(f"search p95, {label}", p(ours, 95), p(ref, 95), "ms", "< 100 ms", p(ours, 95) < 100,
            f"10 mixed English/Chinese queries ×5, top 50 with snippets; reference: the bare "
            f"FTS5 match of 50 rowids; {made_note}"),
        row(f"search p95, one Chinese character, {label}", p(one, 95), p(one_ref, 95), "ms",
            "< 100 ms", p(one, 95) < 100,
            "10 single characters ×5, each widened to all its forms in OpenCC's character "
            "dictionaries (发: 发 發 髮; the vault's Chinese holds 审 律 家 王, not the six "
            "others); reference: the bare FTS5 match of 50 rowids"),
        row(f"case list opens ({n_cases:,} cases with counts)", p(cases_ms, 50), p(cases_ref, 50), "ms",
            "< 200 ms", p(cases_ms, 50) < 200,
            f"median of 5; counts_by_case + Store.list (the case list's own index); reference: "
            f"the same rows read through the type index; {label}"),
        row("review desk opens (case and sender filters, first page of needs review)",
            p(first, 50), p(bare, 50), "ms", "< 200 ms", p(first, 50) < 200,
            f"median of 10; review.cases + list_contacts + 200 rows; reference: the bare read "
            f"of 200 rows; {label}"),
        row("review list, any state, first page", p(plain, 50), p(bare, 50), "ms",
            "< 200 ms", p(plain, 50) < 200, f"median of 10; 200 rows; {label}"),
        row("review list with filters (state, sender, type)", p(filtered, 50),
            p(bare_filtered, 50), "ms", "< 200 ms", p(filtered, 50) < 200,
            f"median of 10; reference: the bare join with the same filters; {label}"),
        row("review list, a page at the end (scrolling)", p(deep, 50), p(bare_deep, 50), "ms",
            "< 200 ms", p(deep, 50) < 200, "keyset page (rowid > last), as the lazy model "
                                            "fetches"),
        row("import log opens (first page)", p(log, 50), p(log_ref, 50), "ms", "< 200 ms",
            p(log, 50) < 200, "median of 10; 200 of the attempts, newest first"),
    ]


def run(workdir: Path, quick: bool) -> list[dict]:
    work = Path(workdir) / "desk"
    shutil.rmtree(work, ignore_errors=True)
    (work / "many").mkdir(parents=True)
    (work / "big").mkdir(parents=True)
    try:
        rows = bench_import_many(work / "many", 10 if quick else 100, (1 if quick else 10) * MIB)
        rows += bench_big_vault(work / "big", 20_000 if quick else 1_000_000)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rounded(rows)


if __name__ == "__main__":
    sys.exit(standalone(run))
