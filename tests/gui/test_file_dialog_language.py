"""Qt's own file dialog speaks the app's language: a folder's type (Qt's Chinese catalogs lack
it), the dates (in the chosen language, not the desktop's locale), the places on the left shown
whole ("Computer" was cut); and the Qt catalogs the app loads are the ones the package keeps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QListView, QTreeView

from tests.gui.test_file_dialog_columns import lang  # noqa: F401 (the language fixture)
from ui.shell import language
from ui.widgets import file_dialogs

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
FOLDER = {"en": "Folder", "zh_CN": "文件夹", "zh_TW": "資料夾"}


@pytest.mark.parametrize("code", ["en", "zh_CN", "zh_TW"])
def test_folder_type_dates_and_places_in_the_chosen_language(qtbot, tmp_path, lang, code):  # noqa: F811
    lang(code)
    (tmp_path / "证据").mkdir()
    (tmp_path / "a.bundle").write_bytes(b"0" * 100)
    dialog = QFileDialog(None, "Open", str(tmp_path))
    big = QFont(dialog.font())          # a reader's large font: the places must still fit
    big.setPointSizeF(big.pointSizeF() * 1.8)
    dialog.setFont(big)
    file_dialogs.prepare(dialog)
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.resize(700, 450)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 2, timeout=10000)
    root = view.rootIndex()
    rows = {model.index(r, 0, root).data(): r for r in range(2)}
    assert model.index(rows["证据"], 2, root).data() == FOLDER[code]
    shown = model.index(rows["a.bundle"], 3, root).data()
    if code != "en":
        mtime = dialog.findChild(file_dialogs.QFileSystemModel).lastModified(
            model.mapToSource(model.index(rows["a.bundle"], 3, root)))
        assert shown == QLocale(code).toString(mtime,
                                                               QLocale.FormatType.ShortFormat)
        assert shown.startswith(str(mtime.date().year()))  # 2026/12/2, not "2 12 2026"

    sidebar = dialog.findChild(QListView, "sidebar")
    places = [sidebar.model().index(r, 0) for r in range(sidebar.model().rowCount())]
    assert places
    qtbot.waitUntil(lambda: all(sidebar.visualRect(i).width() > 0 for i in places))
    for index in places:
        text = index.data()
        needed = (sidebar.fontMetrics().horizontalAdvance(text) + sidebar.iconSize().width())
        assert sidebar.viewport().width() >= needed, (text, sidebar.viewport().width(), needed)
    if code == "zh_CN":
        assert QCoreApplication.translate("QFileSystemModel", "Computer") == "计算机"
        assert "计算机" in [i.data() for i in places]


def test_the_qt_catalogs_loaded_are_kept_by_the_package(lang):  # noqa: F811
    """language.apply loads Qt's catalog for each Chinese language from PySide6's translations
    folder; build.spec keeps only the .qm files its pattern names: each loaded one must match."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    kept = re.compile(re.search(r'QT_TRANSLATIONS_KEPT = re\.compile\(r"(.+?)"\)', spec)[1])
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for code in ("zh_CN", "zh_TW"):
        lang(code)
        loaded = [t.filePath() for t in language._installed]
        assert loaded, code
        for path in loaded:
            assert Path(path).parent == folder and kept.match(Path(path).name), path
        assert QCoreApplication.translate("QFileDialog", "Files of type:") != "Files of type:"
