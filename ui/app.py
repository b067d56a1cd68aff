"""Start the desktop app: ``python -m ui.app [--vault DIR] [--smoke-test]``.

``--smoke-test`` shows the first window, prints how long that took from process start and
quits with 0: the packaging checks use it to prove a frozen build loads its Qt plugins (and, on
Linux, QtDBus, which the lock on suspend and screen lock needs), and that it can still play a
recording through Qt's FFmpeg plugin and show a PDF with QtPdf (``ui.media.media_check``);
if any of that fails it says what and exits with 1.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # as close to process start as this module can get

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    from fieldnotes.i18n import _

    p = argparse.ArgumentParser(prog="fieldnotes-app", description=_("Fieldnotes desktop app"))
    p.add_argument("--vault", type=Path, default=None,
                   help=_("vault folder (default: $FIELDNOTES_VAULT or the user data folder)"))
    p.add_argument("--smoke-test", action="store_true",
                   help=_("show the first window, report the time it took and quit"))
    p.add_argument("--no-settings", action="store_true",
                   help=_("remember nothing between runs, not even the idle-lock time"))
    return p.parse_known_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args, qt_args = parse_args(argv[1:])

    from ui import preflight

    problem = preflight.check()   # Qt's xcb plugin needs libraries a fresh Debian may lack
    if problem:
        print(problem, file=sys.stderr)
        return 1

    from ui.shell import privacy

    privacy.harden_process()
    privacy.install_excepthooks()

    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from fieldnotes.vault import default_path

    QCoreApplication.setOrganizationName("Fieldnotes")
    QCoreApplication.setApplicationName("Fieldnotes")
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DisableShaderDiskCache, True)
    app = QApplication([argv[0], *qt_args])
    app.setDesktopFileName("fieldnotes")
    privacy.install_qt_message_handler()

    from ui.shell import language, style
    from ui.shell.app_window import AppWindow
    from ui.shell.settings import Settings

    style.apply(app)
    vault_path = args.vault or default_path()
    settings = Settings(persistent=not (args.no_settings or args.smoke_test))
    language.apply(settings.language or language.system_language(), app)
    window = AppWindow(vault_path, settings)
    window.show()

    if args.smoke_test:
        def report() -> None:
            print(f"first window shown in {time.perf_counter() - _T0:.3f} s", flush=True)
            window.close()
            if sys.platform.startswith("linux") and not window.system_lock.available:
                print("smoke test: QtDBus is missing, so suspend and screen lock would not "
                      "lock the vault", file=sys.stderr, flush=True)
                app.exit(1)
                return
            from ui.media import media_check

            problems = media_check.run()
            for problem in problems:
                print(f"smoke test: {problem}", file=sys.stderr, flush=True)
            if problems:
                app.exit(1)
                return
            print("media: a recording played and decoded sample-exact, a PDF rendered",
                  flush=True)
            app.quit()

        QTimer.singleShot(0, report)

    app.aboutToQuit.connect(window.clipboard.clear)
    code = app.exec()
    if window.session is not None:
        window.lock()
    from ui import workers

    workers.shutdown()   # no pool thread may outlive the window (bool_dealloc at exit)
    window.deleteLater()
    app.processEvents()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
