"""Consent names organisations by contact (fingerprint); free text only for the others."""

from __future__ import annotations

import pytest

from fieldnotes import consent_links
from fieldnotes.bundle import select, writer
from fieldnotes.errors import ValidationError
from fieldnotes.records import model
from tests.bundle import helpers


def test_a_contact_picked_by_fingerprint_is_covered_whatever_its_name():
    recipient = {"name": "Coordinating NGO 协调机构", "fingerprint": "7" * 40}
    consent = {"scope": "share_named", "contacts": ["7" * 40]}
    assert select.covers(consent, recipient) is None
    assert select.covers({"scope": "share_named", "contacts": ["8" * 40]}, recipient)


def test_contacts_field_holds_only_fingerprints():
    ok = model.validate("testimony", {"text": "t", "consent": {
        "scope": "share_named", "contacts": ["01234 56789 " * 4, "0123456789" * 4]}})
    assert ok["consent"]["contacts"] == ["0123456789" * 4]  # normalised, no duplicate
    with pytest.raises(ValidationError):
        model.validate("testimony", {"text": "t", "consent": {
            "scope": "share_named", "contacts": ["Coordinating NGO"]}})


def test_link_names_moves_exact_matches_only():
    by_name = {"Coordinating NGO 协调机构": ["1" * 40], "Twin": ["2" * 40, "3" * 40]}
    consent = {"scope": "share_named",
               "organisations": ["Coordinating NGO 协调机构", "Coordinating NGO", "Twin"]}
    new, left = consent_links.link_names(consent, by_name)
    assert new["contacts"] == ["1" * 40]
    assert left == ["Coordinating NGO", "Twin"] == new["organisations"]


def test_migration_links_exact_names_reports_the_rest_and_export_then_covers(tmp_path):
    r = helpers.new_vault(tmp_path / "r", "Researcher")
    c = helpers.new_vault(tmp_path / "c", "Coordinating NGO 协调机构")
    try:
        c_fpr, _ = helpers.befriend(r, c)
        s = helpers.store(r)
        case = s.create("case", {"title": "c"})
        exact = s.create("testimony", {"title": "exact", "text": "a", "consent": {
            "scope": "share_named", "organisations": ["Coordinating NGO 协调机构"]}}, case)
        loose = s.create("testimony", {"title": "loose", "text": "b", "consent": {
            "scope": "share_named", "organisations": ["Coordinating NGO"]}}, case)
        assert consent_links.pending(r.conn)
        report = consent_links.migrate(s)
        assert not consent_links.pending(r.conn)
        assert report.linked == 1
        assert report.left == [(loose, "loose", "Coordinating NGO")]
        assert s.get(exact)["data"]["consent"] == {"scope": "share_named", "contacts": [c_fpr]}
        assert len(s.history(exact)) == 2   # a revision, not an edit in place
        assert s.get(loose)["data"]["consent"]["organisations"] == ["Coordinating NGO"]
        # Renaming the contact later changes nothing: the link is the fingerprint.
        r.conn.execute("UPDATE contacts SET name = 'Renamed' WHERE fingerprint = ?", (c_fpr,))
        plan = writer.plan_export(r, [c_fpr], cases=[case])
        assert [o["id"] for o in plan.left_out] == [loose]
        again = consent_links.migrate(s)
        assert again.linked == 0 and len(s.history(exact)) == 2
    finally:
        r.close()
        c.close()


def test_cli_share_with_a_contacts_exact_name_stores_a_link(cli, tmp_path):
    from fieldnotes.records.store import Store
    from fieldnotes.vault import Vault
    from tests.conftest import PASS

    r, c = cli, cli.new("coordinator")
    r("init", "--name", "Researcher")
    c("init", "--name", "Coordinating NGO 协调机构")
    c("identity", "card", "-o", tmp_path / "c.card")
    fpr = r("contact", "add", tmp_path / "c.card", "--verified").stdout.strip()
    case = r("case", "add", "--title", "Case").stdout.strip()
    exact = r("testimony", "add", "--case", case, "--consent", "share_named",
              "--share-with", "Coordinating NGO 协调机构", "--text", "a").stdout.strip()
    loose = r("testimony", "add", "--case", case, "--consent", "share_named",
              "--share-with", "Coordinating NGO", "--text", "b").stdout.strip()
    out = r("consent", "link-contacts")
    assert out.stdout.strip() == "0 testimonies now name their organisations by contact."
    assert "“Coordinating NGO” in the consent of" in out.stderr
    with Vault.open(r.vault_dir, PASS) as v:
        s = Store(v.conn, v.fingerprint)
        assert s.get(exact)["data"]["consent"]["contacts"] == [fpr]
        assert s.get(loose)["data"]["consent"]["organisations"] == ["Coordinating NGO"]
