"""Privacy hardening: nothing readable about the vault's content may reach the disk.

What is done here, and why:
- core dumps off (``RLIMIT_CORE`` 0) and, on Linux, the process marked non-dumpable, so a crash
  or another process of the same user cannot dump memory holding keys and testimony;
- Qt's own logging silenced and a message handler that drops every message (Qt warnings can
  quote widget text or file paths); set ``FIELDNOTES_QT_DEBUG=1`` to see them while developing;
- Qt's shader disk cache off; no QtWebEngine, no QNetworkDiskCache anywhere in ``ui/``;
- Python's ``sys.excepthook`` and ``threading.excepthook`` log the exception *type* only and
  show a generic dialog — never a traceback with local values or record text;
- faulthandler writes to stderr only, never to a file.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading

from fieldnotes.i18n import N_, _

log = logging.getLogger("fieldnotes.ui")

INTERNAL_ERROR = N_("An internal error occurred. Nothing was saved by the failed step.")


def harden_process() -> None:
    """Called once, before QApplication exists."""
    os.environ["QT_LOGGING_RULES"] = "*=false"
    os.environ["QT_DISABLE_SHADER_DISK_CACHE"] = "1"
    os.environ.pop("QT_MESSAGE_PATTERN", None)
    _no_core_dumps()
    with contextlib.suppress(Exception):
        faulthandler.enable(file=sys.__stderr__)  # stderr only: no crash files
    logging.basicConfig(level=logging.WARNING, format="fieldnotes: %(levelname)s %(message)s")


def _no_core_dumps() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            pr_set_dumpable = 4
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)


def _qt_message_handler(msg_type, context, message) -> None:  # noqa: ARG001
    if os.environ.get("FIELDNOTES_QT_DEBUG") == "1":
        sys.__stderr__.write(f"qt: {message}\n")
        return
    from PySide6.QtCore import QtMsgType

    if msg_type == QtMsgType.QtFatalMsg:
        sys.__stderr__.write("fieldnotes: Qt reported a fatal error.\n")
    # Everything else is dropped: it may quote text from the window.


def install_qt_message_handler() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(_qt_message_handler)


def report_bug(exc_type: type[BaseException]) -> None:
    """Log an unexpected exception by its type name only (no message, no traceback)."""
    log.error("internal error: %s", getattr(exc_type, "__name__", "exception"))


def _excepthook(exc_type, exc, tb) -> None:  # noqa: ARG001
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, None)
        return
    report_bug(exc_type)
    _show_internal_error()


def _thread_excepthook(args) -> None:
    report_bug(args.exc_type)


def _show_internal_error() -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Fieldnotes"), _(INTERNAL_ERROR))
    box.setInformativeText(_("The error was logged without any content. Please tell your coordinator what you were doing."))
    box.exec()


def install_excepthooks() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
