"""case/person/event/testimony/note add, link, case list, show, history, search, edit, delete,
purge."""

from __future__ import annotations

from fieldnotes import consent_links, search, userfiles
from fieldnotes.cli import common
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import N_, _
from fieldnotes.records import model, vocab


def _text_arg(p, required=True) -> None:
    g = p.add_mutually_exclusive_group(required=required)
    g.add_argument("--text")
    g.add_argument("--text-file")


def register(sub) -> None:
    case = sub.add_parser("case", help=_("cases")).add_subparsers(dest="case_cmd", required=True)
    p = case.add_parser("add", help=_("create a case"))
    p.add_argument("--title", required=True)
    p.add_argument("--summary")
    p.add_argument("--status", choices=list(vocab.CASE_STATUS))
    p.add_argument("--tag", action="append", dest="tags")
    p.set_defaults(func=cmd_add, rtype="case")
    p = case.add_parser("list", help=_("list cases"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_case_list)

    person = sub.add_parser("person", help=_("people in a case")).add_subparsers(dest="person_cmd", required=True)
    p = person.add_parser("add", help=_("add a person to a case"))
    p.add_argument("--case", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--other-name", action="append", dest="other_names")
    p.add_argument("--pseudonym")
    p.add_argument("--sex", choices=list(vocab.SEX))
    p.add_argument("--birth-date")
    p.add_argument("--risk", dest="risk_level", choices=list(vocab.RISK_LEVELS))
    p.add_argument("--occupation")
    p.add_argument("--remarks")
    p.set_defaults(func=cmd_add, rtype="person")

    event = sub.add_parser("event", help=_("events in a case")).add_subparsers(dest="event_cmd", required=True)
    p = event.add_parser("add", help=_("add an event to a case"))
    p.add_argument("--case", required=True)
    p.add_argument("--type", dest="event_type", required=True, choices=list(vocab.EVENT_TYPES))
    p.add_argument("--title", required=True)
    p.add_argument("--date", help=_("2015-07-09, ~2015-07, 2015, or 2015-07-01/2015-07-20"))
    p.add_argument("--end-date")
    p.add_argument("--place")
    p.add_argument("--description")
    p.set_defaults(func=cmd_add, rtype="event")

    testimony = sub.add_parser("testimony", help=_("testimonies (with consent)")).add_subparsers(dest="t_cmd", required=True)
    p = testimony.add_parser("add", help=_("add a testimony to a case"))
    p.add_argument("--case", required=True)
    p.add_argument("--person", dest="interviewee_id", help=_("the interviewee's person id"))
    p.add_argument("--consent", required=True, choices=list(vocab.CONSENT_SCOPES))
    p.add_argument("--consent-method", choices=list(vocab.CONSENT_METHODS))
    p.add_argument("--consent-date")
    p.add_argument("--share-with", action="append", dest="organisations",
                   help=_("an organisation the source agreed to share with (repeatable)"))
    _text_arg(p)
    for opt in ("title", "interviewee", "interviewer", "date", "place", "language",
                "interpreter", "pseudonym"):
        p.add_argument(f"--{opt}")
    p.add_argument("--risk", dest="risk_level", choices=list(vocab.RISK_LEVELS))
    p.set_defaults(func=cmd_add, rtype="testimony")

    note = sub.add_parser("note", help=_("notes in a case")).add_subparsers(dest="note_cmd", required=True)
    p = note.add_parser("add", help=_("add a note to a case"))
    p.add_argument("--case", required=True)
    p.add_argument("--title")
    _text_arg(p)
    p.set_defaults(func=cmd_add, rtype="note")

    p = sub.add_parser("link", help=_("tie a person to an event in a role"))
    p.add_argument("--person", required=True)
    p.add_argument("--event", required=True)
    p.add_argument("--role", required=True, choices=list(vocab.ROLES))
    p.set_defaults(func=cmd_link)

    for name, func, helptext in (("show", cmd_show, N_("show a record")),
                                 ("history", cmd_history, N_("a record's revisions"))):
        p = sub.add_parser(name, help=_(helptext))
        p.add_argument("id")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("list", help=_("list the records of a case"))
    p.add_argument("--case", required=True)
    p.add_argument("--type", choices=list(model.TYPES))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help=_("full-text search (English, Chinese, …)"))
    p.add_argument("query")
    p.add_argument("--case")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("edit", help=_("change fields of a record (a new revision)"))
    p.add_argument("id")
    p.add_argument("--field", action="append", required=True, metavar="NAME=VALUE")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("delete", help=_("mark a record deleted (its history is kept)"))
    p.add_argument("id")
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
