"""A folder of bundles that cannot be read is named in one sentence in the reader's language
(fieldnotes.userfiles), never with the operating system's English words."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from fieldnotes import i18n
from fieldnotes.desk import batch
from fieldnotes.errors import FieldnotesError


@pytest.fixture
def zh_cn():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def _fail_with(monkeypatch, code: int, words: str) -> None:
    def iterdir(self):
        raise OSError(code, words)

    monkeypatch.setattr(Path, "iterdir", iterdir)


@pytest.mark.parametrize(("code", "words"), [(errno.EACCES, "Permission denied"),
                                              (errno.EIO, "Input/output error"),
                                              (errno.ELOOP, "Too many levels of symbolic links")])
def test_unreadable_folder_is_named_in_chinese(monkeypatch, tmp_path, zh_cn, code, words):
    folder = tmp_path / "收到的数据包"
    folder.mkdir()
    _fail_with(monkeypatch, code, words)
    with pytest.raises(FieldnotesError) as info:
        batch.bundles_in(folder)
    said = str(info.value)
    assert str(folder) in said and words not in said
    assert "Cannot" not in said and ("无法" in said or "不能" in said)


def test_unreadable_folder_in_english_names_it(monkeypatch, tmp_path):
    _fail_with(monkeypatch, errno.EACCES, "Permission denied")
    with pytest.raises(FieldnotesError) as info:
        batch.bundles_in(tmp_path)
    assert str(info.value) == f"Cannot read {tmp_path}: you are not allowed to read it."


def test_a_file_given_as_the_folder_says_so(tmp_path, zh_cn):
    file = tmp_path / "one.bundle"
    file.write_bytes(b"x")
    with pytest.raises(FieldnotesError) as info:
        batch.bundles_in(file)
    assert str(file) in str(info.value) and "Not a directory" not in str(info.value)
    assert "文件夹" in str(info.value)
