"""The record model: which record types exist, their fields, and strict validation.

``validate(type, data)`` returns the normalised data or raises ValidationError with a sentence
naming the field. The same function checks what a user types and what a bundle brings in, so an
imported record is held to exactly the rules of a local one. Unknown fields are refused.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from fieldnotes.errors import ValidationError
from fieldnotes.i18n import _
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
        raise ValidationError(f"The field “{n}” must be text.")
    if len(v) > limit:
        raise ValidationError(f"The field “{n}” is too long ({len(v)} characters, at most {limit}).")
    if "\x00" in v:
        raise ValidationError(f"The field “{n}” contains a NUL character.")
    if not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: a byte that was not UTF-8 (argv, a file)
            raise ValidationError(_("The field “{name}” holds bytes that are not UTF-8 text."
                                    ).format(name=n)) from None
    return v


def _check(name: str, f: Field, value):
    if f.kind == "text":
        return _text(name, value, MAX_TEXT).strip()
    if f.kind == "long":
        return _text(name, value, MAX_LONG)
    if f.kind == "enum":
        if value not in f.choices:
            allowed = ", ".join(f.choices)
            raise ValidationError(f"“{value}” is not a valid {name}; choose one of: {allowed}.")
        return value
    if f.kind == "date":
        return dates.normalize(value)
    if f.kind == "list":
        if isinstance(value, str):
            value = [p.strip() for p in value.split(";")]
        if not isinstance(value, list) or len(value) > 200:
            raise ValidationError(f"The field “{name}” must be a list.")
        return [_text(name, v, MAX_TEXT).strip() for v in value if str(v).strip()]
    if f.kind == "ref":
        return check_id(value, name)
    if f.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(f"The field “{name}” must be a whole number.")
        return value
    if f.kind == "sha256":
        if not isinstance(value, str) or not _HEX64.match(value):
            raise ValidationError(f"The field “{name}” must be a SHA-256 in hex.")
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
    if not isinstance(value, list) or len(value) > 200:
        raise ValidationError(f"The field “{name}” must be a list of fingerprints.")
    out: list[str] = []
    for v in value:
        digits = "".join(str(v).split())
        if not _FPR.match(digits):
            raise ValidationError(f"“{str(v)[:60]}” in the field “{name}” is not a fingerprint.")
        if digits not in out:
            out.append(digits)
    return out


def _markers(name: str, value) -> list:
    """A recording's markers: [{"at_ms": whole number, "label": text}], at most 10 000."""
    if not isinstance(value, list) or len(value) > 10_000:
        raise ValidationError(f"The field “{name}” must be a list of markers.")
    out = []
    for m in value:
        if not isinstance(m, dict) or set(m) - {"at_ms", "label"}:
            raise ValidationError(f"The field “{name}” must be a list of markers.")
        at = _check(name, Field("int"), m.get("at_ms"))
        out.append({"at_ms": at, "label": _text(name, m.get("label", ""), MAX_TEXT).strip()})
    return out


def _facts(name: str, value, depth: int) -> dict:
    """Metadata read from a file: short text, whole numbers and yes/no, one level of nesting."""
    if not isinstance(value, dict) or len(value) > 100 or depth > 1:
        raise ValidationError(f"The field “{name}” must be a set of facts.")
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
    raise ValidationError(f"The {name} “{str(value)[:60]}” is not a record id.")


CONSENT = {
    "scope": Field("enum", True, vocab.CONSENT_SCOPES, "Scope"),
    "method": Field("enum", False, vocab.CONSENT_METHODS, "How given"),
    "given_on": Field("date", False, label="When given"),
    # Organisations that are contacts, by fingerprint (what an export matches recipients
    # against); "organisations" keeps, as text, those that are not contacts yet.
    "contacts": Field("fingerprints", label="Named organisations (contacts)"),
    "organisations": Field("list", label="Named organisations"),
    "remarks": Field("text", label="Remarks"),
}

