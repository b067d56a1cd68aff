"""The app in three languages: chosen on the welcome screen and in Settings, switched at once
without a restart, remembered outside the vault; Qt's own strings translated; a pseudo-locale
walk over the screens finds any visible text that escaped translation; at 1024×600 in
Traditional Chinese no label or button is cut off."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

from fieldnotes import i18n
from ui.shell import language

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    language.apply("en")
    if language.original_font() is not None:   # as other tests expect it (QPdfWriter uses it)
        QApplication.instance().setFont(language.original_font())


def _choose(picker: QComboBox, code: str) -> None:
    index = picker.findData(code)
    picker.setCurrentIndex(index)
    picker.activated.emit(index)


def test_welcome_picker_names_each_language_in_its_own_script(make_window, tmp_path):
    w = make_window(tmp_path / "vault")
    picker = w.welcome.language
    assert [picker.itemText(i) for i in range(picker.count())] == ["English", "简体中文",
                                                                    "繁體中文"]
    _choose(picker, "zh_TW")
    assert i18n.language() == "zh_TW"
    assert w.welcome.create_button.text() == "建立新的保險庫"  # rebuilt at once, no restart
    assert w.current_screen() is w.welcome and w.welcome.language.currentData() == "zh_TW"
    assert w.settings.language == "zh_TW"                   # remembered outside the vault
    # Qt's own strings (standard buttons, file dialogs) from the qtbase catalog PySide6 ships
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    _choose(w.welcome.language, "zh_CN")
    assert w.welcome.create_button.text() == "创建新的保险库"
    _choose(w.welcome.language, "en")
    assert w.welcome.create_button.text() == "Create a new vault"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_choice_survives_a_restart_of_the_settings(tmp_path):
    from ui.shell.settings import Settings

    s = Settings(persistent=False)
    assert s.language == ""  # the system's, until chosen
    s.language = "zh_CN"
    assert s.language == "zh_CN"


def test_switching_with_a_case_open_keeps_the_case(window, qtbot):
    cid = window.main_view.create_case("Detention of lawyers")
    window.set_language("zh_CN")
    view = window.main_view
    assert window.current_screen() is view
    assert view.case_view is not None and view.case_view.case_id == cid
    tabs = [view.case_view.tabText(i) for i in range(view.case_view.count())]
    assert "人员" in tabs and "证词" in tabs
    window.set_language("zh_TW")
    tabs = [window.main_view.case_view.tabText(i)
            for i in range(window.main_view.case_view.count())]
    assert "人員" in tabs and "證詞" in tabs


# -- pseudo-locale walk -----------------------------------------------------------------------

_MARKED = re.compile(re.escape(i18n.PSEUDO_OPEN) + "[^" + i18n.PSEUDO_OPEN + i18n.PSEUDO_CLOSE
                     + "]*" + re.escape(i18n.PSEUDO_CLOSE))


def _unmarked(text: str) -> str:
    """What is left of a text once every ⟦translated⟧ part (nested ones too) is taken out."""
    while True:
        shorter = _MARKED.sub(" ", text)
        if shorter == text:
            return text
        text = shorter
_TAGS = re.compile(r"<[^>]*>|&[a-z]+;")
# Not words to translate: key names in shortcuts, and the time zone's name.
_KEYS = re.compile(r"\b(?:Ctrl|Shift|Alt|Meta|Esc|Tab|Del|F\d+)\b|\bUTC\b")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _texts(w: QWidget):
    if isinstance(w, QLabel):
        yield "text", w.text()
    if isinstance(w, QAbstractButton) and not isinstance(w.parent(), QDialogButtonBox):
        yield "text", w.text()
    if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
        yield "placeholder", w.placeholderText()
    if isinstance(w, QComboBox):  # vocabulary labels, sort orders (records: none here)
        for i in range(w.count()):
            yield "item", w.itemText(i)
    if isinstance(w, QTabBar):
        for i in range(w.count()):
            yield "tab", w.tabText(i)
            yield "tab tooltip", w.tabToolTip(i)
    if isinstance(w, QTableView | QTreeView) and w.model() is not None:
        m = w.model()
        for section in range(m.columnCount(QModelIndex())):
            yield "header", str(m.headerData(section, Qt.Orientation.Horizontal) or "")
    if w.isWindow():
        yield "window title", w.windowTitle()
    yield "tooltip", w.toolTip()
    yield "accessible name", w.accessibleName()
    for action in w.actions():
        yield "action", action.text()
        yield "action tooltip", action.toolTip() if action.toolTip() != action.text() else ""


def _escaped(root: QWidget, allowed: tuple[str, ...]) -> list[str]:
    """Visible text under ``root`` with a Latin word outside the pseudo-locale's ⟦ ⟧."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        if w.objectName().startswith("qt_") or isinstance(w, language.LanguagePicker):
            continue  # Qt's internals; the language names are in their own scripts
        for kind, text in _texts(w):
            rest = _KEYS.sub(" ", _TAGS.sub(" ", _unmarked(text or ""))).replace("&", "")
            for data in allowed:
                rest = rest.replace(data, " ")
            if _LATIN_WORD.search(rest):
                found.append(f"{type(w).__name__} {kind}: {text!r}")
    return found


