"""Bundle benchmarks (issue 3): export and import of one case with big attachments.

- export time vs ``tar -cf - FILES | age -r RECIPIENT > out && sync out`` over the same plain
  files (issue 10: ≤ 1.2×; the reference gets the durability ours has);
- import (which verifies everything while importing) and verify alone vs
  ``age -d -i KEY < bundle | tar -x && sync`` over our bundle; import is timed to its durable
  commit (issue 10: ≤ 1.5×), and, apart, with the checkpoint that copies the WAL into vault.db
  afterwards;
- peak resident memory of our export and import.

Each of our operations runs in a child process (``--child``), timed around the operation only;
its peak RSS is the process's VmHWM, reset with /proc/self/clear_refs after the vault is opened
(so the 64 MiB of the Argon2id unlock is not counted; where that reset is not possible the
whole process's peak is reported). Sizes: 1 GiB of attachments (4 × 256 MiB) in one case, or
64 MiB (4 × 16 MiB) with ``--quick``; each figure is the best of 3 runs, ours and the reference
alike (this machine's disk is shared and noisy).

Run alone: ``python bench/bundle_bench.py [--quick] [--workdir DIR]``.
"""

from __future__ import annotations

import json
import os
import shutil
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
    shell_seconds,
    standalone,
)

FILES = 4


def _vault(path: Path, name: str):
    from crypto import kdf
    from fieldnotes.vault import Vault

    return Vault.create(path, PASS, name=name, params=kdf.minimum_params())[0]


