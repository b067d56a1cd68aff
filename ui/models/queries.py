"""Small read-only helpers the screens need and the core does not offer (yet).

Plain SELECTs on the core's tables; nothing here writes. Callers pass a connection (the UI
thread's ``vault.conn`` or a worker's own).
"""

from __future__ import annotations

import mimetypes

from fieldnotes.i18n import N_, _
from fieldnotes.records import case_counts, model
from fieldnotes.records.vocab import record_type_label

# Whole sentences per record type (a language may need to say each differently).
_NEW = {"case": N_("New case"), "person": N_("New person"), "event": N_("New event"),
        "testimony": N_("New testimony"), "note": N_("New note"),
        "attachment": N_("New attachment")}
_CHOOSE = {"case": N_("Choose a case on the left."),
           "person": N_("Choose a person on the left."),
           "event": N_("Choose an event on the left."),
           "testimony": N_("Choose a testimony on the left."),
           "note": N_("Choose a note on the left."),
           "attachment": N_("Choose an attachment on the left.")}


def noun(rtype: str) -> str:
    """``testimony``: the record type's label in the current language, in lower case."""
    return record_type_label(rtype).lower()


def new_label(rtype: str) -> str:
    """"New testimony", in the current language."""
    return _(_NEW[rtype]) if rtype in _NEW else record_type_label(rtype)


def choose_label(rtype: str) -> str:
    return _(_CHOOSE[rtype]) if rtype in _CHOOSE else record_type_label(rtype)


def counts_by_type(conn, case_id: str) -> dict[str, int]:
    return case_counts.in_case(conn, case_id)


def counts_by_case(conn) -> dict[str, dict[str, int]]:
    """case id → {type: how many live records} for every case (the core keeps the counts)."""
    return case_counts.by_case(conn)


def contact_name(conn, fingerprint: str) -> str | None:
    row = conn.execute("SELECT name FROM contacts WHERE fingerprint = ?",
                       (fingerprint,)).fetchone()
    return row[0] if row else None


def own_card(conn) -> tuple[str, str]:
    """(card text, compact fingerprint) of this vault's identity."""
    row = conn.execute("SELECT card, fingerprint FROM identity WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else ("", "")


def group_fingerprint(fpr: str) -> str:
    fpr = "".join(ch for ch in fpr if ch.isdigit())
    return " ".join(fpr[i:i + 5] for i in range(0, len(fpr), 5))


def ref_choices(store, case_id: str, rtypes: tuple[str, ...]) -> dict[str, str]:
    """id → title for the records of these types in the case (for ref combos)."""
    out: dict[str, str] = {}
    for rtype in rtypes:
        for rec in store.list(rtype, case_id=case_id):
            out[rec["id"]] = rec["title"] or _("({type})").format(type=record_type_label(rtype))
    return out


REF_TYPES = {
    "interviewee_id": ("person",),
    "person_id": ("person",),
    "event_id": ("event",),
    "record_id": ("person", "event", "testimony", "note"),
}


def sort_key(rec: dict) -> tuple:
    """Events by their earliest possible day (undated last), others by creation."""
    if rec["type"] == "event":
        d = rec["data"].get("date")
        return (0, d["start"], d["end"]) if d else (1, "", rec["created"])
    return (0, rec["created"], "")


def when_text(data: dict) -> str:
    """An event's whole date: "2019-03-06", or "2019-03-06 – 2019-09-02" with its end date."""
    start, end = data.get("date"), data.get("end_date")
    if not start:
        return ""
    text = start["text"].replace("/", " – ")
    return f"{text} – {end['text']}" if end else text


def list_title(rec: dict) -> str:
    # From the data, not the stored title: a vault made before this change stored the English
    # word "Testimony" for an untitled testimony.
    title = model.title_of(rec["type"], rec["data"]) or _("(untitled)")
    if rec["type"] == "event" and rec["data"].get("date"):
        return f"{when_text(rec['data'])}  ·  {title}"
    if (rec["data"].get("consent") or {}).get("scope") == "withdrawn":
        return _("{title}  ·  consent withdrawn").format(title=title)
    return title


# Python's own table (the same on every system, unlike /etc/mime.types), and the office
# formats it lacks.
_BUILT_IN = mimetypes.MimeTypes(filenames=())
_OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


def kind_of(mime: str) -> str:
    """"PNG image", "Plain text", "PDF document" — what a file is, from its MIME type."""
    from fieldnotes.i18n import _

    major, _sep, sub = (mime or "").partition("/")
    sub = sub.split(";")[0].removeprefix("x-").removeprefix("vnd.").upper()
    if mime == "text/plain":
        return _("Plain text")
    if mime == "application/pdf":
        return _("PDF document")
    if major == "image":
        return _("{format} image").format(format=sub)
    if major == "audio":
        return _("{format} audio").format(format=sub)
    if major == "video":
        return _("{format} video").format(format=sub)
    if major == "text":
        return _("{format} text").format(format=sub)
    # Other files by the extension they usually carry ("DOCX file"); a type with no usual
    # extension, or none at all (application/octet-stream), is just a file.
    base = (mime or "").split(";")[0].strip()
    ext = (_OFFICE.get(base) or _BUILT_IN.guess_extension(base) or "") if base else ""
    if ext and ext != ".bin":
        return _("{format} file").format(format=ext[1:].upper())
    return _("File")
