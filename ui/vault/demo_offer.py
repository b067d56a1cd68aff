"""The welcome screen's offer of a demo vault: one fictional case to look around in.

The demo is made beside the default vault folder ("Fieldnotes demo vault", numbered if that is
taken), on a worker (the key derivation is tuned to this machine, about a second), and opened
straight away. Its generated passphrase guards only invented data, so it is shown to the user
— the one passphrase that is, and only because it guards nothing real.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from fieldnotes import demo
from fieldnotes.i18n import _
from ui.widgets.basic import ErrorLabel, ProgressPanel, label
from ui.workers import Worker


def notice(path: Path, phrase: str) -> str:
    return _("This is a demo vault: everything in it is fictional. It is in {path}; its "
             "passphrase is “{phrase}”. Make your own vault for real work.").format(
                 path=path, phrase=phrase)


class DemoOffer(QWidget):
    ready = Signal(object, str, str)   # (open Vault, passphrase, the notice to show)

    def __init__(self, near: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.near = Path(near)
        self.button = QPushButton(_("Try a demo vault (fictional case)"))
        self.button.setFlat(True)
        self.button.setToolTip(_("Makes a separate vault holding one invented case, so you can "
                                 "see every screen before recording anything real."))
        self.button.clicked.connect(self.start)
        self.error = ErrorLabel()
        self.progress = ProgressPanel(cancellable=False)
        hint = label(_("New to Fieldnotes? Look around a made-up case first."), "hint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(hint)
        col.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.progress)
        col.addWidget(self.error)

    def start(self) -> Worker | None:
        if self.progress.isVisible():
            return None
        path = demo.free_folder(self.near)
        self.error.clear()
        self.button.setEnabled(False)
        worker = Worker(self)
        worker.succeeded.connect(lambda result: self._made(path, result))
        worker.failed.connect(self.error.show_error)
        worker.finished.connect(lambda: self.button.setEnabled(True))
        self.progress.follow(worker, _("Making the demo vault…"))
        worker.start(lambda job: demo.build(path, job=job))
        return worker

    def _made(self, path: Path, result) -> None:
        vault, phrase = result
        self.ready.emit(vault, phrase, notice(path, phrase))
