"""The app's language: our catalog (fieldnotes.i18n), Qt's own strings (qtbase_*.qm, which
PySide6 ships: standard buttons, file dialogs, context menus), the CJK fonts we ship, and a
picker that names each language in its own script.

Switching is at once, without a restart: ``apply()`` changes the catalog and Qt's translator;
the window then rebuilds its visible screens (widgets call ``_()`` when they are built).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from fieldnotes import i18n
from fieldnotes.i18n import _

FONT_FILES = {"zh_CN": "NotoSansCJKsc-Regular-subset.otf",
              "zh_TW": "NotoSansCJKtc-Regular-subset.otf"}
_installed: list[QTranslator] = []
_families: dict[str, str] = {}
_base_families: list[str] = []
_original_font: list[QFont] = []


def fonts_dir() -> Path:
    from ui.shell.style import resources_dir

    return resources_dir() / "fonts"


def register_fonts() -> dict[str, str]:
    """Add the shipped Noto Sans CJK subsets to Qt's font database (once); lang → family."""
    if not _families:
        for lang, name in FONT_FILES.items():
            font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / name))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                _families[lang] = families[0]
    return dict(_families)


def system_language() -> str:
    """The language of the desktop (Qt knows it on every platform), as a code we ship."""
    for name in QLocale.system().uiLanguages():
        code = i18n.normalize(name)
        if code != "en" or name.lower().startswith("en"):
            return code
    return i18n.system_language()


def _set_fonts(app: QApplication, code: str) -> None:
    """Latin text in the platform's font; Chinese from the shipped subset of the right script
    first (a zh_TW reader gets Traditional glyph shapes), the other one as a fallback."""
    families = register_fonts()
    if not _original_font:
        _original_font.append(QFont(app.font()))
        # The family the platform font really is: its name may be an alias ("Sans Serif")
        # that a list of families does not resolve, and Qt then took the CJK face for Latin.
        _base_families.append(QFontInfo(app.font()).family())
    order = ["zh_TW", "zh_CN"] if code == "zh_TW" else ["zh_CN", "zh_TW"]
    font = QFont(app.font())
    font.setFamilies(_base_families + [families[k] for k in order if k in families])
    app.setFont(font)


def apply(code: str, app: QApplication | None = None) -> str:
    """Switch the whole app to ``code`` (catalog, Qt's translator, fonts); returns the code."""
    app = app or QApplication.instance()
    i18n.set_language(code)
    code = i18n.language()
    if app is None:
        return code
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if code in FONT_FILES:
        for base in ("qtbase", "qt"):
            translator = QTranslator(app)
            if translator.load(f"{base}_{code}", folder):
                app.installTranslator(translator)
                _installed.append(translator)
                break
    QLocale.setDefault(QLocale(code) if code in FONT_FILES else QLocale.system())
    _set_fonts(app, code)
    return code


def original_font() -> QFont | None:
    """The application font as it was before the first apply() (tests put it back)."""
    return QFont(_original_font[0]) if _original_font else None


class LanguagePicker(QComboBox):
    """English · 简体中文 · 繁體中文 — each in its own script, never translated."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        for code, name in i18n.LANGUAGES.items():
            self.addItem(name, code)
        self.setAccessibleName("Language · 语言 · 語言")  # every script: never translated
        self.setToolTip(_("Language"))
        self.show_current()
        self.activated.connect(lambda i: self.language_chosen.emit(self.itemData(i)))

    def show_current(self) -> None:
        i = self.findData(i18n.language())
        self.setCurrentIndex(max(i, 0))
