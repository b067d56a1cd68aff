"""What the end-to-end QA pass found, each pinned by a test that failed before its fix."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def app_style():
    """The application styled as the app runs it (Fusion and the style sheet), put back after."""
    from PySide6.QtWidgets import QApplication

    from ui.shell import style

    app = QApplication.instance()
    before = app.styleSheet(), app.style().name(), app.font()
    style.apply(app)
    yield app
    app.setStyleSheet(before[0])
    app.setStyle(before[1])
    app.setFont(before[2])


@pytest.fixture
def coordinator(make_vault, make_window, tmp_path):
    """A coordinator's window holding one researcher's bundle, imported."""
    from fieldnotes import contacts
    from fieldnotes.bundle import writer
    from fieldnotes.desk import batch
    from fieldnotes.records.store import Store

    researcher, _ = make_vault("researcher")
    coord, _ = make_vault("coordinator")
    contacts.add_contact(researcher.conn, coord.identity.card().to_text(), verified=True)
    contacts.add_contact(coord.conn, researcher.identity.card().to_text(), verified=True)
    s = Store(researcher.conn, researcher.fingerprint)
    case = s.create("case", {"title": "拘留 case"})
    s.create("note", {"text": "note"}, case)
    bundle = tmp_path / "b.bundle"
    writer.export_bundle(researcher, bundle, [coord.fingerprint], since_last=True)
    w = make_window(coord.path)
    w._open_session(coord)
    batch.import_many(w.session.vault, [bundle])
    return w


def test_review_desk_decision_list_shows_every_choice_whole(coordinator, qtbot, app_style):
    """The decision list opened as wide as "Decision…": in Chinese every choice read "…"."""
    from fieldnotes import i18n
    from ui.desk.review_desk import ReviewDesk

    w = coordinator
    i18n.set_language("zh_CN")
    try:
        dlg = ReviewDesk(w.session, w.main_view)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        box = dlg.decision
        box.showPopup()
        view = box.view()
        qtbot.waitUntil(view.isVisible)
        metrics = view.fontMetrics()
        # Under the style sheet the list draws its rows as menu items: a check-mark column
        # and margins (about 40 px) come before the text is elided.
        for row in range(1, box.count()):
            text = box.itemText(row)
            assert view.width() >= metrics.horizontalAdvance(text) + 40, text
        box.hidePopup()
    finally:
        i18n.set_language("en")


def test_spin_boxes_show_their_arrows(qtbot, app_style):
    """Settings' "Lock after no activity" (and the recovery and wipe counts) showed up/down
    buttons with no arrow in them: the style sheet's frame made Qt drop the arrows."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QSpinBox, QStyle, QStyleOptionSpinBox

    box = QSpinBox()
    qtbot.addWidget(box)
    box.setValue(5)
    box.resize(200, box.sizeHint().height())
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    opt = QStyleOptionSpinBox()
    box.initStyleOption(opt)
    teal = QColor("#2f6f73")
    for part in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = box.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, opt, part,
                                          box).adjusted(2, 2, -2, -2)
        arrow = [(x, y) for x in range(rect.left(), rect.right() + 1)
                 for y in range(rect.top(), rect.bottom() + 1)
                 if abs(image.pixelColor(x, y).hue() - teal.hue()) < 12
                 and image.pixelColor(x, y).saturation() > 80]
        assert len(arrow) >= 6, part


def test_create_vault_can_be_tried_again_after_a_full_disk(make_window, tmp_path, qtbot,
                                                          monkeypatch):
    """The disk was full: the screen said "free some space and try again", yet left its
    Create button disabled, so trying again meant retyping a passphrase."""
    from fieldnotes import vault as vault_mod
    from fieldnotes.errors import DiskFull
    from fieldnotes.guard import disk_full_sentence
    from tests.gui.conftest import STRONG

    real_create = vault_mod.Vault.create
    calls = []

    def full_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise DiskFull(disk_full_sentence())
        return real_create(*args, **kwargs)

    monkeypatch.setattr(vault_mod.Vault, "create", full_once)
    w = make_window(tmp_path / "new-vault")
    w.welcome.create_button.click()
    create = w.create
    create.name.setText("Amina")
    create.passphrase.first.setText(STRONG)
    create.passphrase.second.setText(STRONG)
    create.create_button.click()
    qtbot.waitUntil(lambda: create.error.text() == disk_full_sentence(), timeout=20000)
    qtbot.waitUntil(lambda: not create.progress.isVisible())
    assert create.create_button.isEnabled()
    create.create_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.recovery_key, timeout=20000)


