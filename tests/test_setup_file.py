"""The organisation setup file: signed by a coordinator, checked before anything is trusted,
applied only after the researcher confirms the coordinator's fingerprint; a file that is
altered, unsigned or signed by someone else changes nothing and says so in one line."""

from __future__ import annotations

import json

import pytest

from crypto import kdf
from fieldnotes import audit, contacts, setup_file, wipe
from fieldnotes.errors import FieldnotesError
from fieldnotes.vault import Vault
from tests.bundle import helpers
from tests.conftest import PASS
from tests.crypto.tooling import assert_user_message


@pytest.fixture
def parties(tmp_path):
    made = [Vault.create(tmp_path / n, PASS, name=n.title(), params=kdf.minimum_params())[0]
            for n in ("coordinator", "lawyer-desk", "researcher", "stranger")]
    coord, desk = made[0], made[1]
    contacts.add_contact(coord.conn, helpers.card(desk), verified=True)
    yield made
    for v in made:
        v.close()


@pytest.fixture
def text(parties):
    coord, desk = parties[0], parties[1]
    return setup_file.create(coord, [desk.fingerprint], idle_minutes=3, min_strength_bits=70,
                             kdf_floor_mib=256, wipe_after=8)


def _refused(researcher, text, match):
    before = helpers.db_state(researcher)
    with pytest.raises(FieldnotesError, match=match) as e:
        setup = setup_file.read(text)
        setup_file.apply(researcher, setup, setup.coordinator.fingerprint)
    assert_user_message(e.value)
    assert helpers.db_state(researcher) == before and researcher.slots.wipe is None


def test_applied_after_the_fingerprint_is_confirmed(parties, text):
    coord, desk, researcher = parties[:3]
    setup = setup_file.read(text)
    assert setup.coordinator.fingerprint == coord.identity.card().fingerprint
    assert [c.name for c in setup.recipients] == ["Lawyer-Desk"]
    trusted = setup_file.apply(researcher, setup, setup.coordinator.fingerprint)
    assert trusted == [coord.fingerprint, desk.fingerprint]
    listed = {c["fingerprint"]: c["verified"] for c in contacts.list_contacts(researcher.conn)}
    assert listed == {coord.fingerprint: True, desk.fingerprint: True}
    assert setup_file.recommended(researcher.conn) == {
        "idle_minutes": 3, "min_strength_bits": 70, "kdf_floor_mib": 256, "wipe_after": 8}
    assert wipe.policy(researcher.slots) == 8
    assert "setup.applied" in [e["action"] for e in audit.entries(researcher.conn)]


def test_a_wrong_fingerprint_changes_nothing(parties, text):
    researcher = parties[2]
    setup = setup_file.read(text)
    before = helpers.db_state(researcher)
    wrong = parties[3].identity.card().fingerprint
    for typed in (wrong, "12345", ""):
        with pytest.raises(FieldnotesError, match="does not match"):
            setup_file.apply(researcher, setup, typed)
    assert helpers.db_state(researcher) == before


def test_altered_unsigned_or_signed_by_another_changes_nothing(parties, text):
    researcher, stranger = parties[2], parties[3]
    lines = text.split("\n")
    body = json.loads(lines[1])
    body["settings"]["idle_minutes"] = 120
    altered = "\n".join([lines[0], json.dumps(body, sort_keys=True, separators=(",", ":")),
                         *lines[2:]])
    _refused(researcher, altered, "altered after it was signed")
    _refused(researcher, "\n".join(lines[:2]) + "\n", "not signed")
    signed_by_stranger = setup_file.create(stranger, []).split("\n")
    forged = "\n".join([lines[0], lines[1], *signed_by_stranger[2:]])
    _refused(researcher, forged, "not signed by the coordinator whose card it holds")
    for junk in ("", "hello", "fieldnotes-setup: 1\n{}\n", "fieldnotes-setup: 1\n[1]\n"):
        _refused(researcher, junk, "not a Fieldnotes setup file")


def test_values_out_of_range_are_refused_when_made(parties):
    with pytest.raises(FieldnotesError, match="outside 5–1000"):
        setup_file.create(parties[0], [], wipe_after=2)
    with pytest.raises(FieldnotesError, match="not a verified contact"):
        contacts.add_contact(parties[0].conn, helpers.card(parties[3]))
        setup_file.create(parties[0], [parties[3].fingerprint])


def test_cli_create_show_apply(cli, tmp_path):
    coord, researcher = cli.new("coord"), cli.new("res")
    coord("init", "--name", "Coordinating NGO")
    researcher("init", "--name", "Researcher")
    out = tmp_path / "org.setup"
    coord("setup", "create", "--idle-minutes", "4", "--wipe-after", "6", "-o", out)
    shown = researcher("setup", "show", out).stdout
    fpr = next(line.split(": ", 1)[1] for line in shown.splitlines()
               if line.startswith("fingerprint: "))
    proc = researcher("setup", "apply", out, check=False)  # not a terminal: must compare first
    assert proc.returncode == 1 and "--fingerprint" in proc.stderr
    researcher("setup", "apply", out, "--fingerprint", fpr)
    assert "wipe after 6" in researcher("wipe-policy", "--show").stdout
    bad = tmp_path / "bad.setup"
    bad.write_text(out.read_text().replace('"idle_minutes":4', '"idle_minutes":9'))
    proc = researcher("setup", "apply", bad, "--fingerprint", fpr, check=False)
    assert proc.returncode == 1 and "altered" in proc.stderr