def _walk_screens(w, vault_dir) -> list[str]:
    allowed = (str(vault_dir), str(vault_dir.parent), "Language · 语言 · 語言", "Fieldnotes")
    problems = []
    for screen in (w.welcome, w.create, w.unlock, w.recover):
        w.stack.setCurrentWidget(screen)
        problems += [f"{type(screen).__name__}: {p}" for p in _escaped(screen, allowed)]
    return problems


def test_pseudo_locale_walk_finds_no_untranslated_text(make_window, vault, qtbot, tmp_path):
    language.apply(i18n.PSEUDO)
    fresh = make_window(tmp_path / "new vault")
    problems = _walk_screens(fresh, tmp_path / "new vault")

    w = make_window(vault.path)
    w._open_session(vault)
    cid = w.main_view.create_case("Case title")
    view = w.main_view
    allowed = (str(vault.path), "Case title", "Fieldnotes")
    problems += [f"main: {p}" for p in _escaped(view, allowed)]
    case_view = view.case_view
    for i in range(case_view.count()):
        case_view.setCurrentIndex(i)
        problems += [f"tab {i}: {p}" for p in _escaped(case_view.currentWidget(), allowed)]
    from ui.bundles.export_dialog import ExportDialog
    from ui.bundles.import_dialog import ImportDialog
    from ui.desk.import_log import ImportLogDialog
    from ui.desk.review_desk import ReviewDesk
    from ui.people.identity_dialog import IdentityDialog
    from ui.records.history_dialog import HistoryDialog
    from ui.shell.settings_dialog import SettingsDialog

    fingerprint = " ".join(vault.fingerprint[i:i + 5] for i in range(0, 40, 5))
    case_record = w.session.store.get(cid)
    for name, dialog in (("settings", SettingsDialog(w.settings, w)),
                         ("identity", IdentityDialog(w.session, w)),
                         ("export", ExportDialog(w.session, w)),
                         ("import", ImportDialog(w.session, w)),
                         ("history", HistoryDialog(w.session, case_record, w)),
                         ("review desk", ReviewDesk(w.session, w)),
                         ("import log", ImportLogDialog(w.session, w))):
        dialog.show()
        problems += [f"{name}: {p}" for p in _escaped(dialog, allowed + (
            "English", fingerprint, vault.fingerprint, "Researcher"))]
        dialog.close()
    assert cid
    assert not problems, "text that escaped translation:\n" + "\n".join(problems)


