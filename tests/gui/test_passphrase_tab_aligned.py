"""Settings → Passphrase and key: the labels share one column and the fields line up (they sat
in three forms, each as wide as its own labels), in English and both Chinese scripts."""

from __future__ import annotations

import pytest

from tests.gui import test_file_dialog_columns
from ui.shell.settings_dialog import SettingsDialog

lang = test_file_dialog_columns.lang  # the language fixture (English again afterwards)


@pytest.mark.parametrize("code", ["en", "zh_CN", "zh_TW"])
def test_passphrase_fields_line_up(window, qtbot, lang, code):
    lang(code)
    dialog = SettingsDialog(window.settings, window, session=window.session)
    qtbot.addWidget(dialog)
    section = dialog.sections["passphrase"]
    dialog.tabs.setCurrentWidget(section)
    dialog.resize(760, 620)
    dialog.show()
    fields = [section.current, section.new.first, section.new.second, section.cost]
    qtbot.waitUntil(lambda: all(f.isVisible() and f.width() > 50 for f in fields))
    lefts = {f.mapTo(section, f.rect().topLeft()).x() for f in fields}
    rights = {f.mapTo(section, f.rect().topRight()).x() for f in fields}
    assert len(lefts) == 1, lefts          # one left edge for every field
    assert len(rights) == 1, rights        # and one right edge
    # Each field sits right of its whole label.
    for field in fields:
        lab = section.layout().itemAt(0).layout().labelForField(field)
        assert lab is not None and lab.text()
        edge = lab.mapTo(section, lab.rect().topLeft()).x() + lab.fontMetrics().horizontalAdvance(
            lab.text())
        assert edge <= min(lefts), (lab.text(), edge, lefts)
