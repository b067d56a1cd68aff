"""The case report (PDF): summary; people (pseudonyms and risk respected); events in date order
with the timeline drawn; testimonies as their consent allows; attachments with name, size and
SHA-256; who made each record and when. What may be printed is decided in :mod:`people`."""

from __future__ import annotations

from datetime import date

from fieldnotes import contacts
from fieldnotes.desk import review
from fieldnotes.errors import NotFound
from fieldnotes.i18n import _, ngettext
from fieldnotes.records import vocab
from fieldnotes.records.store import Store
from fieldnotes.reports import people
from fieldnotes.reports.pdf import Document


def names(conn) -> dict[str, str]:
    """Fingerprint -> display name, for this vault and its contacts."""
    out = {c["fingerprint"]: c["name"] for c in contacts.list_contacts(conn)}
    row = conn.execute("SELECT fingerprint, card FROM identity WHERE id = 1").fetchone()
    if row:
        out[row[0]] = contacts.parse_card(row[1]).name
    return out


def made_by(rec: dict, who: dict[str, str]) -> str:
    author = who.get(rec["author"]) or contacts.grouped(rec["author"])
    if rec["updated"] != rec["created"]:
        return _("Recorded by {author} on {created}; last changed {updated}.").format(
            author=author, created=rec["created"][:10], updated=rec["updated"][:10])
    return _("Recorded by {author} on {created}.").format(author=author,
                                                          created=rec["created"][:10])


def load_case(conn, case_id: str) -> tuple[dict, list[dict]]:
    store = Store(conn, "")
    case = store.get(case_id)
    if case["type"] != "case":
        raise NotFound(_("There is no case {id} in this vault.").format(id=case_id))
    return case, [r for r in store.list(case_id=case_id) if r["type"] != "case"]


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def write_case_report(conn, case_id: str, out_path) -> dict:
    """Write the case report to ``out_path``; returns what it left out (counts)."""
    case, records = load_case(conn, case_id)
    who = names(conn)
    by_type: dict[str, list[dict]] = {}
    for r in records:
        by_type.setdefault(r["type"], []).append(r)
    held, hidden = people.kept_back(records)
    persons = {r["id"]: r["data"] for r in by_type.get("person", [])}
    doc = Document(case["data"]["title"], _("Case report"))
    doc.title_block(case["data"]["title"], _("Case report · case {id}").format(id=case_id))

    _summary(doc, conn, case, by_type, who)
    shown_people = [p for p in by_type.get("person", []) if p["id"] not in hidden]
    doc.heading(_("People"))
    roles = _roles(by_type)
    for p in shown_people:
        _person(doc, p, roles.get(p["id"], []), who)
    if not shown_people and not hidden:
        doc.para(_("None."), grey=True)
    if hidden:
        doc.para(ngettext("{n} person is left out: known here only as the source of testimony "
                          "that consent keeps back.",
                          "{n} people are left out: known here only as the sources of "
                          "testimony that consent keeps back.", len(hidden)).format(
            n=len(hidden)), grey=True)
    _events(doc, by_type, persons, who)
    _testimonies(doc, by_type.get("testimony", []), persons, who)
    if by_type.get("note"):
        doc.heading(_("Notes"))
        for n in by_type["note"]:
            doc.heading(n["data"].get("title") or _("Note"), 2)
            doc.para(n["data"]["text"])
            doc.para(made_by(n, who), size=8, grey=True)
    attachments = [a for a in by_type.get("attachment", [])
                   if a["data"].get("record_id") not in held | hidden]
    doc.heading(_("Attachments"))
    titles = {r["id"]: r["title"] for r in records if r["type"] != "testimony"}
    for a in attachments:
        d = a["data"]
        doc.heading(d["filename"], 2)
        doc.field(_("Size"), f"{_size(d['size'])} ({d['size']} B)")
        doc.field(_("Type"), d.get("mime"))
        doc.field(_("Description"), d.get("description"))
        doc.field(_("Attached to"), titles.get(d.get("record_id") or "") or None)
        doc.field("SHA-256", d["sha256"], mono=True)
        doc.para(made_by(a, who), size=8, grey=True)
    left_out = len(by_type.get("attachment", [])) - len(attachments)
    if not attachments and not left_out:
        doc.para(_("None."), grey=True)
    if left_out:
        doc.para(ngettext("{n} attachment of testimony that consent keeps back is left out.",
                          "{n} attachments of testimony that consent keeps back are left out.",
                          left_out).format(n=left_out), grey=True)
    doc.write_to(out_path)
    return {"testimonies_kept_back": len(held), "people_left_out": len(hidden),
            "attachments_left_out": left_out}


