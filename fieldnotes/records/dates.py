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
from fieldnotes.i18n import N_, _

PRECISIONS = ("day", "month", "year", "approximate", "range")
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _bounds(part: str) -> tuple[date, date, str]:
    m = _PART.match(part)
    if not m:
        raise ValidationError(
            _("“{part}” is not a date; use 2015-07-09, 2015-07, 2015, ~2015-07 or 2015-07-01/2015-07-20.").format(part=part)
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
        raise ValidationError(_("“{part}” is not a real date.").format(part=part)) from None


def parse(text: str) -> dict:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The date is empty."))
    if "/" in text:
        a, _sep, b = text.partition("/")
        start, _end, _p = _bounds(a.strip())
        _start, end, _p = _bounds(b.strip())
        if end < start:
            raise ValidationError(_("The range “{text}” ends before it starts.").format(text=text))
        precision = "range"
    elif text.startswith("~"):
        start, end, _p = _bounds(text[1:].strip())
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
            raise ValidationError(_("A date has unexpected fields."))
        parsed = parse(value["text"])
        if parsed != value:
            raise ValidationError(_("The date “{text}” is inconsistent.").format(text=value['text']))
        return parsed
    if isinstance(value, str):
        return parse(value)
    raise ValidationError(_("A date must be text such as 2015-07-09."))


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def _show_part(part: str) -> tuple[str, date, str]:
    """(text in the current language, first day, precision) of one end of a date."""
    start, _last, precision = _bounds(part)
    month = _(MONTHS[start.month - 1])
    if precision == "day":
        text = _("{day} {month_name} {year}").format(day=start.day, month_name=month,
                                                       year=start.year)
    elif precision == "month":
        text = _("{month_name} {year}").format(month_name=month, year=start.year)
    else:
        text = _("{year}").format(year=start.year)
    return text, start, precision


def display(value: dict | str | None) -> str:
    """A date as a person reads it, in the current language: "9 July 2015", "c. December
    2018", "1–20 July 2015"; 2015年7月9日, 约2018年12月, 2015年7月1日至20日. Records keep the
    ISO text; this is only for showing."""
    if not value:
        return ""
    text = value["text"] if isinstance(value, dict) else value
    try:
        if text.startswith("~"):
            return _("c. {date}").format(date=_show_part(text[1:].strip())[0])
        if "/" not in text:
            return _show_part(text)[0]
        a, _sep, b = text.partition("/")
        (first, d1, p1), (second, d2, p2) = _show_part(a.strip()), _show_part(b.strip())
    except ValidationError:
        return text
    if p1 == p2 == "day" and d1.year == d2.year:
        if d1.month == d2.month:
            return _("{day}–{day2} {month_name} {year}").format(
                day=d1.day, day2=d2.day, month_name=_(MONTHS[d1.month - 1]), year=d1.year)
        return _("{day} {month_name} – {day2} {month_name2} {year}").format(
            day=d1.day, month_name=_(MONTHS[d1.month - 1]), day2=d2.day,
            month_name2=_(MONTHS[d2.month - 1]), year=d1.year)
    return _("{start} – {end}").format(start=first, end=second)
