"""Vault benchmarks (issue 2), each beside the same operation on plain SQLite or a file copy.

- save latency of a note (revision + audit + FTS, synchronous=FULL) vs a plain SQLite insert
  into an FTS5-indexed table with the same durability settings;
- search p95 over N records vs the same FTS5 query on plain SQLite with the same rows;
- vault open with N records (after the key is derived) vs opening plain SQLite and reading its
  schema;
(Attachment intake and read-back: bench/store_bench.py.)

Run alone: ``python bench/vault_bench.py [--quick]``.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PASS, percentile, row, standalone  # noqa: E402
from crypto import kdf  # noqa: E402
from fieldnotes import search  # noqa: E402
from fieldnotes.records.store import Store  # noqa: E402
from fieldnotes.vault import Vault, transaction  # noqa: E402

WORDS = ("detention lawyer family notice police station hearing court sentence release "
         "surveillance interrogation visit denied wife son daughter province city").split()
HAN = "律师家属通知警察派出所审讯法院判决释放监视居住探视拒绝妻子儿子女儿省市北京天津王李张刘陈"


def _text(rng: random.Random, n_words: int = 40) -> str:
    parts = []
    for _ in range(n_words):
        if rng.random() < 0.3:
            parts.append("".join(rng.choice(HAN) for _ in range(rng.randint(4, 12))))
        else:
            parts.append(rng.choice(WORDS))
    return " ".join(parts)


def _plain_db(path: Path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS notes(id TEXT PRIMARY KEY, data TEXT)")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(body)")
    return conn


def bench_save(work: Path, n: int) -> list[dict]:
    rng = random.Random(1)
    v, _ = Vault.create(work / "save-vault", PASS, params=kdf.minimum_params())
    store = Store(v.conn, v.fingerprint)
    case = store.create("case", {"title": "bench"})
    ours = []
    for _ in range(n):
        text = _text(rng)
        t = time.perf_counter()
        store.create("note", {"text": text}, case)
        ours.append((time.perf_counter() - t) * 1000)
    v.close()
    plain = _plain_db(work / "plain-save.db")
    ref = []
    for i in range(n):
        text = _text(rng)
        t = time.perf_counter()
        plain.execute("BEGIN")
        plain.execute("INSERT INTO notes VALUES(?, ?)", (str(i), json.dumps({"text": text})))
        plain.execute("INSERT INTO fts(rowid, body) VALUES(?, ?)", (i + 1, text))
        plain.execute("COMMIT")
        ref.append((time.perf_counter() - t) * 1000)
    plain.close()
    p50, p95 = percentile(ours, 50), percentile(ours, 95)
    return [
        row("note save latency p50", p50, percentile(ref, 50), "ms", "—", None,
            f"{n} saves; plain SQLite: one insert + FTS5, WAL, synchronous=FULL"),
        row("note save latency p95", p95, percentile(ref, 95), "ms", "< 20 ms", p95 < 20),
    ]


def _populate(work: Path, n: int):
    """A vault and a plain SQLite with the same n notes (plain gets the same segmented text)."""
    rng = random.Random(2)
    v, _ = Vault.create(work / "big-vault", PASS, params=kdf.minimum_params())
    store = Store(v.conn, v.fingerprint)
    case = store.create("case", {"title": "bench"})
    plain = _plain_db(work / "plain-big.db")
    plain.execute("BEGIN")
    batch = 5000
    for start in range(0, n, batch):
        with transaction(v.conn):
            for i in range(start, min(n, start + batch)):
                text = _text(rng)
                store.create("note", {"text": text}, case)
                plain.execute("INSERT INTO fts(rowid, body) VALUES(?, ?)",
                              (i + 1, search.segment(text)))
    plain.execute("COMMIT")
    v.close()
    plain.close()
    return work / "big-vault"


def _plain_search(conn, match: str, limit: int = 50) -> list:
    """The same strategy as fieldnotes.search on plain SQLite: a capped count, the top rowids
    (bm25, or newest first for very common words), then snippets for those rows only."""
    many = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT "
                        f"{search.RANK_LIMIT + 1})", (match,)).fetchone()[0] > search.RANK_LIMIT
    order = "rowid DESC" if many else "bm25(fts)"
    ids = [r[0] for r in conn.execute(
        f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY {order} LIMIT ?", (match, limit))]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(
        f"SELECT rowid, CASE WHEN rowid IN ({marks}) THEN snippet(fts, -1, '[', ']', '…', 24) "
        "END FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?",
        (*ids, match, min(ids), max(ids))).fetchall()


def bench_search_and_open(work: Path, n: int) -> list[dict]:
    path = _populate(work, n)
    queries = ["律师", "王李", "detention", "police station", "家属 court", "surveil*",
               "审讯", "北京 release", "wife", "判决"]
    # Typed in Traditional script (the text is Simplified), or with the last word half typed.
    other_queries = ["律師", "家屬 court", "審訊", "北京 releas", "判決", "police stat"]
    v = Vault.open(path, PASS)
    plain = sqlite3.connect(work / "plain-big.db")

    def timed(qs):
        ours, ref = [], []
        for _ in range(10):
            for q in qs:
                t = time.perf_counter()
                search.search(v.conn, q, limit=50)
                ours.append((time.perf_counter() - t) * 1000)
                match = search.to_match(q)
                t = time.perf_counter()
                _plain_search(plain, match)
                ref.append((time.perf_counter() - t) * 1000)
        return ours, ref

    ours, ref = timed(queries)
    other, other_ref = timed(other_queries)
    # Open after the key is derived: unwrap once, then time Vault.__init__ (connect, check,
    # migrations check) against opening plain SQLite and reading its schema.
    slots, key = v._slots, v._key
    v.close()
    plain.close()
    opens, plain_opens = [], []
    for _ in range(10):
        t = time.perf_counter()
        again = Vault(path, key, slots)
        again.conn.execute("SELECT count(*) FROM records WHERE type='case'").fetchone()
        opens.append((time.perf_counter() - t) * 1000)
        again.close()
        t = time.perf_counter()
        p = sqlite3.connect(work / "plain-big.db")
        p.execute("SELECT count(*) FROM sqlite_master").fetchone()
        plain_opens.append((time.perf_counter() - t) * 1000)
        p.close()
    p95 = percentile(ours, 95)
    open_med = percentile(opens, 50)
    return [
        row(f"search p95 over {n:,} records", p95, percentile(ref, 95), "ms", "< 50 ms",
            p95 < 50, "10 mixed English/Chinese queries ×10, top 50 with snippets; words in "
            "more than 2,000 records list newest first (search.RANK_LIMIT)"),
        row(f"search p95 over {n:,} records, Traditional script or last word half typed",
            percentile(other, 95), percentile(other_ref, 95), "ms", "< 50 ms",
            percentile(other, 95) < 50, f"{len(other_queries)} queries ×10 "
            "(律師 → 律师 OR 律師; releas → releas*), top 50 with snippets; plain: the same MATCH"),
        row(f"vault open with {n:,} records (key derived)", open_med, percentile(plain_opens, 50),
            "ms", "< 100 ms", open_med < 100, "median of 10; plain: sqlite3 open + schema read"),
    ]


def run(workdir: Path, quick: bool) -> list[dict]:
    workdir.mkdir(parents=True, exist_ok=True)
    n_save = 200 if quick else 1000
    n_records = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        work = Path(tmp)
        rows = bench_save(work, n_save)
        rows += bench_search_and_open(work, n_records)
    return rows


if __name__ == "__main__":
    sys.exit(standalone(run))