def test_pseudo_locale_walk_covers_the_recorder_and_the_player(make_window, vault, qtbot,
                                                               tmp_path):
    """The recorder in each of its states (no microphone, idle, recording with a marker,
    paused, saved) and the player with markers, and after a format it cannot play."""
    from tests.gui.test_media_viewers import _stored_recording
    from tests.media.synth import MemorySink, synthetic_sources, tone
    from ui.media.recorder import RecorderDialog
    from ui.widgets.basic import human_size

    language.apply(i18n.PSEUDO)
    w = make_window(vault.path)
    w._open_session(vault)
    w.main_view.create_case("Case title")
    problems = []
    sink = MemorySink()
    silent = RecorderDialog(lambda pcm: (lambda: sink), ([], synthetic_sources()[1]), w)
    silent.show()
    assert silent.panel.error.isVisibleTo(silent)  # "no microphone" is a sentence too
    problems += [f"recorder, no microphone: {p}" for p in _escaped(silent, ("Fieldnotes",))]
    silent.close()
    names, factory = synthetic_sources(16000)
    dialog = RecorderDialog(lambda pcm: (lambda: sink), (names, factory), w)
    dialog.show()
    panel, seen = dialog.panel, {}
    allowed = ("Fieldnotes", names[0], "consent given")
    seen["idle"] = _escaped(dialog, allowed)
    panel.record()
    factory.last.speak(tone(1.2, 16000))
    qtbot.waitUntil(lambda: panel.capture.recording._fed > 0)
    panel.marker_label.setText("consent given")
    panel.mark()
    seen["recording"] = _escaped(dialog, allowed)
    panel.toggle_pause()
    seen["paused"] = _escaped(dialog, allowed)
    with qtbot.waitSignal(panel.saved, timeout=5000) as saved:
        panel.stop()
    seen["saved"] = _escaped(dialog, allowed + (saved.args[0].sha256[:16],))
    assert panel.state == "done" and panel.durable.text()
    dialog.close()
    problems += [f"recorder, {state}: {p}" for state, found in seen.items() for p in found]

    case_view = w.main_view.case_view
    tab = case_view.tabs_by_type["attachment"]
    case_view.setCurrentWidget(tab)
    rid, _sha, _pcm = _stored_recording(w.session)
    tab.reload(select=rid)
    player = tab.viewer.player
    assert tab.viewer.stack.currentWidget() is player and player.markers.count() == 2
    size = human_size(tab.viewer.record["data"]["size"])  # KB, MB: symbols, not words
    data = ("interview.wav", "audio/wav", size, "consent given", "describes detention")
    problems += [f"player: {p}" for p in _escaped(tab.viewer, allowed + data)]
    player._error(None, "Qt's own words")  # what a format Qt cannot read shows; Qt's words are
    problems += [f"player, unplayable: {p}"  # its tooltip, for whoever helps
                 for p in _escaped(tab.viewer, allowed + data + ("Qt's own words",))]
    assert not problems, "text that escaped translation:\n" + "\n".join(problems)


# -- no clipping at 1024×600 in Traditional Chinese -------------------------------------------

def _clipped(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 1 or w.objectName().startswith("qt_"):
            continue
        if isinstance(w, QAbstractButton) and w.text():
            if w.sizeHint().width() > w.width() + 1:
                out.append(f"button {w.text()!r}: needs {w.sizeHint().width()}, has {w.width()}")
        elif isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.textFormat() == Qt.TextFormat.RichText or "<" in w.text():
                continue
            rect = w.contentsRect()
            if w.wordWrap():
                if w.heightForWidth(rect.width()) > w.height() + 1:
                    out.append(f"label {w.text()[:40]!r}: needs {w.heightForWidth(rect.width())}"
                               f" px high, has {w.height()}")
            else:
                width = max(w.fontMetrics().horizontalAdvance(line)
                            for line in w.text().split("\n"))
                if width > rect.width() + 1:
                    out.append(f"label {w.text()[:40]!r}: needs {width}, has {rect.width()}")
    return out


def test_no_label_is_clipped_at_1024x600_in_traditional_chinese(make_window, vault, qtbot,
                                                                tmp_path):
    language.apply("zh_TW")
    problems = []
    fresh = make_window(tmp_path / "new vault")
    fresh.resize(1024, 600)
    for screen in (fresh.welcome, fresh.create, fresh.unlock, fresh.recover):
        fresh.stack.setCurrentWidget(screen)
        QApplication.processEvents()
        problems += [f"{type(screen).__name__}: {p}" for p in _clipped(screen)]
    w = make_window(vault.path)
    w.resize(1024, 600)
    w._open_session(vault)
    w.main_view.create_case("王全璋案")
    QApplication.processEvents()
    problems += [f"main: {p}" for p in _clipped(w.main_view)]
    case_view = w.main_view.case_view
    for i in range(case_view.count()):
        case_view.setCurrentIndex(i)
        QApplication.processEvents()
        problems += [f"tab {i}: {p}" for p in _clipped(case_view.currentWidget())]
    assert not problems, "\n".join(problems)
