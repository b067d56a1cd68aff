"""Identity (QR of the card) and contacts (add, verify after comparison, revoke)."""

from __future__ import annotations

import qrcode

from fieldnotes import contacts


def test_qr_encodes_the_card(window):
    from ui.people.identity_dialog import IdentityDialog

    dlg = IdentityDialog(window.session, window)
    card = window.session.conn.execute("SELECT card FROM identity").fetchone()[0]
    assert dlg.identity.qr.text == card
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(card.encode("utf-8"))
    qr.make(fit=True)
    expected = qr.get_matrix()
    assert len(expected) >= 21
    assert dlg.identity.qr.matrix == expected
    shot = dlg.identity.qr.grab().toImage()
    assert not shot.isNull()
    # Top-left finder pattern painted dark, quiet zone white.
    side = min(shot.width(), shot.height())
    cell = side / (len(expected) + 8)
    x0 = (shot.width() - side) / 2
    y0 = (shot.height() - side) / 2
    assert shot.pixelColor(int(x0 + 4.5 * cell), int(y0 + 4.5 * cell)).lightness() < 50
    assert shot.pixelColor(int(x0 + 1.5 * cell), int(y0 + 1.5 * cell)).lightness() > 200


def test_copy_fingerprint_uses_secure_clipboard(window):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QPushButton

    from ui.people.identity_dialog import IdentityDialog

    dlg = IdentityDialog(window.session, window)
    buttons = [b for b in dlg.identity.findChildren(QPushButton)
               if b.text() == "Copy fingerprint"]
    buttons[0].click()
    assert QGuiApplication.clipboard().text().replace(" ", "") == window.session.fingerprint
    assert window.clipboard.holds_ours


def test_contact_verified_only_after_comparison(window, make_vault):
    from PySide6.QtWidgets import QLabel

    from ui.people.identity_dialog import IdentityDialog
    from ui.people.verify_dialog import VerifyDialog

    other, _ = make_vault("coordinator")
    card = other.conn.execute("SELECT card FROM identity").fetchone()[0]
    dlg = IdentityDialog(window.session, window)
    panel = dlg.contacts
    fpr = panel.add_card(card)
    assert fpr == other.fingerprint
    assert panel.table.item(0, 2).text() == "Not verified"
    assert panel.verify_button.isEnabled()

    c = contacts.get_contact(window.session.conn, fpr)
    vd = VerifyDialog(c, "Researcher", window.session.fingerprint)
    assert not vd.ok.isEnabled()
    vd.accept()
    assert vd.result() == 0  # not accepted without the confirmation
    texts = [w.text() for w in vd.findChildren(QLabel)]
    assert fpr[:5] in texts and window.session.fingerprint[-5:] in texts  # both, side by side
    vd.confirm.setChecked(True)
    assert vd.ok.isEnabled()

    panel.mark_verified(fpr)
    assert panel.table.item(0, 2).text() == "Verified"
    assert contacts.get_contact(window.session.conn, fpr)["verified"]

    assert panel.add_card("not a card") is None
    assert "not a valid Fieldnotes card" in panel.error.text()


def test_saving_the_card_says_where(window, tmp_path, qtbot):
    from ui.people.identity_dialog import IdentityDialog
    from ui.people.verify_dialog import fingerprint_block

    dlg = IdentityDialog(window.session, window)
    qtbot.addWidget(dlg)
    target = tmp_path / "my-card.txt"
    assert dlg.identity.write_card(str(target))
    assert target.read_text(encoding="utf-8") == dlg.identity.card_text
    assert dlg.identity.saved.text() == f"Card saved to {target}."
    missing = tmp_path / "no-such-folder" / "card.txt"
    assert not dlg.identity.write_card(str(missing))
    assert dlg.identity.saved.text() == ""
    assert dlg.identity.error.text() == f"Cannot write {missing}: its folder does not exist."
    # Fingerprint groups to be read aloud stand apart.
    box = fingerprint_block("Yours", "Amina", window.session.fingerprint)
    assert box.layout().horizontalSpacing() >= 12
