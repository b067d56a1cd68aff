"""What a report may say about people and testimony: pseudonyms, risk and consent.

- A person with a pseudonym is printed under the pseudonym only: never the real name, other
  names, birth date, occupation or remarks. A person at high or critical risk without a
  pseudonym is printed as "name withheld".
- A testimony's text is printed only when its consent allows sharing beyond this vault
  (publish with name, publish anonymised, share with named organisations); withdrawn consent
  prints nothing of the testimony but the fact, internal-use consent only that it exists.
- A person known only as the source of testimony kept back is left out, and so are the
  attachments of a testimony kept back: either would say who spoke.
"""

from __future__ import annotations

from fieldnotes.i18n import _
from fieldnotes.records import vocab

RISKY = ("high", "critical")


def label(table: dict, code) -> str:
    """A vocabulary code's label in the reader's language (the code when unknown)."""
    return _(table[code]) if code in table else str(code or "")


def masked(person: dict) -> bool:
    return bool(person.get("pseudonym")) or person.get("risk_level") in RISKY


def person_name(person: dict) -> str:
    if person.get("pseudonym"):
        return person["pseudonym"]
    if person.get("risk_level") in RISKY:
        return _("Name withheld (risk: {level})").format(
            level=label(vocab.RISK_LEVELS, person["risk_level"]))
    return person.get("name", "")


def printable(testimony: dict) -> tuple[bool, str | None]:
    """(may the text be printed, the sentence to print instead when not)."""
    scope = (testimony.get("consent") or {}).get("scope")
    if scope == "withdrawn":
        return False, _("Consent to this testimony was withdrawn; nothing of it is printed.")
    if scope in ("publish_named", "publish_anonymised", "share_named"):
        return True, None
    return False, _("Consent covers internal use only; the testimony is not printed.")


def interviewee(testimony: dict, persons: dict[str, dict]) -> str:
    """Who gave a testimony, as a report may name them."""
    if testimony.get("pseudonym"):
        return testimony["pseudonym"]
    person = persons.get(testimony.get("interviewee_id") or "")
    anonymised = (testimony.get("consent") or {}).get("scope") == "publish_anonymised"
    if anonymised or testimony.get("risk_level") in RISKY:
        return person["pseudonym"] if person and person.get("pseudonym") else _("Withheld")
    if person:
        return person_name(person)
    return testimony.get("interviewee", "")


def kept_back(records: list[dict]) -> tuple[set[str], set[str]]:
    """(ids of testimonies whose text is not printed, ids of persons known only through them)."""
    held = {r["id"] for r in records if r["type"] == "testimony" and not printable(r["data"])[0]}
    sources: dict[str, set[str]] = {}
    for r in records:
        if r["type"] == "testimony" and r["data"].get("interviewee_id"):
            sources.setdefault(r["data"]["interviewee_id"], set()).add(r["id"])
    linked = {r["data"]["person_id"] for r in records if r["type"] == "link"}
    hidden = {pid for pid, tids in sources.items() if tids <= held and pid not in linked}
    return held, hidden
