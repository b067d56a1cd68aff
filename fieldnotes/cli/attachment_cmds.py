"""attach, save-attachment, purge."""

from __future__ import annotations

from fieldnotes import attachments, userfiles
from fieldnotes.bundle import receipts
from fieldnotes.cli import common
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import _
from fieldnotes.wording import count


def register(sub) -> None:
    p = sub.add_parser("attach", help=_("store a file in the vault (prints ID SHA256)"))
    p.add_argument("--case", required=True, help=_("the case's id"))
    p.add_argument("--record", help=_("the record this file belongs to"))
    p.add_argument("--description", default="", help=_("what the file shows or holds"))
    p.add_argument("file", help=_("the file to store"))
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser("save-attachment", help=_("write a DECRYPTED copy of an attachment"))
    p.add_argument("id", help=_("the attachment's id"))
    common.output_option(p)
    p.set_defaults(func=cmd_save)

    p = sub.add_parser("purge", help=_("destroy a record and its history (emergencies)"))
    p.add_argument("id", nargs="?", help=_("the record to destroy"))
    p.add_argument("--delivered", action="store_true",
                   help=_("destroy everything a coordinator's receipt confirmed"))
    p.set_defaults(func=cmd_purge)


def cmd_attach(args) -> int:
    with common.open_vault(args) as vault:
        rid, digest = attachments.attach_file(common.store_of(vault), args.case, args.file,
                                              args.record, args.description)
    print(f"{rid} {digest}")
    return 0


def cmd_save(args) -> int:
    with common.open_vault(args) as vault:
        rec = common.store_of(vault).get(args.id)
        if rec["type"] != "attachment" or rec["deleted"]:
            raise ValidationError(_("{id} is not an attachment.").format(id=args.id))
        userfiles.check_new(args.output)
        common.warn(_("writing a DECRYPTED copy to {output}; it is not protected by the vault. Delete it securely when you no longer need it.").format(output=args.output))
        attachments.save_copy(vault.conn, args.id, rec["data"]["sha256"], args.output)
    return 0


def cmd_purge(args) -> int:
    if args.delivered == bool(args.id):
        raise ValidationError(_("Give either a record id or --delivered."))
    with common.open_vault(args) as vault:
        if args.delivered:
            n = receipts.purge_delivered(vault)
            common.info(count(n, "Destroyed {n} delivered record.",
                              "Destroyed {n} delivered records."))
        else:
            n = common.store_of(vault).purge(args.id)
            common.info(count(n, "Destroyed {n} record.", "Destroyed {n} records."))
    return 0
