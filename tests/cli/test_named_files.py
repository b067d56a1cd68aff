"""A file the person names that is missing or unreadable is one sentence, in their language,
that names the file (fieldnotes/userfiles.py) — never the system's English "No such file or
directory" — for every command that reads or writes one."""

from __future__ import annotations

import errno

import pytest

from fieldnotes import userfiles
from fieldnotes.errors import FieldnotesError

STRONG = "violet lantern orchard, ferry 1963"
CJK = range(0x4E00, 0xA000)


@pytest.fixture
def ready(cli, tmp_path):
    cli("init", "--name", "Researcher A")
    new = tmp_path / "new.txt"
    new.write_text(STRONG + "\n")
    case = cli("case", "add", "--title", "case").stdout.strip()
    return cli, case, new


def _one_sentence_naming(proc, name, summary=False):
    """One line on stderr (and the batch summary line after it, for ``import``)."""
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 + summary, proc.stderr
    assert name in lines[0] and "No such file" not in proc.stderr, lines[0]
    return lines[0]


def test_a_missing_recovery_key_file_is_named_in_english_and_chinese(ready, tmp_path):
    cli, _case, new = ready
    gone = tmp_path / "recovery-key.txt"
    args = ("recover", "--recovery-key-file", gone, "--new-passphrase-file", new)
    line = _one_sentence_naming(cli(*args, check=False), str(gone))
    assert line.endswith("there is no such file.")
    for lang in ("zh_CN.UTF-8", "zh_TW.UTF-8"):
        line = _one_sentence_naming(cli(*args, check=False, lang=lang), str(gone))
        assert any(ord(ch) in CJK for ch in line) and "Cannot" not in line


@pytest.mark.parametrize("args", [
    ("recover", "--share-file", "{gone}", "--new-passphrase-file", "{new}"),
    ("passwd", "--new-passphrase-file", "{gone}"),
    ("contact", "add", "{gone}"),
    ("setup", "show", "{gone}"),
    ("verify", "{gone}"),
    ("import", "{gone}"),
    ("receipt", "import", "{gone}"),
    ("attach", "--case", "{case}", "{gone}"),
    ("note", "add", "--case", "{case}", "--text-file", "{gone}"),
])
def test_every_missing_input_file_is_named(ready, tmp_path, args):
    cli, case, new = ready
    gone = tmp_path / "not-here.dat"
    filled = [a.format(gone=gone, new=new, case=case) for a in args]
    _one_sentence_naming(cli(*filled, check=False), "not-here.dat", summary=args[0] == "import")


def test_a_missing_passphrase_file_is_named(ready, tmp_path):
    cli, _case, _new = ready
    gone = tmp_path / "pass.txt"
    _one_sentence_naming(cli("case", "list", passphrase_file=gone, check=False), str(gone))


@pytest.mark.parametrize("args", [
    ("identity", "age-secret", "-o", "{out}"),
    ("setup", "create", "-o", "{out}"),
    ("report", "case", "{case}", "-o", "{out}"),
])
def test_an_output_in_a_missing_folder_is_named(ready, tmp_path, args):
    cli, case, _new = ready
    out = tmp_path / "no-such-folder" / "out.file"
    filled = [a.format(out=out, case=case) for a in args]
    proc = cli(*filled, check=False)
    line = _one_sentence_naming(proc, "out.file")
    assert "strerror" not in line


def test_sentences_for_each_reason(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(FieldnotesError) as caught:
        userfiles.read_bytes(folder)
    assert str(caught.value) == f"Cannot read {folder}: it is a folder, not a file."
    taken = tmp_path / "taken.txt"
    taken.write_text("x")
    with pytest.raises(FieldnotesError) as caught:
        userfiles.create_new(taken)
    assert str(caught.value) == f"{taken} already exists; choose another name."
    assert taken.read_text() == "x"
    denied = userfiles.read_error("k.txt", PermissionError(errno.EACCES, "Permission denied"))
    assert str(denied) == "Cannot read k.txt: you are not allowed to read it."
    full = userfiles.write_error("b.age", OSError(errno.ENOSPC, "No space left on device"))
    assert str(full) == "Cannot write b.age: the disk is full."
    odd = userfiles.read_error("x", OSError(errno.ELOOP, "Too many levels of symbolic links"))
    assert str(odd) == "Cannot read x (the system said ELOOP)."
