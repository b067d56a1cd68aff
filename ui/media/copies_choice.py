"""The export's choice between an attachment's original and its stripped working copy."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from fieldnotes.i18n import _


def copies_choice() -> QComboBox:
    """A combo box (``currentData()``: "both", "working" or "originals") with its label, laid
    out in ``combo.row``."""
    combo = QComboBox()
    combo.addItem(_("Working copies, without identifying metadata"), "working")
    combo.addItem(_("Originals only"), "originals")
    combo.addItem(_("Both the original and the working copy"), "both")
    combo.setToolTip(_("For images that have a working copy. Originals carry GPS positions, "
                       "serial numbers and owner names; send them only to whom must have them."))
    text = QLabel(_("Images with a working copy:"))
    text.setBuddy(combo)
    combo.row = QHBoxLayout()
    combo.row.addWidget(text)
    combo.row.addWidget(combo, 1)
    return combo
