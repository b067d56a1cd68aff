"""Asking for a new case's title: a blank or refused title is said in the dialog, which stays
open with what was typed (QInputDialog closed and dropped it without a word)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from ui.widgets.basic import HintLine, label, ok_cancel


class NewCaseDialog(QDialog):
    """``create(title)`` makes the case and returns its id, or raises a FieldnotesError."""

    def __init__(self, parent: QWidget, create: Callable[[str], str]):
        super().__init__(parent)
        self.setWindowTitle(_("New case"))
        self.create = create
        self.case_id: str | None = None
        self.title = QLineEdit()
        self.title.setMaxLength(1000)
        self.title.setAccessibleName(_("Title of the case:"))
        # Its room is kept from the start: OK and Cancel do not move as it comes and goes.
        self.error = HintLine(role="error", lines=2)
        self.title.textEdited.connect(lambda _text: self.error.setText(""))
        lay = QVBoxLayout(self)
        lay.addWidget(label(_("Title of the case:")))
        lay.addWidget(self.title)
        lay.addWidget(self.error)
        lay.addWidget(ok_cancel(self, self._create))
        self.resize(420, self.sizeHint().height())

    def _create(self) -> None:
        if not self.title.text().strip():
            self.error.setText(_("A case needs a title: type one, or press Cancel."))
            self.title.setFocus()
            return
        try:
            self.case_id = self.create(self.title.text())
        except FieldnotesError as exc:
            self.error.setText(exc.message)
            self.title.setFocus()
            return
        self.accept()
