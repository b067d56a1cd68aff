"""Vault benchmarks (issue 2), each beside the same operation on plain SQLite or a file copy.

- save latency of a note (revision + audit + FTS, synchronous=FULL) vs a plain SQLite insert
  into an FTS5-indexed table with the same durability settings;
- search p95 over N records vs the same FTS5 query on plain SQLite with the same rows;
- vault open with N records (after the key is derived) vs opening plain SQLite and reading its
  schema;
- attachment intake and read-back of a big file: MB/s and peak resident memory vs a file copy.

Run alone: ``python bench/vault_bench.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, python, row, run_measured  # noqa: E402
from crypto import kdf  # noqa: E402
from fieldnotes import search  # noqa: E402
from fieldnotes.records.store import Store  # noqa: E402
from fieldnotes.vault import Vault, transaction  # noqa: E402

PASS = "benchmark passphrase"
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
    v = Vault.open(path, PASS)
    plain = sqlite3.connect(work / "plain-big.db")
    ours, ref = [], []
    for _ in range(10):
        for q in queries:
            t = time.perf_counter()
            search.search(v.conn, q, limit=50)
            ours.append((time.perf_counter() - t) * 1000)
            match = search.to_match(q)
            t = time.perf_counter()
            _plain_search(plain, match)
            ref.append((time.perf_counter() - t) * 1000)
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
        row(f"vault open with {n:,} records (key derived)", open_med, percentile(plain_opens, 50),
            "ms", "< 100 ms", open_med < 100, "median of 10; plain: sqlite3 open + schema read"),
    ]


CHILD = r"""
import sys, time, os
sys.path.insert(0, {root!r})
from crypto import kdf
from fieldnotes.vault import Vault
from fieldnotes.records.store import Store
from fieldnotes import attachments
import re
def hwm():
    return int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024
def reset_peak():  # the Argon2id derivation (64 MiB+) is not part of the operation measured
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
mode, vault_path, src = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "intake":
    v, _ = Vault.create(vault_path, {pw!r}, params=kdf.minimum_params())
    s = Store(v.conn, v.fingerprint)
    case = s.create("case", {{"title": "bench"}})
    reset_peak()
    t = time.perf_counter()
    rid, sha = attachments.attach_file(s, case, src)
    print(time.perf_counter() - t, sha, hwm())
else:
    v = Vault.open(vault_path, {pw!r})
    sha = v.conn.execute("SELECT sha256 FROM blobs").fetchone()[0]
    reset_peak()
    t = time.perf_counter()
    with open(os.devnull, "wb") as out:
        attachments.copy_out(v.conn, sha, out)
    print(time.perf_counter() - t, sha, hwm())
v.close()
"""


def bench_attachments(work: Path, size_mib: int) -> list[dict]:
    src = work / "big-attachment.bin"
    with open(src, "wb") as fh:
        block = os.urandom(1 << 20)
        for i in range(size_mib):
            fh.write(block[:-8] + i.to_bytes(8, "big"))
    code = CHILD.format(root=str(Path(__file__).resolve().parent.parent), pw=PASS)
    vault_path = work / "attach-vault"
    _, rss_in, out = run_measured([python(), "-c", code, "intake", str(vault_path), str(src)])
    t_in, op_in = float(out.split()[0]), float(out.split()[2])
    _, rss_out, out = run_measured([python(), "-c", code, "read", str(vault_path), str(src)])
    t_out, op_out = float(out.split()[0]), float(out.split()[2])
    # Reference: a plain file copy of the same bytes (write), and a plain read to /dev/null.
    t = time.perf_counter()
    with open(src, "rb") as a, open(work / "copy.bin", "wb") as b:
        while chunk := a.read(1 << 20):
            b.write(chunk)
        b.flush()
        os.fsync(b.fileno())
    t_copy = time.perf_counter() - t
    t = time.perf_counter()
    with open(work / "copy.bin", "rb") as a:
        while a.read(1 << 20):
            pass
    t_read = time.perf_counter() - t
    mb = size_mib * 1.048576
    peak = max(op_in, op_out)
    return [
        row(f"attachment intake {size_mib} MiB", mb / t_in, mb / t_copy, "MB/s", "—", None,
            "reference: file copy with fsync; ratio = our speed / copy speed"),
        row(f"attachment read-back {size_mib} MiB", mb / t_out, mb / t_read, "MB/s", "—", None,
            "verifies SHA-256 while reading; reference: plain file read"),
        row("attachment peak resident memory", peak, None, "MiB", "< 150 MiB", peak < 150,
            f"during the operation: intake {op_in:.0f} MiB, read-back {op_out:.0f} MiB; whole "
            f"process incl. the 64 MiB Argon2id unlock: {rss_in:.0f} / {rss_out:.0f} MiB"),
    ]


def run(workdir: Path, quick: bool) -> list[dict]:
    workdir.mkdir(parents=True, exist_ok=True)
    n_save = 200 if quick else 1000
    n_records = 10_000 if quick else 100_000
    size_mib = 64 if quick else 1024
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        work = Path(tmp)
        rows = bench_save(work, n_save)
        rows += bench_search_and_open(work, n_records)
        rows += bench_attachments(work, size_mib)
    return rows


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--workdir", default=str(Path(__file__).resolve().parent / "out"))
    a = ap.parse_args()
    for r in run(Path(a.workdir), a.quick):
        print(json.dumps(r, ensure_ascii=False))
