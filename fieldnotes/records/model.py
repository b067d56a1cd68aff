"""The record model: which record types exist, their fields, and strict validation.

``validate(type, data)`` returns the normalised data or raises ValidationError with a sentence
naming the field. The same function checks what a user types and what a bundle brings in, so an
imported record is held to exactly the rules of a local one. Unknown fields are refused.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from fieldnotes import i18n
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import N_, _
from fieldnotes.records import dates, vocab

MAX_TEXT = 1_000
MAX_LONG = 5_000_000
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FPR = re.compile(r"^[0-9]{40}$")


@dataclass(frozen=True)
class Field:
    kind: str     # text | long | enum | date | list | ref | int | sha256 | consent | fingerprints
    #               | markers | facts
    required: bool = False
    choices: dict = field(default_factory=dict)
    label: str = ""


def _text(n: str, v, limit: int) -> str:
    if not isinstance(v, str):
        raise ValidationError(_("The field “{name}” must be text.").format(name=n))
    if len(v) > limit:
        raise ValidationError(_("The field “{name}” is too long ({count} characters, at most {limit}).").format(
            name=n, count=len(v), limit=limit))
    if "\x00" in v:
        raise ValidationError(_("The field “{name}” contains a NUL character.").format(name=n))
    if not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: a byte that was not UTF-8 (argv, a file)
            raise ValidationError(_("The field “{name}” holds bytes that are not UTF-8 text."
                                    ).format(name=n)) from None
    return v


def _must(ok: bool, name: str, sentence: str) -> None:
    """Refuse the field ``name`` with ``sentence`` (marked with N_, holding {name}) unless
    ``ok``: the shape rule every kind of field below states once."""
    if not ok:
        raise ValidationError(_(sentence).format(name=name))


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _check(name: str, f: Field, value):
    if f.kind == "text":
        return _text(name, value, MAX_TEXT).strip()
    if f.kind == "long":
        return _text(name, value, MAX_LONG)
    if f.kind == "enum":
        if value not in f.choices:
            allowed = ", ".join(f.choices)
            raise ValidationError(_("“{value}” is not a valid {name}; choose one of: {allowed}.").format(
                value=value, name=name, allowed=allowed))
        return value
    if f.kind == "date":
        return dates.normalize(value)
    if f.kind == "list":
        if isinstance(value, str):
            value = [p.strip() for p in value.split(";")]
        _must(isinstance(value, list) and len(value) <= 200, name,
              N_("The field “{name}” must be a list."))
        return [_text(name, v, MAX_TEXT).strip() for v in value if str(v).strip()]
    if f.kind == "ref":
        return check_id(value, name)
    if f.kind == "int":
        _must(isinstance(value, int) and not isinstance(value, bool) and value >= 0, name,
              N_("The field “{name}” must be a whole number."))
        return value
    if f.kind == "sha256":
        _must(isinstance(value, str) and bool(_HEX64.match(value)), name,
              N_("The field “{name}” must be a SHA-256 in hex."))
        return value
    if f.kind == "consent":
        return validate_fields("consent", CONSENT, value)
    if f.kind == "fingerprints":
        return _fingerprints(name, value)
    if f.kind == "markers":
        return _markers(name, value)
    if f.kind == "facts":
        return _facts(name, value, depth=0)
    raise AssertionError(f.kind)


def _fingerprints(name: str, value) -> list[str]:
    """Contacts named by fingerprint: 40 digits each (spaces allowed), no duplicates."""
    _must(isinstance(value, list) and len(value) <= 200, name,
          N_("The field “{name}” must be a list of fingerprints."))
    out: list[str] = []
    for v in value:
        digits = "".join(str(v).split())
        if not _FPR.match(digits):
            raise ValidationError(_("“{v}” in the field “{name}” is not a fingerprint.").format(v=str(v)[:60], name=name))
        if digits not in out:
            out.append(digits)
    return out


def _markers(name: str, value) -> list:
    """A recording's markers: [{"at_ms": whole number, "label": text}], at most 10 000."""
    markers = N_("The field “{name}” must be a list of markers.")
    _must(isinstance(value, list) and len(value) <= 10_000, name, markers)
    out = []
    for m in value:
        _must(isinstance(m, dict) and not set(m) - {"at_ms", "label"}, name, markers)
        at = _check(name, Field("int"), m.get("at_ms"))
        out.append({"at_ms": at, "label": _text(name, m.get("label", ""), MAX_TEXT).strip()})
    return out


