"""Small helpers shared by the benchmarks: percentiles, result rows, child-process timing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASS = "benchmark passphrase"   # every benchmark vault's (the minimum KDF profile keeps it quick)
MIB = 1 << 20
RSS_LIMIT = 150.0               # MiB: the streaming targets' peak resident memory


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def row(name: str, ours: float, reference: float | None, unit: str, target: str,
        met: bool | None, note: str = "") -> dict:
    ratio = (ours / reference) if reference else None
    return {"name": name, "ours": ours, "reference": reference, "unit": unit, "ratio": ratio,
            "target": target, "met": met, "note": note}


def reset_peak() -> float:
    """In a measured child: its peak resident MiB so far (VmHWM: its own since exec; the
    ru_maxrss a parent sees also counts the parent it was forked from, which is how the
    whole-process figures once read 120-170 MiB inside make bench), then start the peak
    again from what is resident now (/proc/self/clear_refs)."""
    before = peak_mib()
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    return before


def peak_mib() -> float:
    """This process's peak resident MiB since the last reset_peak (VmHWM)."""
    return next(int(line.split()[1]) / 1024 for line in
                Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, str]:
    """Run a command; return (wall seconds, stdout). Memory is measured by the child itself
    (reset_peak, peak_mib)."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=full_env, cwd=ROOT)
    out = proc.stdout.read()
    _, status, _usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed with {proc.returncode}")
    return elapsed, out.decode()


def python() -> str:
    return sys.executable


def rounded(rows: list[dict]) -> list[dict]:
    """Rows with their figures rounded to 3 decimals, as the table shows them."""
    for r in rows:
        for k in ("ours", "reference", "ratio"):
            if isinstance(r[k], float):
                r[k] = round(r[k], 3)
    return rows


def shell_seconds(cmd: str, cwd: Path) -> float:
    """Wall seconds of a bash pipeline (pipefail), after flushing earlier writes to disk."""
    os.sync()
    start = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd, check=True)
    return time.perf_counter() - start


def in_scratch(work: Path, body, quick: bool) -> list[dict]:
    """``body(work, quick)`` in a fresh folder that is removed afterwards, whatever happens
    (gigabytes of test data are never left behind)."""
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        return body(work, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def standalone(run, child=None) -> int:
    """``python bench/X.py [--quick] [--workdir DIR]``: run one module, print its rows.
    ``child``: what ``--child ARGS…`` runs (a measured step in a process of its own); the
    process then ends at once, without the interpreter's teardown (Qt's media objects abort
    in it)."""
    import argparse
    import json

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--workdir", default=str(Path(__file__).resolve().parent / "out"))
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child and child is not None:
        child(*args.child)
        sys.stdout.flush()
        os._exit(0)
    for r in run(Path(args.workdir), args.quick):
        print(json.dumps(r, ensure_ascii=False))
    return 0
