"""Attachments are added on the worker with progress, and viewed from memory only."""

from __future__ import annotations

import os
import tempfile

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex
from PySide6.QtGui import QColor, QImage

from fieldnotes import audit


def _files_under(*roots) -> set[str]:
    out = set()
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                out.add(os.path.join(dirpath, f))
    return out


def _png_bytes(w=64, h=40) -> bytes:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#2f6f73"))
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(ba)


def test_attach_runs_on_worker_with_progress(case_view, tmp_path, qtbot):
    tab = case_view.tabs_by_type["attachment"]
    src = tmp_path / "src"
    src.mkdir()
    big = src / "recording.bin"
    big.write_bytes(os.urandom(3 * (1 << 20) + 123))
    reports: list[tuple[int, int]] = []
    tab.add_files([big])
    worker = tab.worker
    assert worker is not None and worker.running
    assert not tab.progress.isHidden()
    assert not tab.add_button.isEnabled()
    worker.progress.connect(lambda d, t: reports.append((d, t)))
    with qtbot.waitSignal(worker.succeeded, timeout=20000):
        pass
    qtbot.waitUntil(lambda: tab.progress.isHidden())
    assert reports and reports[-1] == (big.stat().st_size, big.stat().st_size)
    assert tab.model.rowCount() == 1
    rec = tab.model.records()[0]
    assert rec["data"]["filename"] == "recording.bin"
    assert tab.add_button.isEnabled()
    # Not an image or text: the viewer says so and offers the explicit copy.
    assert "cannot be shown inside Fieldnotes" in tab.viewer.other.text()
    assert tab.viewer.save_button.isEnabled()


def test_image_is_displayed_from_memory_only(case_view, tmp_path, qtbot, monkeypatch):
    tab = case_view.tabs_by_type["attachment"]
    src = tmp_path / "incoming"
    src.mkdir()
    photo = src / "photo.png"
    photo.write_bytes(_png_bytes())
    tab.add_files([photo])
    with qtbot.waitSignal(tab.worker.succeeded, timeout=20000):
        pass
    assert tab.viewer.shown_image is not None      # a new attachment opens in the viewer
    tab.list.setCurrentIndex(QModelIndex())
    assert tab.viewer.shown_image is None
    photo.unlink()  # the original is gone; the vault has the only copy

    def no_temp(*a, **k):
        raise AssertionError("a temporary file was requested")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile",
                 "SpooledTemporaryFile", "TemporaryDirectory"):
        monkeypatch.setattr(tempfile, name, no_temp)
    # A private temp folder (the machine's /tmp is shared with other processes).
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    vault_dir = case_view.session.vault.path
    roots = [tmp_path, vault_dir]
    before = _files_under(*roots)

    tab.list.setCurrentIndex(tab.model.index(0))
    image = tab.viewer.shown_image
    assert image is not None and (image.width(), image.height()) == (64, 40)
    assert tab.viewer.stack.currentWidget() is tab.viewer.image_page
    assert not tab.viewer.image_page.label.pixmap().isNull()

    new = _files_under(*roots) - before
    allowed = {"vault.db", "vault.db-wal", "vault.db-shm", "keyslots.json"}
    assert {os.path.basename(p) for p in new} <= allowed, new


def test_text_attachment_is_decoded_read_only(case_view, tmp_path, qtbot):
    tab = case_view.tabs_by_type["attachment"]
    f = tmp_path / "notes.txt"
    f.write_text("证人说：他们在凌晨来了。\nThe witness said they came at dawn.", "utf-8")
    tab.add_files([f])
    with qtbot.waitSignal(tab.worker.succeeded, timeout=20000):
        pass
    tab.list.setCurrentIndex(tab.model.index(0))
    assert tab.viewer.text.toPlainText().startswith("证人说")
    assert tab.viewer.text.isReadOnly()


def test_save_decrypted_copy_is_audited(case_view, tmp_path, qtbot):
    tab = case_view.tabs_by_type["attachment"]
    f = tmp_path / "doc.pdf"
    f.write_bytes(b"%PDF-1.4 fake" * 100)
    tab.add_files([f])
    with qtbot.waitSignal(tab.worker.succeeded, timeout=20000):
        pass
    tab.list.setCurrentIndex(tab.model.index(0))
    target = tmp_path / "out" / "copy.pdf"
    target.parent.mkdir()
    worker = tab.viewer.start_save(str(target))
    with qtbot.waitSignal(worker.succeeded, timeout=20000):
        pass
    assert target.read_bytes() == f.read_bytes()
    actions = [e["action"] for e in audit.entries(case_view.session.conn)]
    assert actions[-1] == "attachment.saved_copy"
    # Saving onto an existing file is refused with a sentence, not overwritten.
    worker = tab.viewer.start_save(str(target))
    with qtbot.waitSignal(worker.failed, timeout=20000) as blocker:
        pass
    assert "copy.pdf already exists" in blocker.args[0]


@pytest.mark.parametrize("mime,kind", [("image/png", "image"), ("text/plain", "text"),
                                       ("application/pdf", "pdf"), ("image/svg+xml", "other"),
                                       ("audio/wav", "audio"), ("video/mp4", "video"),
                                       ("application/zip", "other")])
def test_kind_of(mime, kind):
    from ui.media.attachment_viewer import kind_of

    assert kind_of(mime) == kind


