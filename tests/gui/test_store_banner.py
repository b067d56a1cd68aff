"""After unlock the app runs the store's quick check in the background and shows a banner
naming a damaged attachment; an intact vault shows none."""

from __future__ import annotations

import os

from fieldnotes import attachments
from fieldnotes.blobstore import layout
from fieldnotes.records.store import Store


def _attach(vault, tmp_path, name: str):
    s = Store(vault.conn, vault.fingerprint)
    case = s.create("case", {"title": "c"})
    src = tmp_path / name
    src.write_bytes(os.urandom(80_000))
    attachments.attach_file(s, case, src)
    [(_, path)] = list(layout.files(layout.folder_of(vault.conn)))
    return path


def test_banner_names_a_damaged_attachment(qtbot, make_window, vault, tmp_path):
    _attach(vault, tmp_path, "witness.jpg").unlink()
    w = make_window(vault.path)
    w._open_session(vault)
    banner = w.main_view.store_banner
    qtbot.waitUntil(lambda: banner.done, timeout=10_000)
    assert banner.isVisible()
    assert "1 attachment is damaged or missing." in banner.text()
    assert "witness.jpg" in banner.text() and "missing" in banner.text()
    w.grab().save(str(tmp_path / "banner.png"))


def test_no_banner_when_all_is_well(qtbot, make_window, vault, tmp_path):
    _attach(vault, tmp_path, "fine.jpg")
    w = make_window(vault.path)
    w._open_session(vault)
    banner = w.main_view.store_banner
    qtbot.waitUntil(lambda: banner.done, timeout=10_000)
    assert banner.problems == [] and not banner.isVisible()
