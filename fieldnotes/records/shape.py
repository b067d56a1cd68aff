"""The JSON shape of a revision line, checked before any of its values is used.

A bundle's record lines come from outside. Before the model's rules read a field (compare it,
strip it, look it up in a vocabulary), every value must have the JSON type that rule expects:
text where text goes, an object where an object goes, a whole number, true or false, or null
only where null is allowed. :func:`check_line` checks a parsed line against one schema per
record type, derived from the model (fieldnotes/records/model.py), so a wrongly typed line is
refused with a ValidationError instead of reaching code that assumes the type.
"""

from __future__ import annotations

from fieldnotes.errors import ValidationError
from fieldnotes.i18n import _
from fieldnotes.records import model

_NONE = type(None)
LINE = {"v": int, "record": dict, "parent": (str, _NONE), "author": str, "time": str,
        "hash": str}
RECORD = {"id": str, "type": str, "case_id": str, "deleted": bool, "data": dict}
DATE = {"text": str, "precision": str, "start": str, "end": str}
# The JSON type of each kind of model field, as a stored (normal form) record holds it.
KINDS = {"text": str, "long": str, "enum": str, "ref": str, "sha256": str, "int": int,
         "list": list, "fingerprints": list, "date": dict, "consent": dict, "markers": list,
         "facts": dict}
LISTS_OF_TEXT = ("list", "fingerprints")


def _is(value, kind) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON true/false is not a number
    return isinstance(value, kinds)


def _object(value, spec: dict) -> None:
    """``value`` is an object with exactly the keys of ``spec``, each of its type."""
    if not isinstance(value, dict) or set(value) != set(spec):
        raise ValidationError(_("A record line lacks a field or has one it should not have."))
    for key, kind in spec.items():
        if not _is(value[key], kind):
            raise ValidationError(_("The “{field}” of a record line has the wrong type."
                                    ).format(field=key))


def _fields(data: dict, schema: dict[str, model.Field]) -> None:
    for name, value in data.items():
        f = schema.get(name)
        if f is None:
            raise ValidationError(_("A record has no field “{field}”.").format(field=name[:40]))
        if not _is(value, KINDS[f.kind]):
            raise ValidationError(_("The field “{field}” of a record has the wrong type."
                                    ).format(field=name))
        if f.kind in LISTS_OF_TEXT and not all(isinstance(v, str) for v in value):
            raise ValidationError(_("The field “{field}” of a record has the wrong type."
                                    ).format(field=name))
        if f.kind == "date":
            _object(value, DATE)
        if f.kind == "consent":
            _fields(value, model.CONSENT)


def check_line(obj) -> None:
    """Check the JSON types of a parsed revision line; ValidationError if any is wrong."""
    _object(obj, LINE)
    _object(obj["record"], RECORD)
    rtype = obj["record"]["type"]
    if rtype not in model.SCHEMAS:
        raise ValidationError(_("A record has an unknown type."))
    _fields(obj["record"]["data"], model.SCHEMAS[rtype])