def _interrupted_vault(folder):
    """What a vault creation cut short (a full disk, a power cut) leaves in its folder."""
    from fieldnotes import vault_files

    folder.mkdir()
    (folder / vault_files.INIT_MARK).touch()
    (folder / vault_files.DB_NAME).touch()
    return folder


def test_an_interrupted_vault_is_created_again_from_the_app(make_window, tmp_path, qtbot):
    """The app showed the unlock screen, disabled, telling a researcher to run
    "fieldnotes init": no way forward inside the app."""
    from tests.gui.conftest import STRONG

    folder = _interrupted_vault(tmp_path / "vault")
    w = make_window(folder)
    assert w.current_screen() is w.welcome          # it offers to create the vault there
    w.welcome.create_button.click()
    assert w.current_screen() is w.create and w.create.vault_path == folder
    w.create.passphrase.first.setText(STRONG)
    w.create.passphrase.second.setText(STRONG)
    w.create.create_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.recovery_key, timeout=20000)


def test_opening_an_interrupted_vault_offers_to_create_it_again(make_window, vault, tmp_path,
                                                                 qtbot):
    from fieldnotes.i18n import _

    folder = _interrupted_vault(tmp_path / "cut-short")
    w = make_window(vault.path)
    w.welcome.open_requested.emit(folder)
    assert w.current_screen() is w.create and w.create.vault_path == folder
    assert w.create.error.text() == _(
        "Creating the vault in this folder was interrupted before it finished, so it holds "
        "nothing. Create it again here.")
    assert "fieldnotes init" not in w.create.error.text()


@pytest.mark.parametrize("mime,shown", [
    ("application/octet-stream", "File"),     # was "OCTET-STREAM file"
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX file"),
    ("application/zip", "ZIP file"),
    ("image/png", "PNG image"),
    ("application/x-unheard-of-kind-of-thing", "File"),
])
def test_an_attachment_list_names_kinds_a_reader_knows(mime, shown):
    from ui.models.queries import kind_of

    assert kind_of(mime) == shown


def test_ctrl_l_locks_while_a_dialog_is_open(window, qtbot):
    """Settings open, a passphrase typed in it: Ctrl+L did nothing (Qt keeps application
    shortcuts from reaching a window behind a modal dialog), though it "locks at once"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    from ui.shell.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window, session=window.session)
    dialog.setModal(True)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=5000)
    field = dialog.findChildren(QLineEdit)[0]
    field.setFocus()
    qtbot.keyClicks(field, "half a passphrase")
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert not dialog.isVisible()
    assert window.current_screen() is window.unlock


@pytest.mark.parametrize("lang,look_in,file_type", [("zh_CN", "查找范围：", "文件类型："),
                                                     ("zh_TW", "尋找於：", "檔案型態：")])
def test_the_file_dialog_speaks_chinese_throughout(qapp, lang, look_in, file_type):
    """"Look in:" and "Files of type:" stayed English in every file dialog: Qt 6 asks for
    "&Look in:" and "Files of &type:", its Chinese catalogs hold them without the "&"."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    from ui.shell import language
    from ui.widgets.file_dialogs import prepare

    language.apply(lang, qapp)
    try:
        dialog = QFileDialog(None, "t", "")
        prepare(dialog)
        labels = [label.text().replace("&", "") for label in dialog.findChildren(QLabel)]
        dialog.deleteLater()
        assert look_in in labels and file_type in labels
    finally:
        language.apply("en", qapp)


def test_latin_text_keeps_the_platform_font(qapp):
    """English text came out in the shipped CJK subset, curly quotes full-width
    ('the person  “Wang”  .'): the platform font is named by an alias ("Sans Serif") that a
    list of families does not resolve, so Qt went on to the CJK face for every character."""
    from PySide6.QtGui import QFont, QFontInfo, QTextLayout

    from ui.shell import language

    platform = QFontInfo(language.original_font() or qapp.font()).family()

    def faces(text: str) -> list[str]:
        layout = QTextLayout(text, QFont(qapp.font()))
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        return [run.rawFont().familyName() for run in layout.glyphRuns()]

    try:
        for lang in ("en", "zh_CN"):
            language.apply(lang, qapp)
            assert faces("the person \u201cWang\u201d. Save it now?") == [platform]
        assert any("CJK" in face for face in faces("王全璋"))    # Chinese still from the subset
    finally:
        language.apply("en", qapp)