def _random_file(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        left = size
        while left:
            n = min(left, 4 * MIB)
            fh.write(os.urandom(n))
            left -= n


def _setup(work: Path, size: int) -> dict:
    from fieldnotes import attachments, contacts
    from fieldnotes.records.store import Store

    if work.exists():
        shutil.rmtree(work)
    (work / "plain").mkdir(parents=True)
    names = []
    for i in range(FILES):
        name = f"recording-{i}.wav"
        _random_file(work / "plain" / name, size // FILES)
        names.append(name)
    researcher = _vault(work / "researcher", "Researcher")
    coordinator = _vault(work / "coordinator-card", "Coordinator")
    try:
        fpr = contacts.add_contact(researcher.conn, coordinator.identity.card().to_text(),
                                   verified=True)
        store = Store(researcher.conn, researcher.fingerprint)
        case = store.create("case", {"title": "Benchmark case"})
        for name in names:
            attachments.attach_file(store, case, work / "plain" / name)
        researcher.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (work / "coordinator.key").write_text(coordinator.identity.age_secret() + "\n")
        return {"names": names, "fpr": fpr, "case": case,
                "recipient": coordinator.identity.card().age_recipient,
                "researcher_card": researcher.identity.card().to_text()}
    finally:
        researcher.close()
        coordinator.close()


def _fresh_coordinator(work: Path, setup: dict, n: int) -> Path:
    """A copy of the coordinator's vault (same keys) that has not imported anything yet."""
    from fieldnotes import contacts
    from fieldnotes.vault import Vault

    path = work / f"coordinator-{n}"
    if path.exists():
        shutil.rmtree(path)
    shutil.copytree(work / "coordinator-card", path)
    with Vault.open(path, PASS) as v:
        contacts.add_contact(v.conn, setup["researcher_card"], verified=True)
        v.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _child(op: str, vault_path: str, *rest: str) -> None:
    """Runs in a child process: open, reset the memory high-water mark, time one operation."""
    from fieldnotes import vault
    from fieldnotes.bundle import importer, writer
    from fieldnotes.vault import Vault

    v = Vault.open(vault_path, PASS)
    before = reset_peak()
    start = time.perf_counter()
    if op == "export":
        out, fpr, case = rest
        writer.export_bundle(v, out, [fpr], cases=[case])
    elif op == "import":
        importer.import_bundle(v, rest[0])
    else:
        importer.verify_bundle(v, rest[0])
    elapsed = time.perf_counter() - start
    vault.scrub(v.conn)  # an import leaves its pages in the WAL; copying them is timed apart
    checkpoint = time.perf_counter() - start - elapsed
    hwm = peak_mib()
    v.close()
    print(json.dumps({"seconds": elapsed, "checkpoint": checkpoint, "hwm_mib": hwm,
                      "whole_mib": max(before, hwm)}))


def _ours(op: str, *args) -> tuple[float, float, float, float]:
    """(seconds, peak RSS MiB, seconds of the checkpoint that followed, whole process's peak)."""
    _settle()
    cmd = [python(), str(Path(__file__).resolve()), "--child", op, *map(str, args)]
    _, out = run_measured(cmd, env={"FIELDNOTES_KDF_PROFILE": "minimum"})
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["hwm_mib"], result["checkpoint"], result["whole_mib"]


def _settle() -> None:
    """Flush dirty pages first, so no run pays for the writeback of the one before."""
    os.sync()


def run(workdir: Path, quick: bool) -> list[dict]:
    return in_scratch(Path(workdir) / "bundle", _run, quick)


def _run(work: Path, quick: bool) -> list[dict]:
    size = (64 if quick else 1024) * MIB
    repeat = 3
    setup = _setup(work, size)
    export_s, export_rss, ref_export, export_whole, import_whole = [], [], [], [], []
    import_s, import_rss, verify_s, ref_import = [], [], [], []
    durable_s, ref_durable = [], []
    bundle = work / "bundle-0.age"
    for n in range(repeat):
        out = work / f"bundle-{n}.age"
        for p in (out, work / "reference.age"):
            p.unlink(missing_ok=True)
        ref_export.append(shell_seconds(
            f"tar -cf - {' '.join(setup['names'])} | age -r {setup['recipient']} "
            f"> {work / 'reference.age'} && sync {work / 'reference.age'}", work / "plain"))
        s, rss, _, whole = _ours("export", work / "researcher", out, setup["fpr"],
                                 setup["case"])
        export_s.append(s)
        export_rss.append(rss)
        export_whole.append(whole)
    for n in range(repeat):
        extract = work / "extract"
        shutil.rmtree(extract, ignore_errors=True)
        extract.mkdir()
        extract_cmd = f"age -d -i {work / 'coordinator.key'} < {bundle} | tar -x"
        ref_import.append(shell_seconds(extract_cmd + " && sync", extract))
        ref_durable.append(ref_import[-1])
        coordinator = _fresh_coordinator(work, setup, n)
        s, _, _, _ = _ours("verify", coordinator, bundle)
        verify_s.append(s)
        s, rss, checkpoint, whole = _ours("import", coordinator, bundle)
        import_s.append(s)
        durable_s.append(s + checkpoint)
        import_rss.append(rss)
        import_whole.append(whole)
        shutil.rmtree(coordinator)
    label = f"{size // MIB} MiB in {FILES} attachments, best of {repeat}"
    e, re_, i, ri, v = (min(export_s), min(ref_export), min(import_s), min(ref_import),
                        min(verify_s))
    d, rd = min(durable_s), min(ref_durable)
    rows = [
        row("export (sign, tar, encrypt)", e, re_, "s", "≤ 1.2×", e / re_ <= 1.2,
            f"vs tar -cf - | age -r && sync of the bundle (ours fsyncs it too); {label}"),
        row("verify + import, until durable", i, ri, "s", "≤ 1.5×", i / ri <= 1.5,
            f"vs age -d | tar -x && sync; ours: every check, the sealed files fsynced and "
            f"renamed, one SQLCipher transaction committed (synchronous=FULL); {label}"),
        row("import, then its checkpoint into vault.db", d, rd, "s", "—", None,
            f"vs age -d | tar -x && sync; the checkpoint runs after the result is shown (app) "
            f"or as the CLI closes the vault; {label}"),
        row("verify only", v, ri, "s", "≤ 2×", v / ri <= 2.0,
            f"vs age -d | tar -x && sync; decrypt, shape, signature, every hash; {label}"),
        row("export peak RSS", max(export_rss), RSS_LIMIT, "MiB", "< 150 MiB",
            max(export_rss) < RSS_LIMIT, "VmHWM of the exporting process after the vault is "
            f"open (minimum KDF profile); whole process: {max(export_whole):.0f} MiB"),
        row("import peak RSS", max(import_rss), RSS_LIMIT, "MiB", "< 150 MiB",
            max(import_rss) < RSS_LIMIT, "VmHWM of the importing process after the vault is "
            f"open (minimum KDF profile); whole process: {max(import_whole):.0f} MiB"),
    ]
    return rounded(rows)


if __name__ == "__main__":
    sys.exit(standalone(run, _child))
