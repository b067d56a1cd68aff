"""Consent that names organisations: link the names to contacts, by fingerprint.

A testimony shared "with the named organisations" used to name them as free text, compared with
contact names at export — "Coordinating NGO" did not match the contact "Coordinating NGO 协调机构"
and the testimony was held back. Consent now names contacts by fingerprint (``consent.contacts``)
and keeps free text (``consent.organisations``) only for organisations that are not contacts yet.

``link_names`` turns the names that match exactly one contact's name exactly into links; the
others stay text. ``migrate`` does that, once, for every testimony of this vault (a new revision
for each one changed) and says which names stayed text, so the researcher can pick them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldnotes import contacts
from fieldnotes.i18n import N_
from fieldnotes.records.store import Store
from fieldnotes.vault import transaction

MIGRATED_KEY = "consent_contacts_linked"


@dataclass
class LinkReport:
    linked: int = 0                                   # testimonies given links
    left: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, name) kept


def _by_name(conn) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in contacts.list_contacts(conn):
        if not c["revoked"]:
            out.setdefault(c["name"].strip(), []).append(c["fingerprint"])
    return out


def link_names(consent: dict, by_name: dict[str, list[str]]) -> tuple[dict, list[str]]:
    """(consent with exact name matches moved to ``contacts``, the names left as text)."""
    linked = list(consent.get("contacts", []))
    left: list[str] = []
    for name in consent.get("organisations", []):
        match = by_name.get(name.strip(), [])
        if len(match) == 1:
            if match[0] not in linked:
                linked.append(match[0])
        else:
            left.append(name)
    out = {k: v for k, v in consent.items() if k not in ("contacts", "organisations")}
    if linked:
        out["contacts"] = linked
    if left:
        out["organisations"] = left
    return out, left


def names_to_contacts(conn, consent: dict) -> dict:
    """``link_names`` against this vault's contacts (what the CLI's --share-with does)."""
    return link_names(consent, _by_name(conn))[0]


def pending(conn) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (MIGRATED_KEY,)).fetchone()
    return row is None


def migrate(store: Store) -> LinkReport:
    """Link the named organisations of every testimony of this vault to contacts, once.

    Records from other researchers' bundles are theirs and are left alone; so are deleted
    ones. Running it again changes nothing already linked and reports what is still text."""
    conn = store.conn
    by_name = _by_name(conn)
    report = LinkReport()
    with transaction(conn):
        for rec in store.list("testimony"):
            consent = rec["data"].get("consent") or {}
            if rec["origin"] or not consent.get("organisations"):
                continue
            new, left = link_names(consent, by_name)
            report.left += [(rec["id"], rec["title"], name) for name in left]
            if new != consent:
                store.update(rec["id"], {"consent": new})
                report.linked += 1
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, '1')", (MIGRATED_KEY,))
    return report


LEFT_AS_TEXT = N_("“{name}” in the consent of “{title}” matches no contact exactly; it stays "
                  "as text. Pick the organisation from your contacts in that testimony.")
