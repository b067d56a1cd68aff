"""Dates as documenters know them: exact, approximate, month-only, year-only, or a range.

Accepted text forms (ISO 8601 based):
    2015-07-09            exact day
    ~2015-07-09, ~2015-07, ~2015    approximate ("circa")
    2015-07               month only
    2015                  year only
    2015-07-01/2015-07-20 range (each end may itself be a day, month or year)
A parsed date is a dict ``{"text", "precision", "start", "end"}`` where start/end are the first
and last possible day, so events sort and lay out on a timeline whatever their precision.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from fieldnotes.errors import ValidationError

PRECISIONS = ("day", "month", "year", "approximate", "range")
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _bounds(part: str) -> tuple[date, date, str]:
    m = _PART.match(part)
    if not m:
        raise ValidationError(
            f"“{part}” is not a date; use 2015-07-09, 2015-07, 2015, ~2015-07 or 2015-07-01/2015-07-20."
        )
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            day = date(y, int(mo), int(d))
            return day, day, "day"
        if mo:
            last = calendar.monthrange(y, int(mo))[1]
            return date(y, int(mo), 1), date(y, int(mo), last), "month"
        return date(y, 1, 1), date(y, 12, 31), "year"
    except ValueError:
        raise ValidationError(f"“{part}” is not a real date.") from None


def parse(text: str) -> dict:
    text = (text or "").strip()
    if not text:
        raise ValidationError("The date is empty.")
    if "/" in text:
        a, _, b = text.partition("/")
        start, _, _ = _bounds(a.strip())
        _, end, _ = _bounds(b.strip())
        if end < start:
            raise ValidationError(f"The range “{text}” ends before it starts.")
        precision = "range"
    elif text.startswith("~"):
        start, end, _ = _bounds(text[1:].strip())
        precision = "approximate"
    else:
        start, end, precision = _bounds(text)
    return {"text": text, "precision": precision, "start": start.isoformat(), "end": end.isoformat()}


def normalize(value) -> dict | None:
    """Accept text or an already-parsed dict (re-derived from its text, so it is consistent)."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        if set(value) != {"text", "precision", "start", "end"}:
            raise ValidationError("A date has unexpected fields.")
        parsed = parse(value["text"])
        if parsed != value:
            raise ValidationError(f"The date “{value['text']}” is inconsistent.")
        return parsed
    if isinstance(value, str):
        return parse(value)
    raise ValidationError("A date must be text such as 2015-07-09.")