def _summary(doc: Document, conn, case: dict, by_type: dict, who: dict) -> None:
    d = case["data"]
    doc.heading(_("Summary"))
    doc.field(_("Title"), d["title"])
    doc.field(_("Status"), people.label(vocab.CASE_STATUS, d.get("status")) or None)
    doc.field(_("Tags"), ", ".join(d.get("tags", [])))
    if case["origin"]:
        doc.field(_("Received from"), contacts.named(who.get(case["origin"]), case["origin"]))
        [state] = [i["state"] for i in review.items(conn, review.Filters(case_id=case["id"],
                                                                         rtype="case"))] or [None]
        doc.field(_("Review"), review.state_label(state) if state else None)
    else:
        doc.field(_("Received from"), _("Made in this vault"))
    counts = [(_("People"), "person"), (_("Events"), "event"), (_("Testimonies"), "testimony"),
              (_("Notes"), "note"), (_("Attachments"), "attachment")]
    doc.field(_("Contents"), " · ".join(f"{label} {len(by_type.get(t, []))}"
                                        for label, t in counts))
    doc.para(made_by(case, who), size=8, grey=True)
    if d.get("summary"):
        doc.para(d["summary"])


def _roles(by_type: dict) -> dict[str, list[tuple[str, str]]]:
    events = {e["id"]: e for e in by_type.get("event", [])}
    out: dict[str, list[tuple[str, str]]] = {}
    for link in by_type.get("link", []):
        d = link["data"]
        if d["event_id"] in events:
            out.setdefault(d["person_id"], []).append((d["role"], events[d["event_id"]]["title"]))
    return out


def _person(doc: Document, p: dict, roles: list, who: dict) -> None:
    d = p["data"]
    doc.heading(people.person_name(d), 2)
    if d.get("pseudonym"):
        doc.field(_("Name"), _("Recorded under a pseudonym; the name is not printed."))
    doc.field(_("Risk level"), people.label(vocab.RISK_LEVELS, d.get("risk_level")) or None)
    if not people.masked(d):
        doc.field(_("Other names"), ", ".join(d.get("other_names", [])))
        doc.field(_("Sex"), people.label(vocab.SEX, d.get("sex")) or None)
        doc.field(_("Birth date"), (d.get("birth_date") or {}).get("text"))
        doc.field(_("Occupation"), d.get("occupation"))
        doc.field(_("Remarks"), d.get("remarks"))
    doc.field(_("Roles"), "; ".join(f"{people.label(vocab.ROLES, r)}: {t}" for r, t in roles))
    doc.para(made_by(p, who), size=8, grey=True)


def _events(doc: Document, by_type: dict, persons: dict, who: dict) -> None:
    events = sorted(by_type.get("event", []), key=lambda e: (
        (e["data"].get("date") or {}).get("start", "9999"), e["created"]))
    doc.heading(_("Events"))
    if not events:
        doc.para(_("None."), grey=True)
        return
    points = []
    for n, e in enumerate(events, 1):
        when = e["data"].get("date")
        if when:
            end = (e["data"].get("end_date") or when)["end"]
            points.append((date.fromisoformat(when["start"]), date.fromisoformat(end), str(n)))
    doc.timeline(points)
    links: dict[str, list[str]] = {}
    for link in by_type.get("link", []):
        d = link["data"]
        if d["person_id"] in persons:
            links.setdefault(d["event_id"], []).append("{role}: {name}".format(
                role=people.label(vocab.ROLES, d["role"]),
                name=people.person_name(persons[d["person_id"]])))
    for n, e in enumerate(events, 1):
        d = e["data"]
        when = (d.get("date") or {}).get("text") or _("date unknown")
        if d.get("end_date"):
            when = f"{when} – {d['end_date']['text']}"
        doc.heading(f"{n}. {when} · {d['title']}", 2)
        doc.field(_("Event type"), people.label(vocab.EVENT_TYPES, d["type"]))
        doc.field(_("Place"), d.get("place"))
        doc.field(_("People"), "; ".join(links.get(e["id"], [])))
        if d.get("description"):
            doc.para(d["description"])
        doc.para(made_by(e, who), size=8, grey=True)


def _testimonies(doc: Document, testimonies: list[dict], persons: dict, who: dict) -> None:
    doc.heading(_("Testimonies"))
    if not testimonies:
        doc.para(_("None."), grey=True)
    for n, t in enumerate(testimonies, 1):
        d = t["data"]
        ok, instead = people.printable(d)
        consent = d.get("consent") or {}
        if consent.get("scope") == "withdrawn":
            doc.heading(_("Testimony {n}").format(n=n), 2)
            doc.para(instead, grey=True)
            continue
        doc.heading(d.get("title") or _("Testimony {n}").format(n=n), 2)
        doc.field(_("Interviewee"), people.interviewee(d, persons))
        doc.field(_("Interviewer"), d.get("interviewer"))
        doc.field(_("Date"), (d.get("date") or {}).get("text"))
        doc.field(_("Place"), d.get("place"))
        doc.field(_("Language"), d.get("language"))
        doc.field(_("Consent"), people.label(vocab.CONSENT_SCOPES, consent.get("scope")))
        if consent.get("scope") == "share_named":
            doc.field(_("Shared only with"), ", ".join(consent.get("organisations", [])))
        if ok:
            doc.para(d["text"])
        else:
            doc.para(instead, grey=True)
        doc.para(made_by(t, who), size=8, grey=True)
