"""Large video (issue 11): a 2 GiB video added, played, exported and imported.

Bounded memory, and a progress that reaches the end.

The video is real: a 2-second MPEG-4 clip encoded by Qt's own recorder (QVideoFrameInput),
its frames spread evenly through 2 GiB (tests/media/spread.py), so its last second sits at the
end of the file. Each step runs in a child process, timed around the operation only; its peak
resident memory is the process's VmHWM, reset (/proc/self/clear_refs) after the vault is opened
so the Argon2id unlock is not counted:

- intake (attach_file: read, SHA-256, seal, fsync, commit) beside ``cp`` + ``sync``;
- playback: the sealed attachment opened through the random-access device
  (``QMediaPlayer.setSourceDevice``, offscreen), loaded, sought to 1.9 s and played until a
  decoded frame of the last second arrives; how many bytes the player read;
- export of the case to one recipient beside ``tar | age -r … > out && sync``;
- import into the recipient's vault beside ``age -d | tar -x && sync``.

Every step reports its progress through a Job, as the app's worker does; a row says whether the
last report was the whole (100 %). One run of each (2 GiB; best-of-3 would triple ~2 minutes),
ours and the reference alternating. ``--quick``: 256 MiB. Run alone:
``python bench/large_media_bench.py [--quick] [--workdir DIR]``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

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

SEEK_MS = 1900


class _Progress:
    def __init__(self):
        self.reports, self.last = 0, (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.reports += 1
        self.last = (done, total)

    @property
    def complete(self) -> bool:
        return self.last[1] > 0 and self.last[0] == self.last[1]


def _qt_wait(app, condition, seconds: float = 60) -> None:
    from PySide6.QtCore import QEventLoop

    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("timed out")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _child(op: str, work: str, *rest: str) -> None:
    work = Path(work)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if op == "make":
        _make(work, int(rest[0]))
        return
    from crypto import kdf
    from fieldnotes import attachments, contacts
    from fieldnotes.jobs import Job
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault

    progress, result = _Progress(), {}
    if op == "intake":
        v = Vault.create(work / "researcher", PASS, name="Researcher",
                         params=kdf.minimum_params())[0]
        coordinator = Vault.create(work / "coordinator", PASS, name="Coordinator",
                                   params=kdf.minimum_params())[0]
        fpr = contacts.add_contact(v.conn, coordinator.identity.card().to_text(), verified=True)
        contacts.add_contact(coordinator.conn, v.identity.card().to_text(), verified=True)
        (work / "coordinator.key").write_text(coordinator.identity.age_secret() + "\n")
        result["recipient"] = coordinator.identity.card().age_recipient
        coordinator.close()
        store = Store(v.conn, v.fingerprint)
        case = store.create("case", {"title": "Large video"})
        result.update(fpr=fpr, case=case)
    else:
        v = Vault.open(work / ("coordinator" if op == "import" else "researcher"), PASS)
    before = reset_peak()
    start = time.perf_counter()
    if op == "intake":
        _rid, result["sha"] = attachments.attach_file(store, case, work / "video.mp4",
                                                      job=Job(progress))
    elif op == "export":
        from fieldnotes.bundle import writer

        fpr, case = rest
        writer.export_bundle(v, work / "case.fnb", [fpr], cases=[case], job=Job(progress))
    elif op == "import":
        from fieldnotes.bundle import importer

        importer.import_bundle(v, work / "case.fnb", job=Job(progress))
        result["imported"] = v.conn.execute("SELECT count(*) FROM blobs WHERE sha256 = ?",
                                            (rest[0],)).fetchone()[0]
    elif op == "play":
        result.update(_play(v, rest[0]))
    hwm = peak_mib()
    result.update(seconds=time.perf_counter() - start, hwm_mib=hwm,
                  whole_mib=max(before, hwm), reports=progress.reports, complete=progress.complete)
    v.close()
    print(json.dumps(result))


def _make(work: Path, size: int) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.media.spread import spread
    from tests.media.synth import video

    app = QApplication([])
    clip = work / "clip.mp4"
    waiter = SimpleNamespace(waitUntil=lambda cond, timeout: _qt_wait(app, cond, timeout / 1000))
    video(waiter, clip, seconds=2)
    spread(clip.read_bytes(), work / "video.mp4", size)
    clip.unlink()


def _play(v, sha: str) -> dict:
    """Load, seek near the end, play until a frame from the last second is decoded."""
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
    from PySide6.QtWidgets import QApplication

    from ui.media.blob_device import open_device

    app = QApplication.instance() or QApplication([])
    device = open_device(v, sha)
    player, sink = QMediaPlayer(), QVideoSink()
    player.setVideoOutput(sink)
    late = []
    sink.videoFrameChanged.connect(
        lambda f: late.append(f.startTime()) if f.isValid() and f.startTime() >= 1_800_000
        else None)
    errors = []
    player.errorOccurred.connect(lambda _e, text: errors.append(text))
    start = time.perf_counter()
    player.setSourceDevice(device, QUrl("video.mp4"))
    loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
    _qt_wait(app, lambda: player.mediaStatus() in loaded or bool(errors))
    to_loaded = time.perf_counter() - start
    duration = player.duration()
    player.setPosition(SEEK_MS)
    player.play()
    _qt_wait(app, lambda: bool(late) or bool(errors))
    to_frame = time.perf_counter() - start - to_loaded
    player.stop()
    player.setSource(QUrl())  # as the app unloads: the backend lets go of the device first
    out = {"duration_ms": duration, "to_loaded": to_loaded, "to_frame": to_frame,
           "bytes_read": device.bytes_read, "size": device.size(), "errors": errors}
    device.close()
    return out


def _ours(op: str, work: Path, *args) -> dict:
    os.sync()
    cmd = [python(), str(Path(__file__).resolve()), "--child", op, str(work), *map(str, args)]
    _, out = run_measured(cmd, env={"FIELDNOTES_KDF_PROFILE": "minimum"})
    return json.loads(out.strip().splitlines()[-1])


def run(workdir: Path, quick: bool) -> list[dict]:
    return in_scratch(Path(workdir) / "large-media", _run, quick)


def _run(work: Path, quick: bool) -> list[dict]:
    size = (256 if quick else 2048) * MIB
    run_measured([python(), str(Path(__file__).resolve()), "--child", "make", str(work),
                  str(size)], env={"QT_QPA_PLATFORM": "offscreen"})
    t_cp = shell_seconds("cp video.mp4 copy.mp4 && sync copy.mp4", work)
    (work / "copy.mp4").unlink()
    intake = _ours("intake", work)
    play = _ours("play", work, intake["sha"])
    (work / "video.mp4").unlink()  # from here on only the vault holds it
    t_tar = shell_seconds(f"tar -cf - -C {work} researcher | age -r {intake['recipient']} > ref.age"
                   " && sync ref.age", work)
    (work / "ref.age").unlink()
    export = _ours("export", work, intake["fpr"], intake["case"])
    (work / "untar").mkdir()
    t_untar = shell_seconds("age -d -i coordinator.key < case.fnb | tar -xf - -C untar && sync untar",
                     work)
    shutil.rmtree(work / "untar")
    imported = _ours("import", work, intake["sha"])
    gib = size / (1 << 30)
    label = f"{size // MIB} MiB"
    load = os.getloadavg()[0]
    ok_play = not play["errors"] and abs(play["duration_ms"] - 2000) <= 100
    streaming = max(intake["hwm_mib"], export["hwm_mib"], imported["hwm_mib"])
    progress = all(r["complete"] for r in (intake, export, imported))
    rows = [
        row(f"{label} video: intake", intake["seconds"], t_cp, "s", "—", None,
            f"attach_file vs cp + sync; {intake['reports']} progress reports, last = whole: "
            f"{intake['complete']}; peak {intake['hwm_mib']:.0f} MiB; one run; load average "
            f"{load:.1f} on {os.cpu_count()} cores"),
        row(f"{label} video: open, seek to 1.9 s, first frame of the last second",
            play["to_loaded"] + play["to_frame"], None, "s", "plays", ok_play,
            f"length {play['duration_ms']} ms (2000 encoded); errors: "
            f"{'; '.join(play['errors']) or 'none'}; loaded in {play['to_loaded']:.2f} s, "
            f"frame after the seek in "
            f"{play['to_frame']:.2f} s; the player read {play['bytes_read'] / MIB:.1f} MiB of "
            f"{play['size'] / MIB:.0f} MiB through the device; peak {play['hwm_mib']:.0f} MiB "
            f"(Qt and FFmpeg included)"),
        row(f"{label} video: export to one recipient", export["seconds"], t_tar, "s", "—",
            None, f"vs tar | age -r > out && sync; {export['reports']} progress reports, last = "
                  f"whole: {export['complete']}; peak {export['hwm_mib']:.0f} MiB"),
        row(f"{label} video: import", imported["seconds"], t_untar, "s", "—", None,
            f"verified and imported, timed to its commit, vs age -d | tar -x && sync; blob "
            f"present after: {bool(imported['imported'])}; progress last = whole: "
            f"{imported['complete']}; peak {imported['hwm_mib']:.0f} MiB"),
        row(f"{label} video: peak resident memory (intake, export, import)", streaming,
            RSS_LIMIT, "MiB", "< 150 MiB", streaming < RSS_LIMIT and progress
            and bool(imported["imported"]),
            f"VmHWM during each operation, the highest of the three ({gib:g} GiB file); "
            f"progress reached 100 % in all three: {progress}"),
    ]
    return rounded(rows)


if __name__ == "__main__":
    sys.exit(standalone(run, _child))
