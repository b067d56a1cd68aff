"""Package benchmarks: sizes of the Linux packages and the frozen app's time to first window.

``run(workdir, quick) -> list[dict]`` (called by bench/run.py) measures what ``make package``
left in ``dist/`` (or ``$FIELDNOTES_DIST``); it never builds — a build takes minutes and
rewrites dist/, which is `make package`'s job. When nothing is built, each row says
"not built" with ``met`` = None.

Rows (keys: name, ours, reference, unit, ratio, target, met, note):
* app folder size (MiB), target < 200 MiB (150 MiB before QtMultimedia and QtPdf came in, with
  the FFmpeg libraries and QtQuick that Qt's media backend links; 141.8 MiB then)
* .deb size (MiB), target < 60 MiB; .tar.gz size, reported only
  The reference column of the three size rows is the same package before the size cut of issue
  11 (PREVIOUS: media added, libpulse and libdbus with their dependencies bundled, .deb at
  xz -6), so ratio = now / then.
* launch to first window, frozen vs from source (s): wall time from starting the process to
  its "first window shown in X.XXX s" line, QT_QPA_PLATFORM=offscreen, median of 5 (3 when
  quick); reference = the same from source (``python -m ui.app --smoke-test``), ratio =
  frozen / source; target < 2 s for the frozen app.
* frozen ``--self-test`` wall time beside ``python -m fieldnotes --self-test`` (reported only).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_WINDOW = re.compile(r"first window shown in ([0-9.]+) s")
MIB = 1024 * 1024
# Sizes before the cut (measured 2026-12-02 on a build of main at fec4f38), in MiB; the second
# figure of each note is the size before QtMultimedia and QtPdf came in.
PREVIOUS = {"app folder": (200.06, 141.8), ".deb": (61.80, 38.6), ".tar.gz": (83.97, 54.2)}


def _dist() -> Path:
    return Path(os.environ.get("FIELDNOTES_DIST", ROOT / "dist"))


def _row(name, ours, unit, *, reference=None, target=None, limit=None, note=""):
    ratio = (ours / reference) if (ours is not None and reference) else None
    met = None if (ours is None or limit is None) else ours < limit
    return {"name": name, "ours": _round(ours), "reference": _round(reference), "unit": unit,
            "ratio": _round(ratio), "target": target, "met": met, "note": note}


def _round(x):
    return None if x is None else round(x, 3)


def _folder_mib(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            p = Path(dirpath) / f
            if not p.is_symlink():
                total += p.stat().st_size
    return total / MIB


def _env(workdir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FIELDNOTES_KDF_PROFILE="minimum",
               PYTHONPATH=str(ROOT))
    # A throw-away home, so the app's first run finds no settings and no vault of the user's.
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(home / "run"))
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def _time_to_first_window(cmd: list[str], env: dict, timeout: float = 60.0):
    """(wall seconds to the first-window line, the app's own figure) or raises."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    seen = None
    try:
        for line in proc.stdout:
            m = FIRST_WINDOW.search(line)
            if m and seen is None:
                seen = (time.perf_counter() - start, float(m.group(1)))
        rc = proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if rc != 0 or seen is None:
        err = (proc.stderr.read() or "").strip().splitlines()[-1:] if proc.stderr else []
        raise RuntimeError(f"exit {rc}, no first-window line {err}")
    return seen


def _median_launch(cmd, env, n):
    walls, owns = [], []
    for _ in range(n):
        wall, own = _time_to_first_window(cmd, env)
        walls.append(wall)
        owns.append(own)
    return statistics.median(walls), statistics.median(owns)


def _wall(cmd, env, timeout=300.0) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}")
    return time.perf_counter() - start


def run(workdir: Path, quick: bool = False) -> list[dict]:
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    dist = _dist()
    app = dist / "fieldnotes"
    exe = app / ("fieldnotes.exe" if sys.platform == "win32" else "fieldnotes")
    rows: list[dict] = []
    not_built = "not built: run `make package` first"

    # -- sizes --------------------------------------------------------------------------------
    def before(what):
        then, no_media = PREVIOUS[what]
        return then, (f"reference = before the size cut; {no_media} MiB before QtMultimedia + "
                      "QtPdf")

    then, history = before("app folder")
    if app.is_dir():
        rows.append(_row("package: app folder size", _folder_mib(app), "MiB", reference=then,
                         target="< 200 MiB", limit=200.0, note=f"{app.name}/; {history}"))
    else:
        rows.append(_row("package: app folder size", None, "MiB", reference=then,
                         target="< 200 MiB", note=not_built))
    for what, pattern, limit in ((".deb", "fieldnotes_*.deb", 60.0),
                                 (".tar.gz", "fieldnotes-*.tar.gz", None)):
        then, history = before(what)
        found = sorted(dist.glob(pattern)) if dist.is_dir() else []
        if found:
            rows.append(_row(f"package: {what} size", found[-1].stat().st_size / MIB, "MiB",
                             reference=then, target=f"< {limit:g} MiB" if limit else None,
                             limit=limit, note=f"{found[-1].name}; {history}"))
        else:
            rows.append(_row(f"package: {what} size", None, "MiB", reference=then,
                             note=not_built))

    # -- launch to first window ---------------------------------------------------------------
    n = 3 if quick else 5
    env = _env(workdir)
    name = "package: launch to first window (frozen vs source, offscreen)"
    source = None
    source_note = ""
    try:
        source, source_own = _median_launch([sys.executable, "-m", "ui.app", "--smoke-test"],
                                            env, n)
        source_note = f"source {source:.3f} s (app's own {source_own:.3f} s)"
    except Exception as exc:  # ui.app missing or broken: report, don't crash the bench
        source_note = f"source run failed: {type(exc).__name__}: {exc}"
    if exe.is_file():
        try:
            frozen, frozen_own = _median_launch([str(exe), "--smoke-test"], env, n)
            rows.append(_row(name, frozen, "s", reference=source, target="< 2 s", limit=2.0,
                             note=f"median of {n}; frozen app's own {frozen_own:.3f} s; "
                                  + source_note))
        except Exception as exc:
            rows.append(_row(name, None, "s", reference=source, target="< 2 s",
                             note=f"frozen run failed: {type(exc).__name__}: {exc}; "
                                  + source_note))
    else:
        rows.append(_row(name, None, "s", reference=source, target="< 2 s",
                         note=f"{not_built}; {source_note}"))

    # -- self-test ----------------------------------------------------------------------------
    name = "package: --self-test wall time (frozen vs source)"
    try:
        ref = _wall([sys.executable, "-m", "fieldnotes", "--self-test"], env)
    except Exception:
        ref = None
    if exe.is_file():
        try:
            rows.append(_row(name, _wall([str(exe), "--self-test"], env), "s", reference=ref,
                             note="one run each"))
        except Exception as exc:
            rows.append(_row(name, None, "s", reference=ref,
                             note=f"frozen self-test failed: {exc}"))
    else:
        rows.append(_row(name, None, "s", reference=ref, note=not_built))
    return rows


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for row in run(Path(tmp), quick="--quick" in sys.argv):
            print(json.dumps(row, ensure_ascii=False))