SCHEMAS: dict[str, dict[str, Field]] = {
    "case": {
        "title": Field("text", True, label="Title"),
        "summary": Field("long", label="Summary"),
        "status": Field("enum", False, vocab.CASE_STATUS, "Status"),
        "tags": Field("list", label="Tags"),
    },
    "person": {
        "name": Field("text", True, label="Name"),
        "other_names": Field("list", label="Other names"),
        "pseudonym": Field("text", label="Pseudonym"),
        "sex": Field("enum", False, vocab.SEX, "Sex"),
        "birth_date": Field("date", label="Birth date"),
        "risk_level": Field("enum", False, vocab.RISK_LEVELS, "Risk level"),
        "occupation": Field("text", label="Occupation"),
        "remarks": Field("long", label="Remarks"),
    },
    "event": {
        "type": Field("enum", True, vocab.EVENT_TYPES, "Event type"),
        "title": Field("text", True, label="Title"),
        "date": Field("date", label="Date"),
        "end_date": Field("date", label="End date"),
        "place": Field("text", label="Place"),
        "description": Field("long", label="Description"),
    },
    "testimony": {
        "title": Field("text", label="Title"),
        "interviewee_id": Field("ref", label="Interviewee (person)"),
        "interviewee": Field("text", label="Interviewee"),
        "interviewer": Field("text", label="Interviewer"),
        "date": Field("date", label="Date of interview"),
        "place": Field("text", label="Place"),
        "language": Field("text", label="Language"),
        "interpreter": Field("text", label="Interpreter"),
        "consent": Field("consent", True, label="Consent"),
        "pseudonym": Field("text", label="Pseudonym"),
        "risk_level": Field("enum", False, vocab.RISK_LEVELS, "Risk level"),
        "text": Field("long", True, label="Testimony"),
    },
    "note": {
        "title": Field("text", label="Title"),
        "text": Field("long", True, label="Note"),
    },
    "attachment": {
        "sha256": Field("sha256", True, label="SHA-256"),
        "size": Field("int", True, label="Size"),
        "filename": Field("text", True, label="File name"),
        "mime": Field("text", label="Type"),
        "record_id": Field("ref", label="Attached to"),
        "description": Field("text", label="Description"),
        "duration_ms": Field("int", label="Duration"),
        "markers": Field("markers", label="Markers"),
        "metadata": Field("facts", label="Metadata"),
        "working_copy_of": Field("ref", label="Working copy of"),
        "stripped": Field("list", label="Metadata removed"),
    },
    "link": {
        "person_id": Field("ref", True, label="Person"),
        "event_id": Field("ref", True, label="Event"),
        "role": Field("enum", True, vocab.ROLES, "Role"),
    },
}

TYPES = tuple(SCHEMAS)

# The type a reference field must point at (record_id may point at any record of the case).
REF_TARGETS = {"interviewee_id": "person", "person_id": "person", "event_id": "event",
               "working_copy_of": "attachment"}


def references(rtype: str, data: dict) -> list[tuple[str, str, Field, str | None]]:
    """(field name, id referred to, the field, the type it must be or None) of each reference
    in a record's data: what the store checks at a save and the importer after an import."""
    fields = SCHEMAS[rtype]
    return [(name, value, fields[name], REF_TARGETS.get(name)) for name, value in data.items()
            if name in fields and fields[name].kind == "ref"]


def validate_fields(kind: str, schema: dict[str, Field], data) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(f"A {kind} must be a set of fields.")
    unknown = set(data) - set(schema)
    if unknown:
        raise ValidationError(f"A {kind} has no field “{sorted(unknown)[0]}”.")
    out = {}
    for name, f in schema.items():
        value = data.get(name)
        if value is None or value == "" or value == []:
            if f.required:
                raise ValidationError(f"The field “{name}” is required for a {kind}.")
            continue
        checked = _check(name, f, value)
        if checked is None or checked == "" or checked == []:
            if f.required:
                raise ValidationError(f"The field “{name}” is required for a {kind}.")
            continue
        out[name] = checked
    return out


def validate(rtype: str, data) -> dict:
    if rtype not in SCHEMAS:
        raise ValidationError(f"“{rtype}” is not a record type.")
    return validate_fields(rtype, SCHEMAS[rtype], data)


def title_of(rtype: str, data: dict) -> str:
    """The one line a list shows for a record."""
    if rtype == "case":
        return data.get("title", "")
    if rtype == "person":
        name = data.get("name", "")
        return f"{name} ({data['pseudonym']})" if data.get("pseudonym") else name
    if rtype == "event":
        return data.get("title", "")
    if rtype == "testimony":
        return (data.get("title") or data.get("pseudonym") or data.get("interviewee")
                or "Testimony")
    if rtype == "note":
        return data.get("title") or data.get("text", "").strip().split("\n", 1)[0][:80]
    if rtype == "attachment":
        return data.get("filename", "")
    if rtype == "link":
        return vocab.ROLES.get(data.get("role", ""), "")
    return ""


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
        elif f.kind == "enum":
            parts.append(f.choices.get(value, value))
        elif f.kind == "consent":
            parts.extend(value.get("organisations", []))
    return "\n".join(parts)
