"""File dialogs that leave no trace of which files or folders were used.

Native dialogs record what they opened (GTK's recently-used.xbel, the Windows shell's MRU
lists, portals), so only Qt's own dialog is used. Qt's own dialog in turn saves its history and
last visited folder into the ``QtProject`` settings when it is destroyed; :func:`_scrub` removes
those two keys after every dialog.

Each dialog opens in the folder last used for its kind of file (bundles, receipts, cards, a
vault's folder...) during this session, or in the home folder the first time. That memory is a
dict in this process only: a folder's name can say whom someone works with, so it is never
written to any settings file.
"""

from __future__ import annotations

import os
import re

import shiboken6
from PySide6.QtCore import QCoreApplication, QDir, QIdentityProxyModel, QLocale, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QListView, QTreeView, QWidget

from fieldnotes.i18n import _

_OPTIONS = QFileDialog.Option.DontUseNativeDialog


def _scrub() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.beginGroup("FileDialog")
    for key in ("history", "lastVisited"):
        settings.remove(key)
    settings.endGroup()
    settings.sync()


# Qt 6's dialog asks its catalog for "&Look in:" and "Files of &type:"; the Chinese catalogs
# hold them as "Look in:" and "Files of type:", so those two labels stayed English.
_QT_LABELS = ((QFileDialog.DialogLabel.LookIn, "Look in:"),
              (QFileDialog.DialogLabel.FileType, "Files of type:"))


_TYPE, _DATE = 2, 3  # QFileSystemModel's Type and Date Modified columns


class _InReadersLanguage(QIdentityProxyModel):
    """The file list as QFileSystemModel gives it, but with a folder's type and the dates in
    the app's language: Qt's Chinese catalogs lack the "Folder" its icon provider asks for
    (context QAbstractFileIconProvider), and the model writes dates in the desktop's locale
    (QLocale.system()), not the language chosen in Fieldnotes ("2 12 2026" in a 简体中文 app).
    Files' types come from the MIME database, which already speaks the app's language."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.column() in (_TYPE, _DATE):
            source = self.sourceModel()
            at = self.mapToSource(index)
            if index.column() == _TYPE and source.isDir(at):
                return _("Folder")
            if index.column() == _DATE:
                return QLocale().toString(source.lastModified(at),
                                          QLocale.FormatType.ShortFormat)
        return super().data(index, role)


def prepare(dialog: QFileDialog) -> None:
    """Qt's own dialog, with no history, in the reader's language throughout."""
    dialog.setOption(_OPTIONS, True)
    dialog.setHistory([])
    for which, source in _QT_LABELS:
        text = QCoreApplication.translate("QFileDialog", source)
        if text != source:
            dialog.setLabelText(which, text)
    dialog.setProxyModel(_InReadersLanguage(dialog))
    _fit_sidebar(dialog)
    _fit_columns(dialog)


def _fit_sidebar(dialog: QFileDialog) -> None:
    """The places on the left ("Computer", the home folder) as wide as their names: Qt gives
    the sidebar a fixed share that cut "Computer" to "Comp…" ("计…" in Chinese)."""
    sidebar = dialog.findChild(QListView, "sidebar")
    if sidebar is not None and sidebar.model() is not None:
        sidebar.setMinimumWidth(sidebar.sizeHintForColumn(0) + 2 * sidebar.frameWidth()
                                + sidebar.spacing() * 2 + 8)


def _fit_columns(dialog: QFileDialog) -> None:
    """Size, Type and Date modified as wide as what they show once a folder is read (Qt sizes
    them for its English headers: "19…iB", "P…像"); the name takes what is left."""
    view = dialog.findChild(QTreeView, "treeView")
    model = dialog.findChild(QFileSystemModel)
    if view is None or model is None:
        return

    def fit(_path: str = "") -> None:
        for column in range(1, model.columnCount()):
            view.resizeColumnToContents(column)
        others = sum(view.columnWidth(c) for c in range(1, model.columnCount()))
        view.setColumnWidth(0, max(view.viewport().width() - others, 160))

    model.directoryLoaded.connect(fit)


_last_folder: dict[str, str] = {}  # kind of file -> folder last used; this session, memory only


def _kind(kind: str, filters: str, title: str) -> str:
    """What the memory is keyed on: the caller's kind, else the first filter's patterns
    ("*.bundle *.age", the same in every language), else the dialog's own purpose (title)."""
    if kind:
        return kind
    patterns = re.findall(r"\(([^)]*)\)", filters)
    return patterns[0] if patterns and patterns[0].strip() != "*" else "title:" + title


def start_folder(kind: str) -> str:
    """The folder last used for this kind, while it still exists; else the home folder."""
    folder = _last_folder.get(kind, "")
    return folder if folder and os.path.isdir(folder) else QDir.homePath()


def _run(dialog: QFileDialog, kind: str, suggested: str = "") -> list[str]:
    prepare(dialog)
    dialog.setDirectory(start_folder(kind))
    if suggested:  # a bare name lands in the start folder
        dialog.selectFile(suggested)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        chosen = dialog.selectedFiles()
        if chosen:  # a chosen folder's parent, so it shows among its neighbours next time
            _last_folder[kind] = os.path.dirname(os.path.abspath(chosen[0]))
        return chosen
    finally:
        dialog.setHistory([])
        shiboken6.delete(dialog)  # the destructor writes the settings; scrub right after it
        _scrub()


def open_files(parent: QWidget | None, title: str, filters: str = "",
               multiple: bool = False, kind: str = "") -> list[str]:
    dialog = QFileDialog(parent, title, "", filters or _("All files (*)"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if multiple
                       else QFileDialog.FileMode.ExistingFile)
    return _run(dialog, _kind(kind, filters, title))


def open_file(parent: QWidget | None, title: str, filters: str = "", kind: str = "") -> str:
    files = open_files(parent, title, filters, kind=kind)
    return files[0] if files else ""


def save_file(parent: QWidget | None, title: str, suggested: str = "",
              filters: str = "", kind: str = "") -> str:
    dialog = QFileDialog(parent, title, "", filters or _("All files (*)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    files = _run(dialog, _kind(kind, filters, title), suggested)
    return files[0] if files else ""


def open_folder(parent: QWidget | None, title: str, kind: str = "") -> str:
    dialog = QFileDialog(parent, title, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    files = _run(dialog, _kind(kind, "", title))
    return files[0] if files else ""
