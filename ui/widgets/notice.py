"""A dismissable line of information across the top of a screen (not an error)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from fieldnotes.i18n import _
from ui.shell.style import set_role


class NoticeBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = set_role(QLabel(), "banner")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._act)
        self.action_button.hide()
        self._action = None
        self.close_button = QPushButton(_("Dismiss"))
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_notice(self, text: str, action: str = "", on_action=None) -> None:
        """Show ``text``; with ``action``, also a button that calls ``on_action``."""
        self.text.setText(text)
        self._action = on_action if action else None
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action))
        self.setVisible(bool(text))

    def _act(self) -> None:
        if self._action is not None:
            self._action()

    def clear(self) -> None:
        self.text.clear()
        self._action = None
        self.action_button.hide()
        self.hide()
