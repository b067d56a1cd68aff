"""Found walking through the app as a new user would, in English and Chinese:

- after ticking "I have written it down", Return continues; after "Review…", Return exports;
- the import queue, the import log and the review desk show names, dates and results whole;
- a photo's facts read as dates, with the language's colon; a sender is named with the
  language's brackets; an untitled testimony is listed in the reader's language;
- a date field is never narrower than its example; the testimony text is not narrower than
  the list beside it;
- the recorder has a Close button; the report warning offers Save; Ctrl+E exports from the
  search box on X11.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldnotes.records.store import Store
from tests.gui.test_bundles import pair  # noqa: F401  (fixture)


def _active(widget, qtbot) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)


def test_ticking_written_down_then_return_continues(qtbot):
    from ui.vault.recovery_key import RecoveryKeyScreen
    from ui.widgets import keyboard

    keyboard.install(QApplication.instance())   # as the window does
    screen = RecoveryKeyScreen()
    qtbot.addWidget(screen)
    screen.show_key("T2PBR-2HRA7-71C23-SFS39-XX6N3")
    _active(screen, qtbot)
    screen.written.setFocus()
    qtbot.keyClick(screen.written, Qt.Key.Key_Space)      # tick it from the keyboard
    assert screen.written.isChecked()
    assert QApplication.focusWidget() is screen.continue_button
    with qtbot.waitSignal(screen.confirmed, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_return_on_the_review_page_exports(pair, qtbot, monkeypatch):  # noqa: F811
    from ui.bundles.export_dialog import ExportDialog

    w, researcher, _ = pair
    Store(researcher.conn, researcher.fingerprint).create("case", {"title": "Keyboard"})
    dlg = ExportDialog(w.session, w.main_view)
    qtbot.addWidget(dlg)
    chosen = []
    monkeypatch.setattr(dlg, "choose_target", lambda: chosen.append(True))
    dlg.export_button.clicked.disconnect()
    dlg.export_button.clicked.connect(dlg.choose_target)
    _active(dlg, qtbot)
    dlg.review_button.setFocus()
    qtbot.keyClick(dlg.review_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == 1, timeout=20000)
    assert QApplication.focusWidget() is dlg.export_button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chosen == [True], timeout=5000)
    assert dlg.pages.currentIndex() == 1


def test_import_queue_shows_whole_names_and_results(pair, qtbot, tmp_path):  # noqa: F811
    """The file and sender columns were cut to "to-…" and "Mei …", and the result sentence ran
    off the row's end ("…新增 4…") while the window had room for all of it."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    from ui.bundles.import_dialog import FILE, RESULT, SENDER, ImportDialog

    w, _, _ = pair
    imp = ImportDialog(w.session, w.main_view)
    qtbot.addWidget(imp)
    imp.show()
    name = "to-coordinator-2026-12-02.bundle"
    imp.add_paths([tmp_path / name])
    result = ("Bundle c9f4f6e9-adf3-49e5-a77d-b119dfda4044 from Mei Researcher: 4 new records, "
              "0 updated, 1 attachment, and the sender's sequence moves on to 1. ") * 2
    imp._set(0, SENDER, "Mei Researcher")
    imp._set(0, RESULT, result)
    q = imp.queue
    fm = QFontMetrics(q.font())
    qtbot.waitUntil(lambda: q.columnWidth(FILE) >= fm.horizontalAdvance(name), timeout=5000)
    assert q.columnWidth(SENDER) >= fm.horizontalAdvance("Mei Researcher")
    needed = fm.boundingRect(QRect(0, 0, q.columnWidth(RESULT) - 8, 10000),
                             Qt.TextFlag.TextWordWrap, result).height()
    qtbot.waitUntil(lambda: q.rowHeight(0) >= needed, timeout=5000)


