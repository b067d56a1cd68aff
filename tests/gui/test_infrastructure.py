"""The worker, privacy hooks, strength meter, file dialog scrub and the --smoke-test."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys

from fieldnotes.errors import ValidationError
from tests.conftest import ROOT


def test_worker_delivers_result_and_sentence(qtbot):
    from ui.workers import Worker

    w = Worker()
    with qtbot.waitSignal(w.succeeded, timeout=5000) as ok:
        w.start(lambda job: 41 + 1)
    assert ok.args == [42]

    w2 = Worker()

    def refuse(job):
        raise ValidationError("The field “title” is required for a case.")

    with qtbot.waitSignal(w2.failed, timeout=5000) as failed:
        w2.start(refuse)
    assert failed.args == ["The field “title” is required for a case."]


def test_worker_hides_internal_errors(qtbot, caplog):
    from ui.shell.privacy import INTERNAL_ERROR
    from ui.workers import Worker

    def bug(job):
        raise KeyError("王全璋 testimony text")

    w = Worker()
    with caplog.at_level(logging.ERROR, logger="fieldnotes.ui"):
        with qtbot.waitSignal(w.failed, timeout=5000) as failed:
            w.start(bug)
    assert failed.args == [INTERNAL_ERROR]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "KeyError" in logged
    assert "王全璋" not in logged and "testimony" not in logged


def test_worker_cancel_calls_job_cancel(qtbot):
    from ui.workers import Worker

    def forever(job):
        n = 0
        while True:          # only job.step's Cancelled gets out of here
            n += 1
            job.step(n, 0)

    w = Worker()
    reports = []
    w.progress.connect(lambda d, t: (reports.append(d), w.cancel()))
    with qtbot.waitSignal(w.failed, timeout=5000) as failed:
        w.start(forever)
    assert reports
    assert "cancelled" in failed.args[0]


def test_worker_uses_its_own_connection(vault, qtbot):
    from ui.workers import Worker

    seen = {}

    def work(conn, job):
        seen["same"] = conn is vault.conn
        return conn.execute("SELECT count(*) FROM records").fetchone()[0]

    w = Worker()
    with qtbot.waitSignal(w.succeeded, timeout=5000) as ok:
        w.start(work, vault=vault)
    assert ok.args == [0] and seen == {"same": False}
    # The result is sent before the connection is released (releasing may checkpoint): wait
    # for the release instead of racing it (it lost under a loaded machine).
    qtbot.waitUntil(lambda: len(vault._conns) == 1, timeout=5000)


def test_strength_is_honest():
    from fieldnotes.strength import assess

    assert assess("password").level == 1
    assert assess("Password1!").level == 1
    assert assess("aaaaaaaaaaaaaaaaaaaa").level == 1
    assert assess("correct horse battery staple").bits < 60   # four common words
    assert assess("river lantern copper mosaic thimble quarry").level >= 3
    assert assess("").level == 0


def test_file_dialog_scrub_removes_history(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from ui.widgets import file_dialogs

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    s = QSettings(QSettings.Scope.UserScope, "QtProject")
    s.setValue("FileDialog/history", ["file:///media/usb/Testimonies"])
    s.setValue("FileDialog/lastVisited", "file:///media/usb/Testimonies")
    s.setValue("FileDialog/viewMode", "Detail")
    s.sync()
    file_dialogs._scrub()
    s2 = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert s2.value("FileDialog/history") is None
    assert s2.value("FileDialog/lastVisited") is None
    assert s2.value("FileDialog/viewMode") == "Detail"
    text = "".join(p.read_text() for p in tmp_path.rglob("*.conf"))
    assert "Testimonies" not in text


def test_smoke_test_shows_first_window(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               FIELDNOTES_VAULT=str(tmp_path / "none"))
    proc = subprocess.run([sys.executable, "-m", "ui.app", "--smoke-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"first window shown in \d+\.\d{3} s\n"
                        r"media: a recording played and decoded sample-exact, a PDF rendered\n",
                        proc.stdout)
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "none").exists()  # looking is not creating


def test_shutdown_waits_for_every_pool_thread(qtbot):
    """Closing the app stops every task before Qt and Python tear down (bool_dealloc)."""
    import time

    from ui import workers
    from ui.workers import Worker

    def slow(job):
        for _ in range(200):
            job.check()
            time.sleep(0.01)
        return True

    w = Worker()
    w.start(slow)
    assert workers.active_count() >= 1
    assert workers.shutdown(wait_ms=5000)
    assert workers.active_count() == 0
