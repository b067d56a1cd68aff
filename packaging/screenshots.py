"""``make screenshots``: the app's main screens, on the demo vault, as PNGs for the README.

    python packaging/screenshots.py [--lang en|zh_CN|zh_TW] [--size 1280x800] [--out DIR]

Runs the real app under a private Xvfb display with openbox (started here and stopped after;
``apt-get install xvfb openbox``), on a demo vault made in a temporary folder (fictional data,
encrypted like any vault). English goes to docs/screenshots/, another language to
docs/screenshots/<lang>/. Each screen is grabbed from its own widget, so nothing else on the
display shows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lang", default="en", help="en, zh_CN or zh_TW")
    p.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    p.add_argument("--out", type=Path, default=None)
    return p.parse_args(argv)


def out_dir(args) -> Path:
    if args.out:
        return args.out
    base = ROOT / "docs" / "screenshots"
    return base if args.lang == "en" else base / args.lang


# -- the display -------------------------------------------------------------------------

def with_display(argv) -> int:
    """Start Xvfb and openbox, run this script inside them, stop them."""
    for tool in ("Xvfb", "openbox"):
        if not shutil.which(tool):
            print(f"screenshots: {tool} is missing: sudo apt-get install xvfb openbox",
                  file=sys.stderr)
            return 1
    w, h = parse(argv).size.split("x")
    display = f":{90 + os.getpid() % 400}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{int(w) + 80}x{int(h) + 120}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", FIELDNOTES_SHOTS_CHILD="1",
               FIELDNOTES_KDF_PROFILE="minimum")
    wm = None
    try:
        for _ in range(100):   # wait for the server's socket
            if Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
                break
            time.sleep(0.05)
        wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        return subprocess.run([sys.executable, __file__, *argv], env=env).returncode
    finally:
        for proc in (wm, xvfb):
            if proc is not None:
                proc.terminate()
                proc.wait(10)


# -- the screens -------------------------------------------------------------------------

def shoot(args) -> int:
    from ui import preflight

    problem = preflight.check()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from fieldnotes import demo, i18n
    from fieldnotes.records.store import Store

    i18n.set_language(args.lang)
    app = QApplication([sys.argv[0]])
    from ui.shell import language, style
    from ui.shell.app_window import AppWindow
    from ui.shell.settings import Settings

    style.apply(app)
    language.apply(args.lang, app)  # Qt's own strings and the shipped CJK fonts too
    width, height = (int(x) for x in args.size.split("x"))
    target = out_dir(args)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def grab(widget, name: str) -> None:
        settle()
        path = target / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    def wait_for(signal) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        loop.exec()

    with tempfile.TemporaryDirectory(prefix="fieldnotes-shots-") as tmp:
        # Paths as a researcher's machine shows them, not this run's temporary folder (only
        # shown: the welcome screen creates nothing unless asked).
        shown = Path("/home/researcher/.local/share/Fieldnotes")
        window = AppWindow(shown / "vault", Settings(persistent=False))
        window.resize(width, height)
        window.show()
        grab(window, "01-welcome")
        vault, _phrase = demo.build(Path(tmp) / "demo")
        window._show_unlock(vault.path)
        grab(window, "02-unlock")
        window._open_session(vault)
        store = Store(vault.conn, vault.fingerprint)
        view = window.main_view.select_case(store.list("case")[0]["id"])
        grab(window, "03-case-overview")

        def open_tab(rtype: str, pick=None, name: str = "") -> None:
            tab = view.tabs_by_type[rtype]
            view.setCurrentWidget(tab)
            records = tab.model.records()
            if records:
                chosen = next((r for r in records if pick and pick(r)), records[0])
                tab.select(chosen["id"])
            grab(window, name)

        open_tab("person", lambda r: "Lin Wei" in r["title"], "04-people")
        open_tab("event", lambda r: r["data"]["type"] == "rsdl", "05-events-timeline")
        open_tab("testimony", lambda r: r["data"]["consent"].get("contacts"),
                 "06-testimony-consent")
        open_tab("note", None, "07-note")
        open_tab("attachment", lambda r: r["data"]["mime"] == "image/png", "08-attachments")

        from ui.records.history_dialog import HistoryDialog
        person = next(r for r in store.list("person") if "Lin Wei" in r["title"])
        dialog = HistoryDialog(window.session, person, window)
        dialog.show()
        grab(dialog, "09-history")
        dialog.close()

        from ui.bundles.export_dialog import ExportDialog
        export = ExportDialog(window.session, window)
        export.show()
        grab(export, "10-export-recipients")
        wait_for(export.review().finished)
        grab(export, "11-export-review")
        export.close()

        from ui.people.identity_dialog import IdentityDialog
        ident = IdentityDialog(window.session, window)
        ident.show()
        grab(ident, "12-identity")
        ident.close()

        window.main_view.search_box.setText("office")
        window.main_view.run_search()
        grab(window, "13-search")
        media_shots(window, view, store, grab, settle)
        window.lock()
        window.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


def media_shots(window, view, store, grab, settle) -> None:
    """14: the recorder mid-interview (a synthetic microphone), 15: the demo's recorded
    interview playing with its markers, 16: the demo's PDF statement shown with QtPdf."""
    from tests.media.synth import MemorySink, synthetic_sources, tone
    from ui.media.recorder import RecorderDialog

    names, factory = synthetic_sources(16000)
    dialog = RecorderDialog(lambda pcm: (lambda: MemorySink()), (names, factory), window)
    dialog.show()
    panel = dialog.panel
    panel.record()
    for second in range(75):
        factory.last.speak(tone(1.0, 16000, freq=180 + second % 7 * 40, start=second * 16000))
        settle(5)
        if second in (12, 41):
            panel.marker_label.setText("consent given" if second == 12
                                       else "describes detention")
            panel.mark()
    panel.marker_label.setText("names the guards")
    grab(dialog, "14-recorder")
    panel.capture.abort()
    dialog.done(0)

    window.main_view.search_box.clear()
    view = window.main_view.select_case(view.case_id)  # back from the search results
    tab = view.tabs_by_type["attachment"]
    view.setCurrentWidget(tab)
    records = {r["data"]["mime"]: r["id"] for r in tab.model.records()}
    tab.select(records["audio/wav"])
    player = tab.viewer.player
    player.audio.setVolume(0)
    player._jump(player.markers.item(1))
    settle(2500)
    player.player.pause()
    grab(window, "15-player-markers")
    tab.select(records["application/pdf"])
    settle(500)
    grab(window, "16-pdf")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(argv)
    if not os.environ.get("FIELDNOTES_SHOTS_CHILD"):
        return with_display(argv)
    return shoot(args)


if __name__ == "__main__":
    raise SystemExit(main())
