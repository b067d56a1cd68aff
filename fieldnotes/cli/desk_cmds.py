"""The coordinator's desk: import (many bundles), import-log, review list/set/history."""

from __future__ import annotations

import sys

from fieldnotes.cli import common
from fieldnotes.contacts import compact
from fieldnotes.desk import batch, importlog, review
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _, ngettext


def register(sub) -> None:
    p = sub.add_parser("import", help=_("import bundles from verified contacts, each on its "
                                        "own; exit 1 if any was refused"))
    p.add_argument("files", nargs="*", metavar="FILE", help=_("bundle files"))
    p.add_argument("--dir", action="append", default=[], metavar="DIR",
                   help=_("also every .bundle and .age file in this folder"))
    common.json_option(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("import-log", help=_("every import attempt, taken or refused"))
    p.add_argument("--status", choices=list(importlog.STATUS_LABELS),
                   help=_("only attempts with this outcome"))
    p.add_argument("--limit", type=int, help=_("at most this many, the newest first"))
    common.json_option(p)
    p.set_defaults(func=cmd_import_log)

    rsub = sub.add_parser("review", help=_("review imported records")).add_subparsers(
        dest="review_cmd", required=True)
    p = rsub.add_parser("list", help=_("imported records and their review state"))
    p.add_argument("--state", choices=list(review.STATES),
                   help=_("only records in this review state"))
    p.add_argument("--sender", metavar="FINGERPRINT", help=_("only records from this sender"))
    p.add_argument("--case", metavar="ID", help=_("only records of this case"))
    p.add_argument("--type", dest="rtype", help=_("only records of this type"))
    p.add_argument("--since", metavar="DATE",
                   help=_("only records last changed on or after this date (YYYY-MM-DD)"))
    p.add_argument("--until", metavar="DATE",
                   help=_("only records last changed on or before this date (YYYY-MM-DD)"))
    p.add_argument("--limit", type=int, help=_("at most this many records"))
    common.json_option(p)
    p.set_defaults(func=cmd_review_list)
    p = rsub.add_parser("set", help=_("record a decision on one or more records"))
    p.add_argument("ids", nargs="+", metavar="ID", help=_("the records' ids"))
    p.add_argument("--decision", required=True, choices=list(review.STATES),
                   help=_("the decision"))
    p.add_argument("--comment", help=_("a comment, kept in your vault and never sent"))
    p.add_argument("--duplicate-of", metavar="ID",
                   help=_("the record these duplicate (with --decision duplicate)"))
    p.set_defaults(func=cmd_review_set)
    p = rsub.add_parser("history", help=_("every review decision on a record"))
    p.add_argument("id", help=_("the record's id"))
    common.json_option(p)
    p.set_defaults(func=cmd_review_history)


def copies_sentence(file: str) -> str:
    return _("{file}: the sender chose to send working copies, with identifying metadata "
             "removed, instead of the original attachments.").format(file=file)


def cmd_import(args) -> int:
    paths = list(args.files)
    for folder in args.dir:
        paths += batch.bundles_in(folder)
    if not paths:
        raise FieldnotesError(_("Name at least one bundle file or a folder holding bundles."))
    with common.open_vault(args) as vault:
        attempts = batch.import_many(vault, paths, finished=None if args.json else _say)
    if args.json:
        common.emit_json([a.to_dict() for a in attempts])
    refused = sum(not a.taken for a in attempts)
    common.info(ngettext("{n} bundle: {taken} taken, {refused} refused.",
                         "{n} bundles: {taken} taken, {refused} refused.", len(attempts)).format(
        n=len(attempts), taken=len(attempts) - refused, refused=refused))
    return 1 if refused else 0


def _say(_i: int, a: batch.Attempt) -> None:
    for gap in a.gaps:
        common.warn(f"{a.file}: {gap}")
    if a.taken:
        cases = "".join(f"; {c['id']} {c['title']}" for c in a.cases)
        print(f"{a.file}: {batch.attempt_line(a)}{cases}", flush=True)
        if a.copies == "working":
            common.info(copies_sentence(a.file))
    else:
        print(f"fieldnotes: {a.file}: {batch.attempt_line(a)}", file=sys.stderr, flush=True)


def cmd_import_log(args) -> int:
    with common.open_vault(args) as vault:
        rows = importlog.entries(vault.conn, limit=args.limit, status=args.status)
    if args.json:
        common.emit_json(rows)
        return 0
    for e in rows:
        who = e["sender_name"] or e["sender"] or "-"
        what = importlog.reason_text(e) if e["status"] == "refused" else _(
            "{added} added, {skipped} already present").format(added=e["added"],
                                                              skipped=e["skipped"])
        print("\t".join([e["time"], importlog.status_label(e["status"]), e["file"], who,
                         e["bundle_id"] or "-", str(e["sequence"] or "-"), what,
                         *importlog.gap_texts(e)]))
    return 0


def _filters(args) -> review.Filters:
    return review.Filters(state=args.state, sender=compact(args.sender) if args.sender else None,
                          case_id=args.case, rtype=args.rtype, since=args.since,
                          until=args.until)


def cmd_review_list(args) -> int:
    with common.open_vault(args) as vault:
        rows = review.items(vault.conn, _filters(args), limit=args.limit)
    if args.json:
        common.emit_json(rows)
        return 0
    for r in rows:
        print("\t".join([r["id"], review.state_label(r["state"]), r["type"],
                         r["sender_name"] or r["sender"], r["title"]]))
    return 0


def cmd_review_set(args) -> int:
    with common.open_vault(args) as vault:
        out = review.set_decision(vault.conn, vault.fingerprint, args.ids, args.decision,
                                  args.comment, args.duplicate_of)
    for rid, reason in out.refused:
        print(f"fieldnotes: {rid}: {reason}", file=sys.stderr)
    print(_("{changed} changed, {unchanged} already so, {refused} refused.").format(
        changed=len(out.changed), unchanged=len(out.unchanged), refused=len(out.refused)))
    return 1 if out.refused else 0


def cmd_review_history(args) -> int:
    with common.open_vault(args) as vault:
        common.store_of(vault).get(args.id)  # NotFound for an unknown id
        rows = review.history(vault.conn, args.id)
    if args.json:
        common.emit_json(rows)
        return 0
    for r in rows:
        print("\t".join([r["time"], review.state_label(r["state"]), r["hash"],
                         r["comment"] or ""]))
    return 0
