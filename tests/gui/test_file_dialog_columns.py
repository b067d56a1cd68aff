"""The file dialog's Size, Type and Date modified columns show their text whole ("19…iB" and
"P…像" were cut short), in every language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QTreeView

from ui.shell import language
from ui.widgets import file_dialogs

pytestmark = pytest.mark.gui


@pytest.fixture
def folder(tmp_path):
    with open(tmp_path / "20m.bin", "wb") as f:
        f.truncate(20 * 1024 * 1024)          # sparse: "20.0 MiB" without writing it
    (tmp_path / "custody_zh-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100_000)
    (tmp_path / "case_en.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 19_000)
    (tmp_path / "after_revoke.bundle").write_bytes(b"0" * 14_000)
    return tmp_path


@pytest.fixture
def lang():
    yield language.apply
    language.apply("en")
    if language.original_font() is not None:
        QApplication.instance().setFont(language.original_font())


def _cut(view: QTreeView) -> list[str]:
    """The cells of Size, Type and Date modified whose text is wider than their column."""
    model, root = view.model(), view.rootIndex()
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
                  + 1)
    cut = []
    for row in range(model.rowCount(root)):
        for column in (1, 2, 3):
            text = model.index(row, column, root).data() or ""
            if view.fontMetrics().horizontalAdvance(text) + margin > view.columnWidth(column):
                cut.append(f"{column}:{text}")
    return cut


@pytest.mark.parametrize("code", ["en", "zh_CN", "zh_TW"])
def test_size_and_type_columns_show_their_text_whole(qtbot, folder, lang, code):
    lang(code)
    dialog = QFileDialog(None, "Open", str(folder))
    file_dialogs.prepare(dialog)
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.resize(700, 450)                        # the size the QA screenshot had
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 4, timeout=10000)
    qtbot.waitUntil(lambda: not _cut(view), timeout=5000)
    assert view.columnWidth(0) >= 160              # the name keeps room too