@pytest.mark.parametrize(("lang", "taken", "camera"), [
    ("en", "Taken: 2026-11-29 10:15:00", "Camera model: EOS 200D"),
    ("zh_CN", "拍摄时间：2026-11-29 10:15:00", "相机型号：EOS 200D"),
    ("zh_TW", "拍攝時間：2026-11-29 10:15:00", "相機型號：EOS 200D"),
])
def test_photo_facts_read_as_dates_and_sentences_of_the_language(lang, taken, camera):
    """EXIF's own "2026:11:29" date reached the screen, after an English colon in Chinese."""
    from fieldnotes import i18n
    from ui.media.viewers import facts_lines

    i18n.set_language(lang)
    try:
        lines = facts_lines({"captured": "2026:11:29 10:15:00", "model": "EOS 200D"})
    finally:
        i18n.set_language("en")
    assert lines == [taken, camera]


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_date_example_is_never_cut_however_narrow_the_form(lang, qtbot):
    """In Chinese the testimony form came out narrower and its consent date read
    "例如 2015-07-09、~20…": the example, the only place the syntax is shown, was cut."""
    from PySide6.QtWidgets import QFormLayout, QWidget

    from fieldnotes import i18n
    from fieldnotes.records.model import Field
    from ui.records.field_editors import DateEditor

    i18n.set_language(lang)
    try:
        ed = DateEditor(Field("given_on", label="When given"))
    finally:
        i18n.set_language("en")
    form = QWidget()
    QFormLayout(form).addRow("When", ed.widget)
    qtbot.addWidget(form)
    form.resize(form.minimumSizeHint())        # as narrow as the layout lets it be
    form.show()
    line = ed.line
    qtbot.waitUntil(line.isVisible)
    assert line.fontMetrics().horizontalAdvance(line.placeholderText()) < line.width() - 12


def test_the_recorder_has_a_close_button_that_keeps_the_recording(qtbot):
    """After "Stop and save" the window offered no way out but Esc or the title bar's ×."""
    from tests.media.synth import MemorySink, synthetic_sources, tone
    from ui.media.recorder import RecorderDialog

    sink = MemorySink()
    dlg = RecorderDialog(lambda pcm: (lambda: sink), synthetic_sources(16000))
    qtbot.addWidget(dlg)
    _active(dlg, qtbot)
    assert dlg.close_button.isVisible() and dlg.close_button.text() == "Close"
    dlg.panel.record()
    pcm = tone(0.5, 16000)
    assert dlg.panel._make_source.last.speak(pcm)
    qtbot.waitUntil(lambda: dlg.panel.capture.recording._fed == len(pcm), timeout=5000)
    with qtbot.waitSignal(dlg.panel.saved, timeout=5000):
        dlg.close_button.click()                     # closing mid-recording keeps it
    assert sink.finished["duration"] == 0.5
    assert not dlg.isVisible()


@pytest.mark.parametrize(("lang", "opening", "closing"), [("en", " (", ")"),
                                                          ("zh_CN", "（", "）"),
                                                          ("zh_TW", "（", "）")])
def test_a_sender_is_named_with_the_languages_brackets(pair, lang, opening, closing):  # noqa: F811
    """'来自 Mei Researcher (39127 …)——只读': English brackets in a Chinese sentence."""
    from fieldnotes import i18n
    from ui.models.queries import group_fingerprint

    w, _, coordinator = pair
    i18n.set_language(lang)
    try:
        named = w.session.who(coordinator.fingerprint)
    finally:
        i18n.set_language("en")
    assert named == "Coordinator" + opening + group_fingerprint(coordinator.fingerprint) + closing


def _coordinator_received(pair, bundle, title: str):  # noqa: F811
    """The researcher's case (with a note) exported to the coordinator, who imported it; the
    window is the coordinator's."""
    from fieldnotes.bundle import writer
    from fieldnotes.desk import batch

    w, researcher, coordinator = pair
    s = Store(researcher.conn, researcher.fingerprint)
    s.create("note", {"text": "seen"}, s.create("case", {"title": title}))
    writer.export_bundle(researcher, bundle, [coordinator.fingerprint], since_last=True)
    batch.import_many(coordinator, [bundle])
    w._open_session(coordinator)
    return w


def test_review_desk_shows_case_and_sender_whole(pair, qtbot, tmp_path):  # noqa: F811
    """The desk showed "Detention …" and "Mei …" beside a Record column wider than it needed."""
    from PySide6.QtGui import QFontMetrics

    from ui.desk.review_desk import ReviewDesk

    title = "Detention of lawyer Wang Quanzhang, Beijing"
    w = _coordinator_received(pair, tmp_path / "to-coordinator.bundle", title)
    dlg = ReviewDesk(w.session, w.main_view)
    qtbot.addWidget(dlg)
    dlg.resize(1100, 600)
    dlg.show()
    fm = QFontMetrics(dlg.view.font())
    sender = dlg.model.data(dlg.model.index(0, 4))
    assert dlg.model.data(dlg.model.index(0, 3)) == title
    qtbot.waitUntil(lambda: dlg.view.columnWidth(3) >= fm.horizontalAdvance(title), timeout=5000)
    assert dlg.view.columnWidth(4) >= fm.horizontalAdvance(sender)


