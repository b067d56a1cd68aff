"""Consent "share with named organisations": picked from contacts, matched by fingerprint."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldnotes.bundle import writer
from fieldnotes.records.store import Store
from tests.gui.helpers import fill
from tests.gui.test_bundles import pair  # noqa: F401  (fixture)


def test_an_organisation_picked_from_contacts_is_covered_at_export(pair):  # noqa: F811
    w, researcher, coordinator = pair
    mv = w.main_view
    case = mv.create_case("Consent by contact")
    tab = mv.case_view.tabs_by_type["testimony"]
    picker = tab.form.editors["consent"].editors["contacts"]
    tab.new_button.click()
    fill(tab.form, title="Picked", text="t", consent={"scope": "share_named"})
    names = [picker.widget.item(i).text() for i in range(picker.widget.count())]
    assert names == ["Coordinator"]
    picker.widget.item(0).setCheckState(Qt.CheckState.Checked)
    rid = tab.form.save()
    assert rid, tab.form.error.text()
    consent = Store(researcher.conn, researcher.fingerprint).get(rid)["data"]["consent"]
    assert consent["contacts"] == [coordinator.fingerprint]
    assert "organisations" not in consent
    # The contact's name no longer matters: the fingerprint does.
    researcher.conn.execute("UPDATE contacts SET name = 'Coordinating NGO 协调机构'")
    plan = writer.plan_export(researcher, [coordinator.fingerprint], cases=[case])
    assert plan.left_out == []
    # Loading it back shows the contact ticked; free text stays for others.
    tab.select(rid)
    assert picker.get() == [coordinator.fingerprint]


def test_a_contacts_name_typed_as_text_is_saved_as_the_link(pair):  # noqa: F811
    w, researcher, coordinator = pair
    w.main_view.create_case("Typed")
    tab = w.main_view.case_view.tabs_by_type["testimony"]
    tab.new_button.click()
    fill(tab.form, text="t", consent={"scope": "share_named",
                                      "organisations": ["Coordinator", "Not a contact"]})
    rid = tab.form.save()
    consent = Store(researcher.conn, researcher.fingerprint).get(rid)["data"]["consent"]
    assert consent["contacts"] == [coordinator.fingerprint]
    assert consent["organisations"] == ["Not a contact"]


def test_unlock_links_exact_names_and_reports_the_rest(make_vault, make_window):
    from fieldnotes import contacts
    from tests.gui.test_bundles import _card

    researcher, _ = make_vault("researcher")
    coordinator, _ = make_vault("coordinator")
    contacts.add_contact(researcher.conn, _card(coordinator), verified=True)
    s = Store(researcher.conn, researcher.fingerprint)
    case = s.create("case", {"title": "Old consent"})
    exact = s.create("testimony", {"title": "Exact", "text": "a", "consent": {
        "scope": "share_named", "organisations": ["Coordinator"]}}, case)
    s.create("testimony", {"title": "Loose", "text": "b", "consent": {
        "scope": "share_named", "organisations": ["Coordinating NGO"]}}, case)
    w = make_window(researcher.path)
    w._open_session(researcher)
    notice = w.main_view.notice
    assert notice.isVisible()
    assert "1 testimony now names its organisations by contact" in notice.text.text()
    assert "“Coordinating NGO” in the consent of “Loose”" in notice.text.text()
    assert s.get(exact)["data"]["consent"]["contacts"] == [coordinator.fingerprint]
