"""Passphrase typed twice, with an honest strength meter (see strength.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QProgressBar, QWidget

from fieldnotes import strength
from fieldnotes.i18n import _
from ui.vault.passphrase_line import PassphraseLine, caps_lock_warning
from ui.widgets.basic import HintLine, keep_place

_COLOURS = {0: "#c9cdc8", 1: "#b03a2e", 2: "#d08a1e", 3: "#5a8f3c", 4: "#2f6f73"}


class PassphraseFields(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, first_label: str = "",
                 form: QFormLayout | None = None):
        """``form``: a form of the caller's to add the rows to, so its labels and fields line
        up with the caller's other rows (one label column); by default this widget's own."""
        super().__init__(parent)
        self.floor = strength.FLOOR_BITS   # raised by an organisation's setup file
        self.first = PassphraseLine(name=first_label)
        self.second = PassphraseLine(name=_("Repeat the passphrase"))
        for w in (self.first, self.second):
            w.textChanged.connect(self._update)
        self.caps = caps_lock_warning(self.first, self.second)
        self.first.setPlaceholderText(_("Five or more random words work well"))
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        # Every line below keeps its place while empty or hidden: the repeat field and the
        # button under them must not move while someone types (a click would land in a gap).
        self.verdict = HintLine(lines=2)
        self.refusal = HintLine(role="error", lines=2)
        self.refusal.hide()
        self.mismatch = HintLine()
        # The refusal takes the verdict's place (it says the bits too): one slot of two lines.
        if form is None:
            form = QFormLayout(self)
            form.setContentsMargins(0, 0, 0, 0)
        form.addRow(first_label or _("Passphrase"), self.first)
        form.addRow("", self.meter)
        form.addRow("", keep_place(self.verdict, self.refusal))
        form.addRow(_("Repeat it"), self.second)
        form.addRow("", self.mismatch)
        form.addRow("", keep_place(self.caps))
        self._update()

    @property
    def passphrase(self) -> str:
        return self.first.text()

    @property
    def assessment(self) -> strength.Strength:
        return strength.assess(self.first.text())

    def acceptable(self) -> bool:
        return (bool(self.first.text()) and self.first.text() == self.second.text()
                and not strength.refusal(self.first.text(), self.floor))

    def set_floor(self, bits: float) -> None:
        """The weakest passphrase accepted from now on (an organisation's, or the general)."""
        self.floor = bits
        self._update()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        s = self.assessment
        self.meter.setValue(int(min(s.bits, 100)))
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {_COLOURS[s.level]}; }}")
        if s.level:
            self.verdict.setText(
                _("{label}: about {bits:.0f} bits. A state with a cracking farm would need {crack_time} to guess it.").format(label=s.label, bits=s.bits, crack_time=s.crack_time))
        else:
            self.verdict.setText("")
        reason = strength.refusal(self.first.text(), self.floor)
        self.refusal.setText(reason)
        self.refusal.setVisible(bool(reason))
        self.verdict.setVisible(not reason)
        if self.second.text() and self.second.text() != self.first.text():
            self.mismatch.setText(_("The two passphrases differ."))
        else:
            self.mismatch.setText("")
        self.changed.emit()
