"""Nothing readable in the vault folder: record text and attachment bytes never appear in any
file's raw bytes (vault.db, its WAL, keyslots.json), in any encoding we write."""

from __future__ import annotations

import os

from fieldnotes import attachments

MARKERS = ["NEEDLE-Testimony-7f3a", "王全璋被带走的那天晚上", "Zhang-Secret-Remark-91"]


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def _folder_bytes(path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}


def test_no_record_text_or_attachment_bytes_in_vault_files(vault, store, tmp_path):
    case = store.create("case", {"title": MARKERS[0]})
    store.create("testimony", {"consent": {"scope": "internal"}, "text": MARKERS[1] * 3}, case)
    store.create("person", {"name": "Z", "remarks": MARKERS[2]}, case)
    blob = os.urandom(64) + b"ATTACHMENT-PLAINTEXT-BYTES" + os.urandom(64)
    src = tmp_path / "a.bin"
    src.write_bytes(blob * 5000)
    attachments.attach_file(store, case, src)
    src.unlink()

    def check():
        files = _folder_bytes(vault.path)
        assert "vault.db" in files
        for name, data in files.items():
            for marker in MARKERS:
                for enc in _encodings(marker):
                    assert enc not in data, f"{marker!r} readable in {name}"
            assert b"ATTACHMENT-PLAINTEXT-BYTES" not in data, name
            assert blob[:64] not in data, name

    check()  # while open: WAL and shm present
    vault.close()
    check()  # after close and checkpoint


def test_keyslots_hold_no_key_material_in_clear(vault):
    slots = (vault.path / "keyslots.json").read_bytes()
    vault_key_hex = vault._key.hex() if vault._key else None
    assert vault_key_hex and vault_key_hex.encode() not in slots
    assert bytes.fromhex(vault_key_hex) not in slots
