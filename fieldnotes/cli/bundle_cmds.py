"""export, verify, receipt create/import (import: desk_cmds)."""

from __future__ import annotations

import dataclasses

from fieldnotes.bundle import importer, receipts, writer
from fieldnotes.cli import common
from fieldnotes.contacts import grouped
from fieldnotes.i18n import _
from fieldnotes.records.vocab import record_type_label
from fieldnotes.wording import count


def register(sub) -> None:
    p = sub.add_parser("export", help=_("write a signed, encrypted bundle (prints ID SHA256)"))
    p.add_argument("--to", action="append", required=True, metavar="FINGERPRINT",
                   help=_("a verified contact (repeatable)"))
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--case", action="extend", nargs="+", dest="cases", metavar="ID",
                      help=_("the cases to send (their ids)"))
    what.add_argument("--all", action="store_true", help=_("every case"))
    what.add_argument("--since-last", action="store_true",
                      help=_("everything not yet sent to these recipients"))
    p.add_argument("--include", action="extend", nargs="+", default=[], metavar="ID",
                   help=_("send these testimonies even though their consent does not cover the recipients (never withdrawn ones)"))
    p.add_argument("--copies", choices=("originals", "working"), default="both",
                   help=_("where an attachment has a working copy, send only the originals, "
                          "or only the working copies (default: both)"))
    common.output_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("verify", help=_("check a bundle completely, without importing it"))
    p.add_argument("file", help=_("the bundle file"))
    common.json_option(p)
    p.set_defaults(func=cmd_verify)

    receipt = sub.add_parser("receipt", help=_("receipts for imported bundles"))
    rsub = receipt.add_subparsers(dest="receipt_cmd", required=True)
    p = rsub.add_parser("create", help=_("write a signed receipt for an imported bundle"))
    p.add_argument("bundle_id", help=_("the id of the imported bundle"))
    common.output_option(p)
    p.set_defaults(func=cmd_receipt_create)
    p = rsub.add_parser("import", help=_("mark what a coordinator's receipt confirms as delivered"))
    p.add_argument("file", help=_("the receipt file"))
    p.set_defaults(func=cmd_receipt_import)


def cmd_export(args) -> int:
    with common.open_vault(args) as vault:
        result = writer.export_bundle(vault, args.output, args.to, cases=args.cases,
                                      everything=args.all, since_last=args.since_last,
                                      include=set(args.include), copies=args.copies)
    for item in result.left_out:
        common.info(_("left out: {type} {id}: {reason}").format(
            type=record_type_label(item["type"]), id=item["id"], reason=item["reason"]))
    for item in result.withdrawals:
        common.info(_("withdrawal of consent sent: {type} {id}: {reason}").format(
            type=record_type_label(item["type"]), id=item["id"], reason=item["reason"]))
    common.info(_("{revisions} of {records}, {attachments}, {size} bytes.").format(
        revisions=count(result.revisions, "{n} revision", "{n} revisions"),
        records=count(result.records, "{n} record", "{n} records"),
        attachments=count(result.attachments, "{n} attachment", "{n} attachments"), size=result.payload_bytes))
    print(f"{result.bundle_id} {result.sha256}")
    return 0


def cmd_verify(args) -> int:
    with common.open_vault(args) as vault:
        info = importer.verify_bundle(vault, args.file)
    if args.json:
        common.emit_json(dataclasses.asdict(info))
        return 0
    print(_("bundle {id} is intact and signed by {name} ({fingerprint})").format(
        id=info.bundle_id, name=info.sender_name, fingerprint=grouped(info.sender)))
    print(_("sequence {sequence}, {revisions}, {attachments}, {size} bytes, created "
            "{created}").format(
        sequence=info.sequence, revisions=count(info.revisions, "{n} revision", "{n} revisions"),
        attachments=count(info.attachments, "{n} attachment", "{n} attachments"),
        size=info.payload_bytes, created=info.created))
    return 0


def cmd_receipt_create(args) -> int:
    with common.open_vault(args) as vault:
        print(receipts.create_receipt(vault, args.bundle_id, args.output))
    return 0


def cmd_receipt_import(args) -> int:
    with common.open_vault(args) as vault:
        result = receipts.import_receipt(vault, args.file)
    print(_("bundle {id}: {records}").format(id=result.bundle_id, records=count(
        result.delivered_records, "{n} record marked delivered",
        "{n} records marked delivered")))
    return 0
