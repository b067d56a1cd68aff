"""The command line contract: outputs, exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import os

import pytest


@pytest.fixture
def ready(cli):
    out = cli("init", "--name", "Researcher A")
    return cli, out


def test_init_prints_recovery_key_once(ready):
    cli, out = ready
    key = out.stdout.strip()
    assert len(key.splitlines()) == 1 and len(key) > 40
    assert "shown only this once" in out.stderr
    again = cli("init", check=False)
    assert again.returncode == 1 and "not empty" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


def test_records_search_show_history_edit_delete(ready, tmp_path):
    cli, _ = ready
    case = cli("case", "add", "--title", "709 crackdown").stdout.strip()
    assert len(case) == 36
    person = cli("person", "add", "--case", case, "--name", "王全璋", "--risk", "high").stdout.strip()
    event = cli("event", "add", "--case", case, "--type", "rsdl", "--title", "Taken",
                "--date", "2015-08").stdout.strip()
    text = tmp_path / "t.txt"
    text.write_text("律师王全璋于2015年8月被带走。His wife was not told.", encoding="utf-8")
    tid = cli("testimony", "add", "--case", case, "--person", person, "--consent", "internal",
              "--text-file", text).stdout.strip()
    note = cli("note", "add", "--case", case, "--text", "call back").stdout.strip()
    link = cli("link", "--person", person, "--event", event, "--role", "victim").stdout.strip()
    assert len({case, person, event, tid, note, link}) == 6

    cases = json.loads(cli("case", "list", "--json").stdout)
    assert [c["id"] for c in cases] == [case]
    listed = json.loads(cli("list", "--case", case, "--json").stdout)
    assert {r["id"] for r in listed} == {case, person, event, tid, note, link}
    people = cli("list", "--case", case, "--type", "person").stdout.splitlines()
    assert people == [f"{person}  person     王全璋"]
    hits = json.loads(cli("search", "王全璋", "--json").stdout)
    assert {h["id"] for h in hits} == {person, tid}
    for h in hits:
        assert {"id", "type", "case_id", "snippet"} <= set(h) and h["case_id"] == case
    assert any("[王全璋]" in h["snippet"] for h in hits)
    assert json.loads(cli("search", "wife", "--json").stdout)[0]["id"] == tid
    # Traditional script finds the Simplified testimony; the last word typed is a prefix.
    hits = json.loads(cli("search", "律師王全璋", "--json").stdout)
    assert [h["id"] for h in hits] == [tid] and "[律师王全璋]" in hits[0]["snippet"]
    assert [h["id"] for h in json.loads(cli("search", "His wi", "--json").stdout)] == []
    assert [h["id"] for h in json.loads(cli("search", "His wif", "--json").stdout)] == [tid]
    plain = cli("search", "王全璋").stdout.splitlines()
    assert len(plain) == 2 and all(line[:36] in {person, tid} for line in plain)

    cli("edit", note, "--field", "text=call back on Monday", "--field", "title=Follow-up")
    shown = json.loads(cli("show", note, "--json").stdout)
    assert shown["data"] == {"text": "call back on Monday", "title": "Follow-up"}
    cli("edit", tid, "--field", "consent.scope=share_named", "--field", "consent.organisations=NGO")
    assert json.loads(cli("show", tid, "--json").stdout)["data"]["consent"] == {
        "scope": "share_named", "organisations": ["NGO"]}
    cli("delete", note)
    hist = json.loads(cli("history", note, "--json").stdout)
    assert [h["deleted"] for h in hist] == [False, False, True]
    lines = cli("history", note).stdout.splitlines()  # as a person reads it: no "None"
    assert "None" not in "".join(lines) and lines[0].endswith("none (first revision)")
    assert f"parent {hist[0]['hash'][:16]}" in lines[1] and lines[2].endswith("deleted")
    assert cli("audit", "verify").stdout.startswith("audit log intact")


def test_attach_and_save_attachment(ready, tmp_path):
    cli, _ = ready
    case = cli("case", "add", "--title", "c").stdout.strip()
    src = tmp_path / "photo.jpg"
    payload = os.urandom(300_000)
    src.write_bytes(payload)
    rid, digest = cli("attach", "--case", case, src).stdout.split()
    import hashlib

    assert digest == hashlib.sha256(payload).hexdigest()
    out = tmp_path / "copy.jpg"
    proc = cli("save-attachment", rid, "-o", out)
    assert "DECRYPTED" in proc.stderr and out.read_bytes() == payload
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    again = cli("save-attachment", rid, "-o", out, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_errors_are_one_line_exit_1(ready, tmp_path):
    cli, _ = ready
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope\n")
    for args, needle, kwargs in [
        (("case", "list"), "passphrase is not correct", {"passphrase_file": wrong}),
        (("show", "00000000-0000-4000-8000-000000000000"), "no record", {}),
        (("event", "add", "--case", "x", "--type", "trial", "--title", "t"), "no case", {}),
        (("person", "add", "--case", "nope", "--name", "n", "--birth-date", "1990-02-30"),
         "not a real date", {}),
        (("attach", "--case", "x", tmp_path / "missing.bin"), "cannot read", {}),
        (("edit", "00000000-0000-4000-8000-000000000000", "--field", "a=b"), "no record", {}),
    ]:
        proc = cli(*args, check=False, **kwargs)
        assert proc.returncode == 1, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert needle.lower() in proc.stderr.lower(), (args, proc.stderr)


def test_usage_errors_exit_2(ready):
    cli, _ = ready
    assert cli("frobnicate", check=False).returncode == 2
    assert cli("event", "add", "--case", "x", "--type", "picnic", "--title", "t",
               check=False).returncode == 2
    assert cli(check=False).returncode == 2


def test_missing_vault_and_damaged_files(cli, tmp_path):
    proc = cli("case", "list", check=False)
    assert proc.returncode == 1 and "no vault" in proc.stderr.lower()
    assert not cli.vault_dir.exists()
    cli("init")
    (cli.vault_dir / "keyslots.json").write_text("{}")
    proc = cli("case", "list", check=False)
    assert proc.returncode == 1 and "keyslots.json" in proc.stderr


def test_passwd_and_recover(cli, tmp_path):
    recovery = cli("init").stdout.strip()
    new = tmp_path / "new.txt"
    new.write_text("brand new passphrase, pelican ferry\n")
    cli("passwd", "--new-passphrase-file", new)
    assert cli("case", "list", check=False).returncode == 1
    assert cli("case", "list", passphrase_file=new).returncode == 0
    keyfile = tmp_path / "rk.txt"
    keyfile.write_text(recovery + "\n")
    third = tmp_path / "third.txt"
    third.write_text("third passphrase: lantern orchard\n")
    cli("recover", "--recovery-key-file", keyfile, "--new-passphrase-file", third)
    assert cli("case", "list", passphrase_file=third).returncode == 0
    keyfile.write_text(recovery[:-1] + ("0" if recovery[-1] != "0" else "1") + "\n")
    proc = cli("recover", "--recovery-key-file", keyfile, "--new-passphrase-file", third,
               check=False)
    assert proc.returncode == 1 and "typo" in proc.stderr.lower()


def test_passphrase_from_stdin(cli):
    cli("init")
    proc = cli("case", "list", passphrase_file="-", input="correct horse battery staple\n")
    assert proc.returncode == 0


def test_purge_really_removes(ready):
    cli, _ = ready
    case = cli("case", "add", "--title", "c").stdout.strip()
    note = cli("note", "add", "--case", case, "--text", "UNIQUEWORDPURGE").stdout.strip()
    cli("purge", note)
    assert cli("show", note, check=False).returncode == 1
    assert json.loads(cli("search", "UNIQUEWORDPURGE", "--json").stdout) == []
    assert cli("audit", "verify").returncode == 0


def test_help_lists_every_command():
    """A command without help text is left out of ``fieldnotes --help``; none may be."""
    import argparse

    from fieldnotes.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    listed = {choice.dest for choice in sub._choices_actions}
    assert set(sub.choices) == listed
    assert {"person", "event", "testimony", "note"} <= listed


def test_a_pasted_recovery_key_is_not_taken_for_a_file_name(ready, tmp_path):
    """Options are matched by their whole names only: '--recover-key KEY' (a slip for the
    file option, with the key pasted) is refused as an unknown option, never read as a path."""
    cli, _ = ready
    new_pass = tmp_path / "new.txt"
    new_pass.write_text("a brand new long passphrase for this vault\n")
    proc = cli("recover", "--recover-key", "MF625-ABCDE", "--new-passphrase-file", new_pass,
                 check=False)
    assert proc.returncode == 2 and "usage:" in proc.stderr  # argparse refuses the command line
    assert "MF625" not in proc.stderr + proc.stdout  # nothing tried to open the key as a file
