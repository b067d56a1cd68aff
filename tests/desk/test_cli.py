"""The desk through the real ``fieldnotes`` command: many bundles, the log, review."""

from __future__ import annotations

import json

from tests.bundle.test_cli import cli_pair


def test_import_many_log_and_review(cli, tmp_path):
    r, c, c_fpr = cli_pair(cli, tmp_path, coordinator_knows_researcher=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    case = r("case", "add", "--title", "案件 one").stdout.strip()
    r("export", "--to", c_fpr, "--since-last", "-o", inbox / "1.bundle")
    note = r("note", "add", "--case", case, "--text", "n").stdout.strip()
    r("export", "--to", c_fpr, "--since-last", "-o", inbox / "2.bundle")
    (inbox / "notes.txt").write_text("not a bundle, not taken from the folder")

    # The researcher's card is not yet known: both refused, exit 1, and both logged.
    proc = c("import", "--dir", inbox, check=False)
    assert proc.returncode == 1
    assert proc.stderr.count("refused: This bundle was signed by") == 2
    assert "2 bundles: 0 taken, 2 refused." in proc.stderr

    c("contact", "add", tmp_path / "r.card", "--verified")
    junk = tmp_path / "junk.age"
    junk.write_bytes(b"junk")
    proc = c("import", inbox / "2.bundle", junk, "--dir", inbox, "--json", check=False)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    # A sender's bundles go in sequence order (2.bundle was named first, and twice).
    assert [(a["file"].rsplit("/", 1)[1], a["status"]) for a in out] == [
        ("1.bundle", "added"), ("2.bundle", "added"), ("2.bundle", "already_imported"),
        ("junk.age", "refused")]
    for a in out:
        assert {"file", "sha256", "status", "bundle_id", "sender", "added", "skipped", "gaps",
                "reason"} <= set(a)

    proc = c("import", inbox / "1.bundle")
    assert proc.returncode == 0 and "already imported" in proc.stdout
    log = json.loads(c("import-log", "--json").stdout)
    assert len(log) == 2 + len(out) + 1
    assert log[0]["status"] == "already_imported"
    assert sum(e["status"] == "refused" for e in log) == 3
    assert "Refused" in c("import-log").stdout

    listed = json.loads(c("review", "list", "--state", "needs_review", "--json").stdout)
    assert {x["id"] for x in listed} == {case, note}
    proc = c("review", "set", note, case, "--decision", "follow_up", "--comment", "call back")
    assert "2 changed, 0 already so, 0 refused." in proc.stdout
    assert c("review", "list", "--state", "needs_review", "--json").stdout.strip() == "[]"
    assert note in c("review", "list", "--state", "follow_up", "--type", "note").stdout
    history = json.loads(c("review", "history", note, "--json").stdout)
    assert [h["state"] for h in history] == ["follow_up"]
    proc = c("review", "set", note, "--decision", "duplicate", check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("fieldnotes: A duplicate")
    proc = c("import", check=False)
    assert proc.returncode == 1 and "at least one bundle" in proc.stderr