def _facts(name: str, value, depth: int) -> dict:
    """Metadata read from a file: short text, whole numbers and yes/no, one level of nesting."""
    _must(isinstance(value, dict) and len(value) <= 100 and depth <= 1, name,
          N_("The field “{name}” must be a set of facts."))
    out = {}
    for key, v in value.items():
        _text(name, key, 64)
        if isinstance(v, dict):
            out[key] = _facts(name, v, depth + 1)
        elif isinstance(v, bool | int):
            out[key] = v
        else:
            out[key] = _text(name, v, MAX_TEXT)
    return out


def check_id(value, name: str = "id") -> str:
    try:
        if isinstance(value, str) and str(uuid.UUID(value)) == value:
            return value
    except ValueError:
        pass
    raise ValidationError(_("“{value}” in {name} is not a record id.").format(
        name=name, value=str(value)[:60]))


CONSENT = {
    "scope": Field("enum", True, vocab.CONSENT_SCOPES, N_("Scope")),
    "method": Field("enum", False, vocab.CONSENT_METHODS, N_("How given")),
    "given_on": Field("date", False, label=N_("When given")),
    # Organisations that are contacts, by fingerprint (what an export matches recipients
    # against); "organisations" keeps, as text, those that are not contacts yet.
    "contacts": Field("fingerprints", label=N_("Named organisations (contacts)")),
    "organisations": Field("list", label=N_("Named organisations")),
    "remarks": Field("text", label=N_("Remarks")),
}

SCHEMAS: dict[str, dict[str, Field]] = {
    "case": {
        "title": Field("text", True, label=N_("Title")),
        "summary": Field("long", label=N_("Summary")),
        "status": Field("enum", False, vocab.CASE_STATUS, N_("Status")),
        "tags": Field("list", label=N_("Tags")),
    },
    "person": {
        "name": Field("text", True, label=N_("Name")),
        "other_names": Field("list", label=N_("Other names")),
        "pseudonym": Field("text", label=N_("Pseudonym")),
        "sex": Field("enum", False, vocab.SEX, N_("Sex")),
        "birth_date": Field("date", label=N_("Birth date")),
        "risk_level": Field("enum", False, vocab.RISK_LEVELS, N_("Risk level")),
        "occupation": Field("text", label=N_("Occupation")),
        "remarks": Field("long", label=N_("Remarks")),
    },
    "event": {
        "type": Field("enum", True, vocab.EVENT_TYPES, N_("Event type")),
        "title": Field("text", True, label=N_("Title")),
        "date": Field("date", label=N_("Date")),
        "end_date": Field("date", label=N_("End date")),
        "place": Field("text", label=N_("Place")),
        "description": Field("long", label=N_("Description")),
    },
    "testimony": {
        "title": Field("text", label=N_("Title")),
        "interviewee_id": Field("ref", label=N_("Interviewee (person)")),
        "interviewee": Field("text", label=N_("Interviewee")),
        "interviewer": Field("text", label=N_("Interviewer")),
        "date": Field("date", label=N_("Date of interview")),
        "place": Field("text", label=N_("Place")),
        "language": Field("text", label=N_("Language")),
        "interpreter": Field("text", label=N_("Interpreter")),
        "consent": Field("consent", True, label=N_("Consent")),
        "pseudonym": Field("text", label=N_("Pseudonym")),
        "risk_level": Field("enum", False, vocab.RISK_LEVELS, N_("Risk level")),
        "text": Field("long", True, label=N_("Testimony")),
    },
    "note": {
        "title": Field("text", label=N_("Title")),
        "text": Field("long", True, label=N_("Note")),
    },
    "attachment": {
        "sha256": Field("sha256", True, label=N_("SHA-256")),
        "size": Field("int", True, label=N_("Size")),
        "filename": Field("text", True, label=N_("File name")),
        "mime": Field("text", label=N_("Type")),
        "record_id": Field("ref", label=N_("Attached to")),
        "description": Field("text", label=N_("Description")),
        "duration_ms": Field("int", label=N_("Duration")),
        "markers": Field("markers", label=N_("Markers")),
        "metadata": Field("facts", label=N_("Metadata")),
        # the original's id; not a checked reference: a bundle may carry the copy alone
        "working_copy_of": Field("text", label=N_("Working copy of")),
        "stripped": Field("list", label=N_("Metadata removed")),
    },
    "link": {
        "person_id": Field("ref", True, label=N_("Person")),
        "event_id": Field("ref", True, label=N_("Event")),
        "role": Field("enum", True, vocab.ROLES, N_("Role")),
    },
}

