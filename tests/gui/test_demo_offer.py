"""The welcome screen offers a demo vault; it opens on the fictional case, passphrase shown."""

from __future__ import annotations

from PySide6.QtGui import QFont

from fieldnotes.vault import Vault


def test_welcome_offers_a_demo_that_opens_with_its_passphrase(make_window, tmp_path, qtbot):
    w = make_window(tmp_path / "vault")
    assert w.current_screen() is w.welcome
    offer = w.welcome.demo
    assert offer.button.isVisible() and "demo" in offer.button.text().lower()
    with qtbot.waitSignal(w.unlocked, timeout=30000):
        offer.button.click()
    mv = w.main_view
    assert mv.cases.rowCount() == 1
    assert mv.case_view is not None and mv.right.currentWidget() is mv.case_view
    assert "fictional" in mv.cases.records()[0]["title"]
    text = mv.notice.text.text()
    assert mv.notice.isVisible() and "fictional" in text
    phrase = text.split("“")[-1].split("”")[0]
    where = tmp_path / "Fieldnotes demo vault"
    assert str(where) in text
    w.lock()
    Vault.open(where, phrase).close()
    # A second demo does not overwrite the first.
    from fieldnotes.demo import free_folder
    assert free_folder(tmp_path / "vault") == tmp_path / "Fieldnotes demo vault 2"


def test_first_screens_show_their_buttons_whole_at_1024_by_600(make_window, vault, qtbot):
    from PySide6.QtWidgets import QApplication, QPushButton

    # The offscreen platform's font is narrower than a desktop's (DejaVu, Noto CJK): test
    # with a wider one, as the app shows on Debian under X11.
    app = QApplication.instance()
    old = app.font()
    wide = QFont(old)
    wide.setPointSizeF(old.pointSizeF() * 1.3)
    app.setFont(wide)
    try:
        w = make_window(vault.path.parent / "new")
        w.resize(1024, 600)
        w._show_unlock(vault.path)    # the unlock screen, with its three ways in
        for screen in (w.welcome, w.unlock):
            w.stack.setCurrentWidget(screen)
            qtbot.waitUntil(lambda s=screen: s.width() >= 1000)
            shown = [b for b in screen.findChildren(QPushButton) if b.isVisible()]
            assert len(shown) >= 3
            for button in shown:
                assert button.width() >= button.sizeHint().width(), button.text()
    finally:
        app.setFont(old)