def test_a_window_shortcut_wins_over_a_text_fields_emacs_key(qtbot):
    """On an X11 desktop a line edit takes Ctrl+E for "end of line", so Ctrl+E (Export bundle)
    did nothing right after unlocking, with the cursor in the search box. The offscreen
    platform has no such binding; this line edit claims Ctrl+E as X11's does."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLineEdit, QToolBar, QVBoxLayout, QWidget

    from ui.widgets import keyboard

    class X11LineEdit(QLineEdit):
        def event(self, event):
            if (event.type() == event.Type.ShortcutOverride
                    and event.keyCombination() == QKeySequence("Ctrl+E")[0]):
                event.accept()
                return True
            return super().event(event)

    keyboard.install(QApplication.instance())
    window = QWidget()
    qtbot.addWidget(window)
    bar, box = QToolBar(), X11LineEdit()
    fired = []
    export = bar.addAction("Export bundle…")
    export.setShortcut(QKeySequence("Ctrl+E"))
    export.triggered.connect(lambda: fired.append("export"))
    lay = QVBoxLayout(window)
    lay.addWidget(bar)
    lay.addWidget(box)
    _active(window, qtbot)
    box.setFocus()
    box.setText("王律师")
    box.setCursorPosition(0)
    qtbot.keyClick(box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["export"] and box.text() == "王律师"
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert box.selectedText() == "王律师"          # the field's own keys still work


@pytest.mark.parametrize(("lang", "shown"), [("en", "(untitled)"), ("zh_CN", "（无标题）"),
                                             ("zh_TW", "（無標題）")])
def test_an_untitled_testimony_is_listed_in_the_readers_language(pair, lang, shown):  # noqa: F811
    """A testimony saved without a title was listed as the English word "Testimony", stored
    as its title, in every language."""
    from fieldnotes import i18n
    from ui.models.queries import list_title

    _, researcher, _ = pair
    s = Store(researcher.conn, researcher.fingerprint)
    rid = s.create("testimony", {"text": "他说……", "consent": {"scope": "internal"}},
                   s.create("case", {"title": "Untitled"}))
    rec = s.get(rid)
    i18n.set_language(lang)
    try:
        assert list_title(rec) == shown
    finally:
        i18n.set_language("en")


def test_import_log_shows_time_file_and_sender_whole(pair, qtbot, tmp_path):  # noqa: F811
    """The import log showed "2026-12-0…", "to-…" and "Mei …"."""
    from PySide6.QtGui import QFontMetrics

    from ui.desk.import_log import ImportLogDialog

    w = _coordinator_received(pair, tmp_path / "to-coordinator-2026-12-02.bundle", "Logged")
    dlg = ImportLogDialog(w.session, w.main_view)
    qtbot.addWidget(dlg)
    dlg.show()
    fm, m = QFontMetrics(dlg.view.font()), dlg.model
    for col in (0, 2, 3):
        text = m.data(m.index(0, col))
        assert text, col
        assert dlg.view.columnWidth(col) >= fm.horizontalAdvance(text), (col, text)


def test_the_report_warning_offers_save_not_yes(qtbot, monkeypatch):
    """"A report is an ordinary PDF: …" asked nothing, yet its buttons were Yes / Cancel."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from ui.desk import reports
    from ui.widgets import file_dialogs

    asked = []

    def warning(parent, title, text, buttons, default):
        asked.append((buttons, default))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: "")
    parent = QWidget()
    qtbot.addWidget(parent)
    assert reports.save_report(parent, None, reports.CASE, "0" * 36) is None
    [(buttons, default)] = asked
    assert buttons == QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
    assert default == QMessageBox.StandardButton.Cancel      # the safe answer stays the default


def test_the_testimony_text_is_not_narrower_than_the_list_beside_it(window, case_view, qtbot):
    """At 1280×800 the testimony's own text — what a researcher writes most — had a column of
    about 165 px while the list of testimony titles beside it kept 280."""
    window.resize(1280, 800)
    tab = case_view.tabs_by_type["testimony"]
    case_view.setCurrentWidget(tab)
    tab.new_button.click()
    qtbot.waitUntil(lambda: tab.form.narrative.isVisible())
    assert tab.form.narrative.width() >= tab.left.width()
