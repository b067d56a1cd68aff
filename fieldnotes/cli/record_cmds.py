"""case/person/event/testimony/note add, link, case list, show, history, search, edit, delete,
purge."""

from __future__ import annotations

from fieldnotes import consent_links, search, userfiles
from fieldnotes.cli import common
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import N_, _
from fieldnotes.records import model, vocab

_CASE = N_("the case's id")
# testimony add: its plain text fields and what each holds
_TESTIMONY_FIELDS = (
    ("title", N_("a short title")),
    ("interviewee", N_("who gave the testimony, as a name or a description")),
    ("interviewer", N_("who took it")),
    ("date", N_("when the interview took place")),
    ("place", N_("where the interview took place")),
    ("language", N_("the language of the interview")),
    ("interpreter", N_("the interpreter, if there was one")),
    ("pseudonym", N_("the name to use for the source instead of their own")),
)


def _text_arg(p, required=True) -> None:
    g = p.add_mutually_exclusive_group(required=required)
    g.add_argument("--text", help=_("the text, typed on the command line"))
    g.add_argument("--text-file", help=_("a UTF-8 text file holding the text"))


def _case(p, required=True) -> None:
    p.add_argument("--case", required=required, help=_(_CASE))


def register(sub) -> None:
    case = sub.add_parser("case", help=_("cases")).add_subparsers(dest="case_cmd", required=True)
    p = case.add_parser("add", help=_("create a case"))
    p.add_argument("--title", required=True, help=_("the case's title"))
    p.add_argument("--summary", help=_("a short summary of the case"))
    p.add_argument("--status", choices=list(vocab.CASE_STATUS), help=_("the case's status"))
    p.add_argument("--tag", action="append", dest="tags", help=_("a tag (repeatable)"))
    p.set_defaults(func=cmd_add, rtype="case")
    p = case.add_parser("list", help=_("list cases"))
    common.json_option(p)
    p.set_defaults(func=cmd_case_list)

    person = sub.add_parser("person", help=_("people in a case")).add_subparsers(dest="person_cmd", required=True)
    p = person.add_parser("add", help=_("add a person to a case"))
    _case(p)
    p.add_argument("--name", required=True, help=_("the person's name"))
    p.add_argument("--other-name", action="append", dest="other_names",
                   help=_("another name the person is known by (repeatable)"))
    p.add_argument("--pseudonym", help=_("the name reports use instead of the person's own"))
    p.add_argument("--sex", choices=list(vocab.SEX), help=_("the person's sex"))
    p.add_argument("--birth-date", help=_("date of birth (1975-03-02, 1975, ~1975)"))
    p.add_argument("--risk", dest="risk_level", choices=list(vocab.RISK_LEVELS),
                   help=_("the risk the person faces if identified"))
    p.add_argument("--occupation", help=_("the person's occupation"))
    p.add_argument("--remarks", help=_("anything else worth noting"))
    p.set_defaults(func=cmd_add, rtype="person")

    event = sub.add_parser("event", help=_("events in a case")).add_subparsers(dest="event_cmd", required=True)
    p = event.add_parser("add", help=_("add an event to a case"))
    _case(p)
    p.add_argument("--type", dest="event_type", required=True, choices=list(vocab.EVENT_TYPES),
                   help=_("the kind of event"))
    p.add_argument("--title", required=True, help=_("a short title"))
    p.add_argument("--date", help=_("2015-07-09, ~2015-07, 2015, or 2015-07-01/2015-07-20"))
    p.add_argument("--end-date", help=_("the last day, for an event that lasted"))
    p.add_argument("--place", help=_("where it happened"))
    p.add_argument("--description", help=_("what happened"))
    p.set_defaults(func=cmd_add, rtype="event")

    testimony = sub.add_parser("testimony", help=_("testimonies (with consent)")).add_subparsers(dest="t_cmd", required=True)
    p = testimony.add_parser("add", help=_("add a testimony to a case"))
    _case(p)
    p.add_argument("--person", dest="interviewee_id", help=_("the interviewee's person id"))
    p.add_argument("--consent", required=True, choices=list(vocab.CONSENT_SCOPES),
                   help=_("what uses the source agreed to"))
    p.add_argument("--consent-method", choices=list(vocab.CONSENT_METHODS),
                   help=_("how the source gave consent"))
    p.add_argument("--consent-date", help=_("when the source gave consent"))
    p.add_argument("--share-with", action="append", dest="organisations",
                   help=_("an organisation the source agreed to share with (repeatable)"))
    _text_arg(p)
    for opt, helptext in _TESTIMONY_FIELDS:
        p.add_argument(f"--{opt}", help=_(helptext))
    p.add_argument("--risk", dest="risk_level", choices=list(vocab.RISK_LEVELS),
                   help=_("the risk the source faces if identified"))
    p.set_defaults(func=cmd_add, rtype="testimony")

    note = sub.add_parser("note", help=_("notes in a case")).add_subparsers(dest="note_cmd", required=True)
    p = note.add_parser("add", help=_("add a note to a case"))
    _case(p)
    p.add_argument("--title", help=_("a short title"))
    _text_arg(p)
    p.set_defaults(func=cmd_add, rtype="note")

    p = sub.add_parser("link", help=_("tie a person to an event in a role"))
    p.add_argument("--person", required=True, help=_("the person's id"))
    p.add_argument("--event", required=True, help=_("the event's id"))
    p.add_argument("--role", required=True, choices=list(vocab.ROLES),
                   help=_("the person's role in the event"))
    p.set_defaults(func=cmd_link)

    for name, func, helptext in (("show", cmd_show, N_("show a record")),
                                 ("history", cmd_history, N_("a record's revisions"))):
        p = sub.add_parser(name, help=_(helptext))
        p.add_argument("id", help=_("the record's id"))
        common.json_option(p)
        p.set_defaults(func=func)

    p = sub.add_parser("list", help=_("list the records of a case"))
    _case(p)
    p.add_argument("--type", choices=list(model.TYPES), help=_("only records of this type"))
    common.json_option(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help=_("full-text search (English, Chinese, …)"))
    p.add_argument("query", help=_("the words to look for"))
    p.add_argument("--case", help=_("only in this case (its id)"))
    p.add_argument("--limit", type=int, default=50, help=_("at most this many results "
                                                           "(default: 50)"))
    common.json_option(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("edit", help=_("change fields of a record (a new revision)"))
    p.add_argument("id", help=_("the record's id"))
    p.add_argument("--field", action="append", required=True, metavar="NAME=VALUE",
                   help=_("a field and its new value (repeatable; a list's items are "
                          "separated by ;)"))
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("delete", help=_("mark a record deleted (its history is kept)"))
    p.add_argument("id", help=_("the record's id"))
    p.set_defaults(func=cmd_delete)


def _read_text(args) -> str:
    if getattr(args, "text", None) is not None:
        return args.text
    return userfiles.read_text(args.text_file)


def _data_from_args(args) -> dict:
    schema = model.SCHEMAS[args.rtype]
    data = {}
    for name in schema:
        attr = "event_type" if (args.rtype == "event" and name == "type") else name
        value = getattr(args, attr, None)
        if value not in (None, [], ""):
            data[name] = value
    if args.rtype in ("testimony", "note"):
        data["text"] = _read_text(args)
    if args.rtype == "testimony":
        consent = {"scope": args.consent}
        if args.consent_method:
            consent["method"] = args.consent_method
        if args.consent_date:
            consent["given_on"] = args.consent_date
        if args.organisations:
            consent["organisations"] = args.organisations
        data["consent"] = consent
    return data


def cmd_add(args) -> int:
    with common.open_vault(args) as vault:
        store = common.store_of(vault)
        data = _data_from_args(args)
        if "consent" in data:  # --share-with names a contact exactly: link it by fingerprint
            data["consent"] = consent_links.names_to_contacts(vault.conn, data["consent"])
        print(store.create(args.rtype, data, getattr(args, "case", None)))
    return 0


def cmd_link(args) -> int:
    with common.open_vault(args) as vault:
        store = common.store_of(vault)
        person = store.get(args.person)
        print(store.create("link", {"person_id": args.person, "event_id": args.event,
                                    "role": args.role}, person["case_id"]))
    return 0


def _public(rec: dict) -> dict:
    return {k: rec[k] for k in ("id", "type", "case_id", "title", "deleted", "origin", "author",
                                "created", "updated", "head", "data")}


def _print_records(args, rtype: str | None, case_id: str | None, with_type: bool) -> int:
    with common.open_vault(args) as vault:
        items = common.store_of(vault).list(rtype, case_id)
    if args.json:
        common.emit_json([_public(r) for r in items])
    else:
        for r in items:
            kind = f"{r['type']:<10} " if with_type else ""
            print(f"{r['id']}  {kind}{r['title']}")
    return 0


def cmd_case_list(args) -> int:
    return _print_records(args, "case", None, with_type=False)


def cmd_list(args) -> int:
    return _print_records(args, args.type, args.case, with_type=True)


def cmd_show(args) -> int:
    with common.open_vault(args) as vault:
        rec = common.store_of(vault).get(args.id)
    if args.json:
        common.emit_json(_public(rec))
        return 0
    line = _("{type} {id} (deleted)") if rec["deleted"] else _("{type} {id}")
    print(line.format(type=vocab.record_type_label(rec["type"]), id=rec["id"]))
    print(_("case: {id}").format(id=rec["case_id"]))
    if rec["origin"]:
        print(_("from: {sender} (read-only)").format(sender=rec["origin"]))
    for name, value in rec["data"].items():
        label, shown = model.show_field(rec["type"], name, value)
        print(_("{label}: {value}").format(label=label, value=shown))
    return 0


def cmd_history(args) -> int:
    with common.open_vault(args) as vault:
        revs = common.store_of(vault).history(args.id)
    if args.json:
        common.emit_json([{**r, "id": args.id} for r in revs])
    else:
        for r in revs:
            parent = (_("parent {hash}").format(hash=r["parent"][:16]) if r["parent"]
                      else _("none (first revision)"))
            flag = "  " + _("deleted") if r["deleted"] else ""
            print(f"{r['time']}  {r['hash'][:16]}  {parent}{flag}")
    return 0


def cmd_search(args) -> int:
    with common.open_vault(args) as vault:
        hits = search.search(vault.conn, args.query, limit=args.limit, case_id=args.case)
    for h in hits:
        h["snippet"] = search.plain_snippet(h["snippet"])
    if args.json:
        common.emit_json(hits)
    else:
        for h in hits:
            snippet = " ".join(h["snippet"].split())  # one hit, one line
            print(f"{h['id']}  {h['type']:<10} {snippet}")
    return 0


def _parse_field(text: str, rtype: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep:
        raise ValidationError(_("“{text}” is not NAME=VALUE.").format(text=text))
    name = name.strip()
    outer, dot, inner = name.partition(".")  # consent.scope=share_named
    f = model.SCHEMAS[rtype].get(outer)
    if f is None:
        raise ValidationError(_("A record of type {kind} has no field “{name}”.").format(kind=rtype, name=outer))
    if dot:
        if f.kind != "consent":
            raise ValidationError(_("The field “{name}” has no parts; write {name}=VALUE."
                                    ).format(name=outer))
        return outer, {inner: value}
    if f.kind == "list":
        return name, [v.strip() for v in value.split(";") if v.strip()]
    if f.kind == "int":
        try:
            return name, int(value)
        except ValueError:
            raise ValidationError(_("“{name}” must be a whole number.").format(name=name)) from None
    return name, value


def cmd_edit(args) -> int:
    with common.open_vault(args) as vault:
        store = common.store_of(vault)
        rec = store.get(args.id)
        changes: dict = {}
        for item in args.field:
            name, value = _parse_field(item, rec["type"])
            if isinstance(value, dict):
                merged = dict(changes.get(name) or rec["data"].get(name) or {})
                merged.update({k: v for k, v in value.items()})
                merged = {k: v for k, v in merged.items() if v not in ("", None)}
                value = merged
            changes[name] = value
        print(store.update(args.id, changes))
    return 0


def cmd_delete(args) -> int:
    with common.open_vault(args) as vault:
        print(common.store_of(vault).delete(args.id))
    return 0
