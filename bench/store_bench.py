"""Attachment store benchmarks (issue 10): intake and read-back of one big file, beside cp and cat.

- intake (read the file, SHA-256, seal, write, fsync, rename, commit) vs ``cp`` followed by
  ``sync`` of the copy: target ≥ 0.8× cp's speed;
- read-back (open every chunk, write to /dev/null) vs ``cat`` of the same blob file to
  /dev/null, both from the page cache (the file is read once first): target ≥ 1 GB/s;
- peak resident memory of each (VmHWM reset after the vault is opened, so the Argon2id unlock
  is not counted; the whole process's figure is in the note).

Each of ours runs in a child process; ours and the reference alternate, best of 3. Size: 1 GiB,
or 64 MiB with ``--quick``. Run alone: ``python bench/store_bench.py [--quick]``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    MIB,
    PASS,
    RSS_LIMIT,
    in_scratch,
    peak_mib,
    python,
    reset_peak,
    rounded,
    row,
    run_measured,
    standalone,
)


def _child(mode: str, vault_path: str, src: str) -> None:
    """In a child process: create or open the vault, reset the peak, time one operation."""
    from crypto import kdf
    from fieldnotes import attachments
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault

    if mode == "intake":
        v, _ = Vault.create(vault_path, PASS, params=kdf.minimum_params())
        s = Store(v.conn, v.fingerprint)
        case = s.create("case", {"title": "bench"})
    else:
        v = Vault.open(vault_path, PASS)
        sha = v.conn.execute("SELECT sha256 FROM blobs").fetchone()[0]
    before = reset_peak()
    cpu0 = _cpu(resource.RUSAGE_SELF)
    start = time.perf_counter()
    if mode == "intake":
        attachments.attach_file(s, case, src)
    else:
        with open(os.devnull, "wb") as out:
            attachments.copy_out(v.conn, sha, out)
    elapsed = time.perf_counter() - start
    cpu = _cpu(resource.RUSAGE_SELF) - cpu0
    hwm = peak_mib()
    v.close()
    print(json.dumps({"seconds": elapsed, "hwm_mib": hwm, "whole_mib": max(before, hwm),
                      "cpu": cpu}))


def _cpu(who) -> float:
    """CPU seconds (user + system, all threads) so far: on a machine others share, wall time
    says how long it took; CPU time says what it costs."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _ours(mode: str, vault_path: Path, src: Path) -> tuple[float, float, float, float]:
    """(seconds, operation's peak MiB, whole process's peak MiB, CPU seconds)."""
    os.sync()
    cmd = [python(), str(Path(__file__).resolve()), "--child", mode, str(vault_path), str(src)]
    _, out = run_measured(cmd, env={"FIELDNOTES_KDF_PROFILE": "minimum"})
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["hwm_mib"], result["whole_mib"], result["cpu"]


def _shell(cmd: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a shell command."""
    os.sync()
    cpu0 = _cpu(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c", cmd], check=True)
    return time.perf_counter() - start, _cpu(resource.RUSAGE_CHILDREN) - cpu0


def run(workdir: Path, quick: bool) -> list[dict]:
    return in_scratch(Path(workdir) / "store", _run, quick)


def _run(work: Path, quick: bool) -> list[dict]:
    size = (64 if quick else 1024) * MIB
    work.mkdir(parents=True, exist_ok=True)
    src = work / "recording.bin"
    with open(src, "wb") as fh:
        block = os.urandom(MIB)
        for i in range(size // MIB):
            fh.write(block[:-8] + i.to_bytes(8, "big"))
    intake, cp, read, cat, rss = [], [], [], [], []
    for n in range(3):
        copy = work / "copy.bin"
        copy.unlink(missing_ok=True)
        cp.append(_shell(f"cp {src} {copy} && sync {copy}"))
        vault = work / f"vault-{n}"
        s, op, whole, cpu = _ours("intake", vault, src)
        intake.append((s, cpu))
        rss.append((op, whole))
        # Intake writes around the page cache (blobstore/direct.py): the blob file is read
        # once untimed so that cat and ours both read it from memory, as cat of cp's copy did.
        blob = next((vault / "blobs").glob("*/*"))
        _shell(f"cat {blob} > /dev/null")
        cat.append(_shell(f"cat {blob} > /dev/null"))
        s, op, whole, cpu = _ours("read", vault, src)
        read.append((s, cpu))
        rss.append((op, whole))
        shutil.rmtree(vault)
    mb = size / 1e6
    (t_in, c_in), (t_cp, c_cp), (t_read, c_read), (t_cat, c_cat) = (
        min(intake), min(cp), min(read), min(cat))
    load = os.getloadavg()[0]
    cpu_model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "unknown CPU")
    peak, whole = max(r[0] for r in rss), max(r[1] for r in rss)
    label = f"{size // MIB} MiB, best of 3, alternating with the reference"
    rows = [
        row(f"attachment intake {size // MIB} MiB", mb / t_in, mb / t_cp, "MB/s", "≥ 0.8×",
            t_cp / t_in >= 0.8, f"vs cp + sync of the copy; ratio = our speed / cp's; {label}; "
            f"CPU seconds ours {c_in:.2f} / cp {c_cp:.2f}; load average {load:.1f} on "
            f"{os.cpu_count()} cores ({cpu_model})"),
        row(f"attachment read-back {size // MIB} MiB", mb / t_read, mb / t_cat, "MB/s",
            "≥ 1 GB/s", mb / t_read >= 1000,
            f"every chunk opened and authenticated (no second hash), to /dev/null; beside cat "
            f"of the same blob file to /dev/null, both from the page cache; {label}; CPU seconds ours {c_read:.2f} ({mb / c_read:.0f} MB per "
            f"CPU second) / cat {c_cat:.2f}; load average {load:.1f} on {os.cpu_count()} cores"),
        row("attachment peak resident memory", peak, RSS_LIMIT, "MiB", "< 150 MiB",
            peak < RSS_LIMIT, f"VmHWM during the operation (minimum KDF profile); whole process "
                              f"incl. opening the vault: {whole:.0f} MiB"),
    ]
    return rounded(rows)


if __name__ == "__main__":
    sys.exit(standalone(run, _child))
