"""Drafts in the window: kept every few seconds, offered back after an unlock.

:class:`DraftKeeper` asks the main view to write every form's unsaved values into the vault
(fieldnotes.drafts) every few seconds; the window also asks it right before any lock or close.
:class:`DraftOffer` is the bar under the toolbar that names a kept draft, one at a time:
"You have an unsaved draft of …" with Restore and Discard.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from fieldnotes import drafts
from fieldnotes.i18n import _
from ui.shell.style import set_primary, set_role

KEEP_EVERY_MS = 3000


class DraftKeeper(QObject):
    def __init__(self, keep, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(KEEP_EVERY_MS)
        self._timer.timeout.connect(keep)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


class DraftOffer(QWidget):
    """Names the oldest kept draft that no open form holds; Restore or Discard it."""

    restore_requested = Signal(object)   # drafts.Draft

    def __init__(self, conn, parent: QWidget | None = None):
        super().__init__(parent)
        self.conn = conn
        self.draft: drafts.Draft | None = None
        self.text = set_role(QLabel(), "banner")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.restore_button = set_primary(QPushButton(_("&Restore")))
        self.discard_button = QPushButton(_("D&iscard"))
        self.discard_button.setProperty("danger", True)
        self.restore_button.clicked.connect(lambda: self.restore_requested.emit(self.draft))
        self.discard_button.clicked.connect(self.discard)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.hide()

    def refresh(self, skip: set[str] = frozenset()) -> None:
        """Show the next draft not in ``skip`` (forms open right now), or hide."""
        pending = [d for d in drafts.all_drafts(self.conn) if d.form not in skip]
        self.draft = pending[0] if pending else None
        if self.draft is None:
            self.text.clear()
            self.hide()
            return
        when = self.draft.saved[:16].replace("T", " ")
        self.text.setText(_("You have an unsaved draft of {what}, kept {when} UTC. Restore it "
                            "into its form, or discard it?").format(what=self.draft.title,
                                                                     when=when))
        self.show()

    def discard(self) -> None:
        if self.draft is not None:
            drafts.drop(self.conn, self.draft.form)
        self.refresh()

    def clear(self) -> None:
        self.draft = None
        self.text.clear()
        self.hide()
