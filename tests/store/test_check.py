"""`fieldnotes check` and `check --quick` name every damaged or missing blob (which attachment,
which record); files without rows are removed at open; a purge leaves no file and no key."""

from __future__ import annotations

import os

from fieldnotes import attachments
from fieldnotes.blobstore import layout, upkeep
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault
from tests.conftest import PASS
from tests.security.pages import decrypt_pages


def _attach(store, case, tmp_path, name: str, size: int):
    src = tmp_path / name
    src.write_bytes(os.urandom(size))
    rid, sha = attachments.attach_file(store, case, src)
    row = store.conn.execute("SELECT name FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
    return rid, layout.path_of(layout.folder_of(store.conn), row[0])


def test_check_names_each_damaged_blob(vault, tmp_path):
    s = Store(vault.conn, vault.fingerprint)
    case = s.create("case", {"title": "c"})
    ok_id, _ = _attach(s, case, tmp_path, "fine.jpg", 200_000)
    gone_id, gone = _attach(s, case, tmp_path, "gone.wav", 300_000)
    cut_id, cut = _attach(s, case, tmp_path, "cut.pdf", 400_000)
    flip_id, flip = _attach(s, case, tmp_path, "flip.txt", 150_000)
    swap_id, swap = _attach(s, case, tmp_path, "swap.png", 150_000)
    assert upkeep.check(vault.conn) == [] and upkeep.check(vault.conn, quick=True) == []
    gone.unlink()
    cut.write_bytes(cut.read_bytes()[:-1000])
    data = bytearray(flip.read_bytes())
    data[70_000] ^= 4
    flip.write_bytes(bytes(data))
    swap.write_bytes(flip.read_bytes())  # another blob's file, same length
    full = upkeep.check(vault.conn)
    assert len(full) == 4
    said = "\n".join(full)
    for name, rid, what in (("gone.wav", gone_id, "missing"), ("cut.pdf", cut_id, "cut short"),
                            ("flip.txt", flip_id, "altered"), ("swap.png", swap_id, "altered")):
        assert any(name in p and rid in p and what in p for p in full), (name, said)
    assert "fine.jpg" not in said
    quick = upkeep.check(vault.conn, quick=True)  # metadata only: what a stat can see
    assert len(quick) == 2 and "gone.wav" in quick[0] + quick[1] and "cut.pdf" in "".join(quick)


def test_cli_check_and_quick(cli, tmp_path):
    cli("init")
    case = cli("case", "add", "--title", "c").stdout.split()[0]
    src = tmp_path / "evidence.jpg"
    src.write_bytes(os.urandom(100_000))
    cli("attach", "--case", case, str(src))
    assert "integrity check" in cli("check").stdout
    assert cli("check", "--quick").returncode == 0
    [(_, path)] = list(layout.files(cli.vault_dir / "blobs"))
    path.write_bytes(path.read_bytes()[:-1])
    for args in (("check",), ("check", "--quick")):
        out = cli(*args, check=False)
        assert out.returncode == 1
        assert "evidence.jpg" in out.stderr and "cut short" in out.stderr
        assert "1 attachment is damaged or missing." in out.stderr


def test_a_file_without_its_row_is_removed_at_open(vault, tmp_path):
    s = Store(vault.conn, vault.fingerprint)
    case = s.create("case", {"title": "c"})
    _, kept = _attach(s, case, tmp_path, "kept.bin", 1000)
    folder = layout.folder_of(vault.conn)
    stray = layout.make_folder(folder, layout.new_name())
    stray.write_bytes(os.urandom(5000))  # as after a crash between rename and COMMIT
    part = layout.make_folder(folder, layout.new_name()).with_suffix(layout.PART)
    part.write_bytes(os.urandom(5000))  # as after a crash mid-write
    path = vault.path
    vault.close()
    with Vault.open(path, PASS):
        assert kept.exists() and not stray.exists() and not part.exists()


def test_purge_is_crypto_erase(make_vault, tmp_path):
    v, _ = make_vault("erase")
    s = Store(v.conn, v.fingerprint)
    case = s.create("case", {"title": "to purge"})
    keep = s.create("case", {"title": "kept case"})
    rid, path = _attach(s, case, tmp_path, "secret.wav", 500_000)
    _, kept = _attach(s, keep, tmp_path, "kept.wav", 500_000)
    key_of = {n: bytes(k) for n, k in v.conn.execute("SELECT name, file_key FROM blobs")}
    purged_key, kept_key = key_of[path.name], key_of[kept.name]
    vault_key, vault_path = v._key, v.path
    v.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = decrypt_pages((vault_path / "vault.db").read_bytes(), vault_key)
    assert purged_key in before and kept_key in before  # the decryptor finds keys
    s.purge(case)
    assert not path.exists() and kept.exists()
    pages = (vault_path / "vault.db").read_bytes()
    wal = vault_path / "vault.db-wal"
    if wal.exists():  # every frame of the WAL too: a 24-byte frame header, then a page
        data = wal.read_bytes()[32:]
        pages += b"".join(data[i + 24:i + 24 + 65536] for i in range(0, len(data), 24 + 65536))
    plain = decrypt_pages(pages, vault_key)
    assert purged_key not in plain and kept_key in plain
    v.close()
    with Vault.open(vault_path, PASS) as again:
        assert upkeep.check(again.conn) == []
