"""Open a vault with K recovery shares and set a new passphrase (recovery_shares.recover on the
worker): the recovery-key screen with share boxes in place of the key. Shares are typed or
pasted, one per box, or loaded from the files they were saved to; a typo is named by its share,
too few says how many more are needed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout

from fieldnotes import recovery_shares
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import N_, _
from ui.shell.style import monospace
from ui.vault.recover import RecoverScreen
from ui.widgets import file_dialogs


class RecoverSharesScreen(RecoverScreen):
    TITLE = N_("Use recovery shares")
    INTRO = N_("Ask the colleagues who keep your recovery shares for enough of them. Type or "
               "paste each share in its own box, or load the files they were saved to; then "
               "choose a new passphrase.")
    WORKING = N_("Combining the shares and setting the new passphrase…")

    def __init__(self, vault_path: Path, parent=None):
        self.TITLE, self.INTRO, self.WORKING = _(self.TITLE), _(self.INTRO), _(self.WORKING)
        super().__init__(vault_path, parent)
        self.go.setText(_("Recover and set passphrase"))

    def add_inputs(self, col: QVBoxLayout) -> None:
        self.boxes: list[QPlainTextEdit] = []
        self.names: list[str] = []
        self.box_column = QVBoxLayout()
        add = QPushButton(_("Another share"))
        add.clicked.connect(lambda: self.add_share())
        load = QPushButton(_("Load share files…"))
        load.clicked.connect(self._load_files)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(load)
        row.addStretch()
        col.addLayout(self.box_column)
        col.addLayout(row)
        for _n in range(2):
            self.add_share()

    def add_share(self, text: str = "", name: str = "") -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setFont(monospace(12))
        box.setMaximumHeight(70)
        box.setPlaceholderText(_("Share {n}: the words of one share").format(
            n=len(self.boxes) + 1))
        box.setPlainText(text)
        self.boxes.append(box)
        self.names.append(name)
        self.box_column.addWidget(box)
        return box

    def clear(self) -> None:
        for box in self.boxes[2:]:
            self.box_column.removeWidget(box)
            box.deleteLater()
        self.boxes, self.names = self.boxes[:2], ["", ""]
        for box in self.boxes:
            box.clear()
        self.passphrase.clear()
        self.error.clear()

    def _load_files(self) -> None:
        files = file_dialogs.open_files(self, _("Load share files"), multiple=True)
        self.load_files([Path(f) for f in files])

    def load_files(self, files: list[Path]) -> None:
        for path in files:
            try:
                text = recovery_shares.read_share_file(path)
            except FieldnotesError as exc:
                self.error.show_error(str(exc))
                return
            empty = next((i for i, b in enumerate(self.boxes) if not b.toPlainText().strip()),
                         None)
            if empty is None:
                self.add_share(text, path.name)
            else:
                self.boxes[empty].setPlainText(text)
                self.names[empty] = path.name

    def task(self, path: Path, new: str):
        texts, names = [], []
        for i, box in enumerate(self.boxes):
            if box.toPlainText().strip():
                texts.append(box.toPlainText())
                names.append(self.names[i] or _("share {n}").format(n=i + 1))
        return lambda job: recovery_shares.recover(path, texts, names, new)
