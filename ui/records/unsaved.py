"""The one question asked before unsaved edits would be replaced: Save, Discard or Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from fieldnotes.i18n import _

_BUTTONS = QMessageBox.StandardButton


def ask_save_discard_cancel(parent: QWidget, what: str) -> str:
    """"save", "discard" or "cancel" (Escape and closing the box are Cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                      _("You have not saved {what}. Save it now?").format(what=what),
                      _BUTTONS.Save | _BUTTONS.Discard | _BUTTONS.Cancel, parent)
    box.setDefaultButton(_BUTTONS.Save)
    box.setEscapeButton(_BUTTONS.Cancel)
    box.exec()
    answer = box.standardButton(box.clickedButton())
    return {_BUTTONS.Save: "save", _BUTTONS.Discard: "discard"}.get(answer, "cancel")


def settle_all(forms) -> bool:
    """Ask for every form with unsaved edits, in turn; False as soon as one says Cancel."""
    return all(form.settle() for form in forms)
