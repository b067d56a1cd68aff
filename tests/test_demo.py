"""``fieldnotes demo``: a fictional case with everything a newcomer needs to see."""

from __future__ import annotations

import subprocess
import sys

from fieldnotes import demo, search
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault


def test_demo_vault_holds_a_marked_fictional_case_with_every_kind_of_record(tmp_path):
    vault, phrase = demo.build(tmp_path / "demo")
    try:
        s = Store(vault.conn, vault.fingerprint)
        (case,) = s.list("case")
        assert "fictional" in case["title"].lower()
        by_type = {t: s.list(t, case_id=case["id"]) for t in
                   ("person", "event", "testimony", "note", "attachment", "link")}
        for rtype, recs in by_type.items():
            assert recs, rtype
        for p in by_type["person"]:
            assert "fictional" in p["data"]["name"]
        for t in by_type["testimony"]:
            assert any(w in t["data"]["text"] for w in ("Fictional", "虚构", "虛構"))
        scopes = {t["data"]["consent"]["scope"] for t in by_type["testimony"]}
        assert len(scopes) >= 3
        langs = "".join(t["data"]["text"] for t in by_type["testimony"])
        assert "the" in langs and "他们" in langs and "們" in langs
        shared = [t for t in by_type["testimony"] if t["data"]["consent"].get("contacts")]
        assert shared, "a consent names a contact by fingerprint"
        assert {a["data"]["mime"] for a in by_type["attachment"]} == {
            "image/png", "text/plain", "application/pdf", "audio/wav"}
        (interview,) = [a["data"] for a in by_type["attachment"] if a["data"]["mime"] ==
                        "audio/wav"]   # recorded through the recorder's path, with its markers
        assert interview["duration_ms"] == demo.INTERVIEW_SECONDS * 1000
        assert [m["label"] for m in interview["markers"]] == list(
            demo.INTERVIEW_MARKERS.values())
        assert interview["size"] == 44 + demo.INTERVIEW_SECONDS * 8000 * 2
        events = by_type["event"]
        assert any(e["data"]["date"]["start"] != e["data"]["date"]["end"] for e in events)
        assert any(len(s.history(r["id"])) > 1 for r in s.list(case_id=case["id"]))
        assert search.search(vault.conn, "Spouse")
    finally:
        vault.close()
    Vault.open(tmp_path / "demo", phrase).close()   # the printed passphrase opens it


def test_demo_command_prints_the_passphrase_that_opens_it(tmp_path):
    where = tmp_path / "demo"
    out = subprocess.run([sys.executable, "-m", "fieldnotes", "demo", "--vault", str(where)],
                         capture_output=True, text=True, check=True)
    phrase = out.stdout.strip()
    assert len(phrase.split()) == 7
    assert "fictional" in out.stderr
    Vault.open(where, phrase).close()
    again = subprocess.run([sys.executable, "-m", "fieldnotes", "demo", "--vault", str(where)],
                           capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_demo_without_vault_goes_beside_the_real_vault_never_in_its_place(tmp_path):
    import os

    env = dict(os.environ, FIELDNOTES_VAULT=str(tmp_path / "vault"))
    out = subprocess.run([sys.executable, "-m", "fieldnotes", "demo"], env=env,
                         capture_output=True, text=True, check=True)
    assert not (tmp_path / "vault").exists()
    Vault.open(tmp_path / "Fieldnotes demo vault", out.stdout.strip()).close()
