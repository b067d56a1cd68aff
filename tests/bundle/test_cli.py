"""The whole exchange through the real ``fieldnotes`` command, as a script would drive it."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess

from tests.crypto.tooling import require_tool


def test_cli_round_trip(cli, tmp_path):
    r, c = cli, cli.new("coordinator")
    r("init", "--name", "Researcher")
    c("init", "--name", "Coordinator")
    me = json.loads(r("identity", "show", "--json").stdout)
    assert {"name", "fingerprint", "minisign_public_key", "age_recipient"} <= set(me)
    assert me["name"] == "Researcher" and me["age_recipient"].startswith("age1")
    assert "fingerprint:" in r("identity", "show").stdout

    r("identity", "card", "-o", tmp_path / "r.card")
    c("identity", "card", "-o", tmp_path / "c.card")
    c_fpr = r("contact", "add", tmp_path / "c.card").stdout.strip()
    assert len(c_fpr) == 40 and c_fpr.isdigit()
    grouped = " ".join(c_fpr[i:i + 5] for i in range(0, 40, 5))
    r("contact", "verify", grouped)
    r_fpr = c("contact", "add", tmp_path / "r.card", "--verified").stdout.strip()
    assert r_fpr == me["fingerprint"]
    listed = json.loads(r("contact", "list", "--json").stdout)
    assert [(x["fingerprint"], x["verified"]) for x in listed] == [(c_fpr, True)]

    case = r("case", "add", "--title", "Case").stdout.strip()
    secret = r("testimony", "add", "--case", case, "--consent", "internal",
               "--text", "not for export").stdout.strip()
    shared = r("testimony", "add", "--case", case, "--consent", "share_named",
               "--share-with", "Coordinator", "--text", "for the coordinator").stdout.strip()
    (tmp_path / "photo.jpg").write_bytes(os.urandom(3000))
    r("attach", "--case", case, "--record", shared, tmp_path / "photo.jpg")

    out = tmp_path / "b.bundle"
    proc = r("export", "--to", grouped, "--case", case, "-o", out)
    bundle_id, sha = proc.stdout.split()
    assert sha == hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"left out: Testimony {secret}: Consent is for internal use only." in proc.stderr

    assert bundle_id in c("verify", out).stdout
    verified = json.loads(c("verify", out, "--json").stdout)
    assert verified["revisions"] == 3 and verified["attachments"] == 1
    [result] = json.loads(c("import", out, "--json").stdout)
    assert (result["added"], result["skipped"], result["status"]) == (3, 0, "added")
    assert "already imported" in c("import", out).stdout
    assert shared in c("list", "--case", case).stdout
    assert secret not in c("list", "--case", case).stdout

    # The coordinator's age key opens the bundle with the standard tool.
    key = tmp_path / "c.agekey"
    proc = c("identity", "age-secret", "-o", key)
    assert "SECRET" in proc.stderr and proc.stdout == ""
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    age = require_tool("age")
    opened = subprocess.run([age, "-d", "-i", str(key), str(out)], capture_output=True)
    assert opened.returncode == 0 and opened.stdout[257:262] == b"ustar"

    # Receipt back to the researcher, then purge.
    receipt_id = c("receipt", "create", bundle_id, "-o", tmp_path / "receipt").stdout.strip()
    assert len(receipt_id) == 36
    assert "3 records marked delivered" in r("receipt", "import", tmp_path / "receipt").stdout
    assert "Destroyed 2 delivered records" in r("purge", "--delivered").stderr
    assert shared not in r("list", "--case", case).stdout
    assert secret in r("list", "--case", case).stdout

    # Failures: one line, exit 1; usage errors exit 2.
    proc = r("import", out, check=False)
    assert proc.returncode == 1
    assert proc.stderr == (f"fieldnotes: {out}: refused: This file is encrypted for one "
                           "recipient, and that is not this vault. Ask the sender to export it "
                           "again to your card.\n1 bundle: 0 taken, 1 refused.\n")
    proc = r("export", "--to", c_fpr, "-o", tmp_path / "x", check=False)
    assert proc.returncode == 2
    proc = r("contact", "verify", "123", check=False)
    assert proc.returncode == 1 and "40 digits" in proc.stderr
    proc = c("export", "--to", r_fpr, "--all", "-o", tmp_path / "x", check=False)
    assert proc.returncode == 1 and "nothing to export" in proc.stderr
    actions = [e["action"] for e in json.loads(c("audit", "list", "--json").stdout)]
    assert {"bundle.imported", "receipt.created", "identity.secret_exported",
            "contact.added"} <= set(actions)
    assert "intact" in c("audit", "verify").stdout


def cli_pair(cli, tmp_path, coordinator_knows_researcher: bool = True):
    """A researcher and a coordinator through the CLI; the researcher has verified the
    coordinator's card. Returns (r, c, the coordinator's fingerprint)."""
    r, c = cli, cli.new("coordinator")
    r("init", "--name", "Researcher")
    c("init", "--name", "Coordinator")
    r("identity", "card", "-o", tmp_path / "r.card")
    c("identity", "card", "-o", tmp_path / "c.card")
    c_fpr = r("contact", "add", tmp_path / "c.card", "--verified").stdout.strip()
    if coordinator_knows_researcher:
        c("contact", "add", tmp_path / "r.card", "--verified")
    return r, c, c_fpr


def test_cli_withdrawal_of_consent_is_said_and_sent(cli, tmp_path):
    r, c, c_fpr = cli_pair(cli, tmp_path)
    case = r("case", "add", "--title", "Case").stdout.strip()
    t = r("testimony", "add", "--case", case, "--consent", "publish_named",
          "--text", "said in public").stdout.strip()
    r("export", "--to", c_fpr, "--since-last", "-o", tmp_path / "1.bundle")
    c("import", tmp_path / "1.bundle")

    r("edit", t, "--field", "consent.scope=withdrawn")
    proc = r("export", "--to", c_fpr, "--since-last", "-o", tmp_path / "2.bundle")
    assert f"withdrawal of consent sent: Testimony {t}:" in proc.stderr
    c("import", tmp_path / "2.bundle")
    shown = json.loads(c("show", t, "--json").stdout)
    assert shown["data"]["consent"]["scope"] == "withdrawn"
