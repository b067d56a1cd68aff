"""identity show/card/age-secret; contact add/verify/revoke/list."""

from __future__ import annotations

import sys

from fieldnotes import audit, contacts, userfiles
from fieldnotes.cli import common
from fieldnotes.i18n import N_, _
from fieldnotes.vault import transaction


def register(sub) -> None:
    ident = sub.add_parser("identity", help=_("this vault's identity and public card"))
    isub = ident.add_subparsers(dest="identity_cmd", required=True)
    p = isub.add_parser("show", help=_("name, fingerprint and public keys"))
    common.json_option(p)
    p.set_defaults(func=cmd_show)
    p = isub.add_parser("card", help=_("write your public card (to give to others)"))
    p.add_argument("-o", "--output", required=True, help=_("file, or - for standard output"))
    p.set_defaults(func=cmd_card)
    p = isub.add_parser("age-secret", help=_("write your SECRET age key, for use with `age -d -i`"))
    common.output_option(p)
    p.set_defaults(func=cmd_age_secret)

    contact = sub.add_parser("contact", help=_("other people's cards"))
    csub = contact.add_subparsers(dest="contact_cmd", required=True)
    p = csub.add_parser("add", help=_("add a card (prints its fingerprint)"))
    p.add_argument("card", help=_("card file, or - for standard input"))
    p.add_argument("--verified", action="store_true",
                   help=_("you have already compared the fingerprint with its owner"))
    p.set_defaults(func=cmd_contact_add)
    for name, func, helptext in (
        ("verify", cmd_contact_verify, N_("mark a fingerprint as compared with its owner")),
        ("revoke", cmd_contact_revoke, N_("never trust this card again")),
    ):
        p = csub.add_parser(name, help=_(helptext))
        p.add_argument("fingerprint", nargs="+", help=_("40 digits, spaces allowed"))
        p.set_defaults(func=func)
    p = csub.add_parser("list", help=_("list contacts"))
    common.json_option(p)
    p.set_defaults(func=cmd_contact_list)


def cmd_show(args) -> int:
    with common.open_vault(args) as vault:
        card = contacts.own_identity(vault.conn).card()
    info = {"name": card.name, "fingerprint": card.fingerprint_compact,
            "fingerprint_groups": card.fingerprint,
            "minisign_public_key": card.minisign_public_key, "age_recipient": card.age_recipient}
    if args.json:
        common.emit_json(info)
    else:
        print(_("name: {name}").format(name=info["name"]))
        print(_("fingerprint: {fingerprint}").format(fingerprint=info["fingerprint_groups"]))
        print(_("minisign public key: {key}").format(key=info["minisign_public_key"]))
        print(_("age recipient: {recipient}").format(recipient=info["age_recipient"]))
    return 0


def cmd_card(args) -> int:
    with common.open_vault(args) as vault:
        text = contacts.own_identity(vault.conn).card().to_text()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        userfiles.write_new_text(args.output, text, 0o644)
    return 0


def cmd_age_secret(args) -> int:
    userfiles.check_new(args.output)
    with common.open_vault(args) as vault:
        secret = contacts.own_identity(vault.conn).age_secret()
        common.warn(_("{output} will hold your SECRET age key: whoever has it can open every bundle sent to you. Keep it off shared disks and delete it securely.").format(output=args.output))
        with transaction(vault.conn):
            userfiles.write_new_text(args.output, f"# Fieldnotes age identity\n{secret}\n")
            audit.append(vault.conn, "identity.secret_exported", None, {"kind": "age"})
    return 0


def _read_card(path: str) -> str:
    if path == "-":
        return sys.stdin.read(8192)
    return contacts.read_card_file(path)


def cmd_contact_add(args) -> int:
    text = _read_card(args.card)
    with common.open_vault(args) as vault:
        fpr = contacts.add_contact(vault.conn, text, verified=args.verified)
        contact = contacts.get_contact(vault.conn, fpr)
    print(fpr)
    if contact["verified"]:
        line = _("{name}: {fingerprint} (verified).")
    else:
        line = _("{name}: {fingerprint} (not verified yet: compare it with its owner).")
    common.info(line.format(name=contact["name"], fingerprint=contacts.grouped(fpr)))
    return 0


def _fpr(args) -> str:
    return contacts.compact(" ".join(args.fingerprint))


def cmd_contact_verify(args) -> int:
    with common.open_vault(args) as vault:
        contacts.verify_contact(vault.conn, _fpr(args))
    return 0


def cmd_contact_revoke(args) -> int:
    with common.open_vault(args) as vault:
        contacts.revoke_contact(vault.conn, _fpr(args))
    return 0


def cmd_contact_list(args) -> int:
    with common.open_vault(args) as vault:
        items = contacts.list_contacts(vault.conn)
    if args.json:
        common.emit_json(items)
        return 0
    for c in items:
        state = (_("revoked") if c["revoked"] else
                 _("verified") if c["verified"] else _("unverified"))
        print(f"{contacts.grouped(c['fingerprint'])}  {state:<10}  {c['name']}")
    return 0
