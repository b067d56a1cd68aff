"""Delivered records: marked in the lists; the purge confirmation says how many it destroys."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from fieldnotes.bundle import importer, receipts, writer
from fieldnotes.records.store import Store
from tests.gui.test_bundles import pair  # noqa: F401  (fixture)


def _deliver(w, researcher, coordinator, tmp_path):
    s = Store(researcher.conn, researcher.fingerprint)
    case = s.create("case", {"title": "Delivered"})
    note = s.create("note", {"text": "sent"}, case)
    kept = s.create("note", {"text": "not yet"}, case)
    b = writer.export_bundle(researcher, tmp_path / "b", [coordinator.fingerprint],
                             cases=[case])
    importer.import_bundle(coordinator, tmp_path / "b")
    receipts.create_receipt(coordinator, b.bundle_id, tmp_path / "r")
    s.update(kept, {"text": "edited since"})
    receipts.import_receipt(researcher, tmp_path / "r")
    w.main_view.reload_cases()
    return case, note, kept


def test_purge_confirmation_counts_what_it_destroys(pair, tmp_path, monkeypatch):  # noqa: F811
    w, researcher, coordinator = pair
    _deliver(w, researcher, coordinator, tmp_path)
    asked = []

    def answer(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", answer)
    w.main_view.purge_delivered()
    assert len(asked) == 1
    assert "the content of 1 record a receipt confirmed" in asked[0]


def test_delivered_records_are_marked_in_the_list(pair, tmp_path):  # noqa: F811
    w, researcher, coordinator = pair
    case, note, kept = _deliver(w, researcher, coordinator, tmp_path)
    view = w.main_view.select_case(case)
    tab = view.tabs_by_type["note"]
    tab.reload()
    texts = {rec["id"]: tab.model.data(tab.model.index(i))
             for i, rec in enumerate(tab.model.records())}
    assert texts[note].endswith("✓ delivered")
    assert "delivered" not in texts[kept]
    from PySide6.QtCore import Qt
    row = tab.model.row_of(note)
    assert "receipt" in tab.model.data(tab.model.index(row), Qt.ItemDataRole.ToolTipRole)
