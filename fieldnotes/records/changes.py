"""What changed between two revisions of a record, in words a person reads.

Each change is (label, old, new): the field's label, and each value as it is shown on screen —
vocabulary labels instead of codes, dates as written, lists joined, references by the name of
the record (or contact) they point at. Never an id, a dict or an internal code. Consent is
compared field by field ("Consent · Scope"). Long text is cut to its first lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fieldnotes.i18n import N_, _
from fieldnotes.records.model import CONSENT, SCHEMAS, Field

LONG_PREVIEW = 160
GONE = N_("a record no longer in this vault")


@dataclass(frozen=True)
class Change:
    label: str
    old: str      # "" when the field was empty
    new: str


Namer = Callable[[str], "str | None"]   # record id or fingerprint → its name, or None


def shown(f: Field, value, name_of: Namer, contact_of: Namer) -> str:
    """One field's value as the screen shows it."""
    if value in (None, "", []):
        return ""
    if f.kind == "enum":
        return _(f.choices.get(value, value))
    if f.kind == "date":
        return value["text"]
    if f.kind == "list":
        return "; ".join(value)
    if f.kind == "ref":
        return name_of(value) or _(GONE)
    if f.kind == "fingerprints":
        return "; ".join(contact_of(v) or _("an unknown contact") for v in value)
    if f.kind == "long":
        text = " ".join(value.split())
        return text if len(text) <= LONG_PREVIEW else text[:LONG_PREVIEW - 1] + "…"
    if f.kind == "int":
        return f"{value:,}"
    return str(value)


def _compare(schema: dict[str, Field], old: dict, new: dict, name_of: Namer,
             contact_of: Namer, prefix: str = "") -> list[Change]:
    out: list[Change] = []
    for name, f in schema.items():
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        label = _(f.label)
        if f.kind == "consent":
            out += _compare(CONSENT, a or {}, b or {}, name_of, contact_of,
                            prefix=_("{field} · ").format(field=label))
            continue
        out.append(Change(prefix + label, shown(f, a, name_of, contact_of),
                          shown(f, b, name_of, contact_of)))
    return out


def between(rtype: str, old: dict | None, new: dict | None, name_of: Namer,
            contact_of: Namer = lambda _f: None) -> list[Change]:
    """The changes from ``old`` to ``new`` (None = before creation, or deleted)."""
    return _compare(SCHEMAS[rtype], old or {}, new or {}, name_of, contact_of)


def changed_labels(rtype: str, old: dict | None, new: dict | None) -> list[str]:
    """The labels of the fields that differ (what a list of revisions says in one line)."""
    schema = SCHEMAS[rtype]
    return [_(f.label) for name, f in schema.items()
            if (old or {}).get(name) != (new or {}).get(name)]