TYPES = tuple(SCHEMAS)

# The type a reference field must point at (record_id may point at any record of the case).
REF_TARGETS = {"interviewee_id": "person", "person_id": "person", "event_id": "event"}


def references(rtype: str, data: dict) -> list[tuple[str, str, Field, str | None]]:
    """(field name, id referred to, the field, the type it must be or None) of each reference
    in a record's data: what the store checks at a save and the importer after an import."""
    fields = SCHEMAS[rtype]
    return [(name, value, fields[name], REF_TARGETS.get(name)) for name, value in data.items()
            if name in fields and fields[name].kind == "ref"]


def validate_fields(kind: str, schema: dict[str, Field], data) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("A record of type {kind} must be a set of fields.").format(kind=kind))
    unknown = set(data) - set(schema)
    if unknown:
        raise ValidationError(_("A record of type {kind} has no field “{name}”.").format(
            kind=kind, name=sorted(unknown)[0]))
    out = {}
    for name, f in schema.items():
        value = data.get(name)
        checked = None if _empty(value) else _check(name, f, value)
        if _empty(checked):  # absent, or nothing left once checked (spaces, empty items)
            if f.required:
                raise ValidationError(_("The field “{name}” is required for a record of type {kind}.").format(
                    name=name, kind=kind))
            continue
        out[name] = checked
    return out


def validate(rtype: str, data) -> dict:
    if rtype not in SCHEMAS:
        raise ValidationError(_("“{rtype}” is not a record type.").format(rtype=rtype))
    return validate_fields(rtype, SCHEMAS[rtype], data)


def title_of(rtype: str, data: dict, neutral: bool = False) -> str:
    """The one line a list shows for a record, in the reader's language; ``neutral``: the same
    words without the language's punctuation, for the search index (the same in every
    language, so a vault indexed in one is searched alike in another)."""
    if rtype == "case":
        return data.get("title", "")
    if rtype == "person":
        name = data.get("name", "")
        if not data.get("pseudonym"):
            return name
        if neutral:
            return f"{name} ({data['pseudonym']})"
        return _("{name} ({pseudonym})").format(name=name, pseudonym=data["pseudonym"])
    if rtype == "event":
        return data.get("title", "")
    if rtype == "testimony":
        # No English word stored as a title: the list says "(untitled)" in the reader's language.
        return data.get("title") or data.get("pseudonym") or data.get("interviewee") or ""
    if rtype == "note":
        return data.get("title") or data.get("text", "").strip().split("\n", 1)[0][:80]
    if rtype == "attachment":
        return data.get("filename", "")
    if rtype == "link":
        return vocab.ROLES.get(data.get("role", ""), "")
    return ""


def show_field(rtype: str, name: str, value) -> tuple[str, str]:
    """(label, value) of one field as a person reads them in the current language: enum codes
    as their labels, dates in words, lists joined, consent as scope and method."""
    f = SCHEMAS.get(rtype, {}).get(name) or CONSENT.get(name)
    if f is None:
        return name, str(value)
    label = _(f.label) if f.label else name
    if f.kind == "enum":
        return label, vocab.label(f.choices, value)
    if f.kind == "date":
        return label, dates.display(value)
    if f.kind == "list":
        return label, _("; ").join(value)
    if f.kind == "fingerprints":  # in the groups of five people read aloud
        return label, _("; ").join(" ".join(fp[i:i + 5] for i in range(0, len(fp), 5))
                                   for fp in value)
    if f.kind == "consent":
        parts = [show_field(rtype, key, value[key])[1] for key in CONSENT if value.get(key)]
        return label, _("; ").join(parts)
    return label, str(value)


def text_of(rtype: str, data: dict) -> str:
    """All searchable text of a record, for the full-text index."""
    parts: list[str] = []
    for name, f in SCHEMAS[rtype].items():
        value = data.get(name)
        if value is None:
            continue
        if f.kind in ("text", "long"):
            parts.append(value)
        elif f.kind == "list":
            parts.extend(value)
        elif f.kind == "date":
            parts.append(value["text"])
        elif f.kind == "enum":  # the label in every language, so any of them finds it
            parts.extend(i18n.every_translation(f.choices.get(value, value)))
        elif f.kind == "consent":
            parts.extend(value.get("organisations", []))
    return "\n".join(parts)
