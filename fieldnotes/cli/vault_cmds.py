"""init, passwd, recover, audit verify, check."""

from __future__ import annotations

from pathlib import Path

from fieldnotes import audit, setup_file, strength
from fieldnotes.blobstore import upkeep
from fieldnotes.cli import common
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _, ngettext
from fieldnotes.jobs import Job
from fieldnotes.vault import Vault
from fieldnotes.wording import count


def register(sub) -> None:
    p = sub.add_parser("init", help=_("create a new vault"))
    p.add_argument("--name", default="", help=_("your display name on your public card"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("passwd", help=_("change the passphrase"))
    p.add_argument("--new-passphrase-file", required=True, metavar="FILE",
                   help=_("a file whose first line is the new passphrase (- for stdin)"))
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("recover", help=_("set a new passphrase using the recovery key, or K recovery shares"))
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--recovery-key-file", metavar="FILE",
                     help=_("a file holding the recovery key shown when the vault was made"))
    way.add_argument("--share-file", action="append", metavar="FILE",
                     help=_("a recovery share (give as many as are needed)"))
    p.add_argument("--new-passphrase-file", required=True, metavar="FILE",
                   help=_("a file whose first line is the new passphrase (- for stdin)"))
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("audit", help=_("the vault's audit log"))
    asub = p.add_subparsers(dest="audit_cmd", required=True)
    v = asub.add_parser("verify", help=_("check the hash chain of the audit log"))
    v.set_defaults(func=cmd_audit_verify)
    a = asub.add_parser("acknowledge", help=_("accept that the changes the vault says are "
                                              "missing are lost, and make it writable again"))
    a.set_defaults(func=cmd_audit_acknowledge)
    ls = asub.add_parser("list", help=_("show the audit log"))
    common.json_option(ls)
    ls.set_defaults(func=cmd_audit_list)

    p = sub.add_parser("check", help=_("full integrity check of vault.db and of every "
                                       "attachment file (slow on big vaults)"))
    p.add_argument("--quick", action="store_true",
                   help=_("metadata only: every attachment file is there, whole, with its "
                          "header"))
    p.set_defaults(func=cmd_check)


def cmd_init(args) -> int:
    path = common.vault_path(args)
    Vault.check_can_create(path)
    phrase = common.passphrase(args, confirm=True)
    strength.require(phrase)
    common.info(_("Creating the vault; measuring this machine to tune the passphrase protection…"))
    vault, recovery_text = Vault.create(path, phrase, name=args.name)
    with vault:
        common.info(_("Vault created at {path}.").format(path=path))
        common.info(_("Your fingerprint: {fingerprint}").format(fingerprint=vault.identity.card().fingerprint))
        common.info(_("Recovery key — write it down now and keep it apart from this laptop. It is shown only this once:"))
        print(recovery_text)
    return 0


def cmd_passwd(args) -> int:
    new = common.read_secret_file(args.new_passphrase_file, _("new passphrase"))
    with common.open_vault(args) as vault:
        strength.require(new, strength.floor_bits(setup_file.recommended(vault.conn)))
        vault.change_passphrase(new)
    common.info(_("Passphrase changed."))
    return 0


def cmd_recover(args) -> int:
    if args.share_file:
        from fieldnotes import recovery_shares

        texts = [recovery_shares.read_share_file(f) for f in args.share_file]
        new = common.read_secret_file(args.new_passphrase_file, _("new passphrase"))
        strength.require(new)
        names = [Path(f).name for f in args.share_file]
        with recovery_shares.recover(common.vault_path(args), texts, names, new):
            pass
        common.info(_("Vault recovered; the new passphrase is set."))
        return 0
    key_text = common.read_secret_file(args.recovery_key_file, _("recovery key"))
    new = common.read_secret_file(args.new_passphrase_file, _("new passphrase"))
    strength.require(new)
    with Vault.recover(common.vault_path(args), key_text, new):
        pass
    common.info(_("Vault recovered; the new passphrase is set."))
    return 0


def cmd_audit_verify(args) -> int:
    with common.open_vault(args) as vault:
        problems = audit.verify(vault.conn)
        n = vault.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        if vault.problem:
            problems.insert(0, vault.problem)
            common.reported(vault)
    if problems:
        for line in problems[1:]:
            common.info(line)
        raise FieldnotesError(problems[0])
    print(count(n, "audit log intact: {n} entry", "audit log intact: {n} entries"))
    return 0


def cmd_audit_acknowledge(args) -> int:
    with common.open_vault(args) as vault:
        problem = vault.problem
        vault.acknowledge_loss()
        common.reported(vault)
    common.info(problem)
    print(_("Acknowledged; the audit log records it and the vault can be written again."))
    return 0


def cmd_audit_list(args) -> int:
    with common.open_vault(args) as vault:
        items = audit.entries(vault.conn)
    if args.json:
        common.emit_json(items)
    else:
        for e in items:
            print(f"{e['seq']:>6}  {e['time']}  {e['action']:<26} {e['record_id'] or ''}")
    return 0


def cmd_check(args) -> int:
    with common.open_vault(args) as vault:
        common.reported(vault)  # the check's own result says it
        if not args.quick:
            vault.check_integrity()
        problems = upkeep.check(vault.conn, quick=args.quick,
                                job=Job(progress=common.Progress(_("Checking attachments…")))
                                if not args.quick else None)
    for line in problems:
        common.info(line)
    if problems:
        raise FieldnotesError(ngettext("{n} attachment is damaged or missing.",
                                       "{n} attachments are damaged or missing.",
                                       len(problems)).format(n=len(problems)))
    print(_("Every attachment file is in place.") if args.quick else
          _("vault.db and every attachment passed the integrity check."))
    return 0
