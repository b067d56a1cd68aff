"""identity show/card/age-secret; contact add/verify/revoke/list."""

from __future__ import annotations

import os
import sys

from fieldnotes import audit, contacts
from fieldnotes.cli import common
from fieldnotes.errors import FieldnotesError
from fieldnotes.vault import transaction


def register(sub) -> None:
    ident = sub.add_parser("identity", help="this vault's identity and public card")
    isub = ident.add_subparsers(dest="identity_cmd", required=True)
    p = isub.add_parser("show", help="name, fingerprint and public keys")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = isub.add_parser("card", help="write your public card (to give to others)")
    p.add_argument("-o", "--output", required=True, help="file, or - for standard output")
    p.set_defaults(func=cmd_card)
    p = isub.add_parser("age-secret", help="write your SECRET age key, for use with `age -d -i`")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_age_secret)

    contact = sub.add_parser("contact", help="other people's cards")
    csub = contact.add_subparsers(dest="contact_cmd", required=True)
    p = csub.add_parser("add", help="add a card (prints its fingerprint)")
    p.add_argument("card", help="card file, or - for standard input")
    p.add_argument("--verified", action="store_true",
                   help="you have already compared the fingerprint with its owner")
    p.set_defaults(func=cmd_contact_add)
    for name, func, helptext in (
        ("verify", cmd_contact_verify, "mark a fingerprint as compared with its owner"),
        ("revoke", cmd_contact_revoke, "never trust this card again"),
    ):
        p = csub.add_parser(name, help=helptext)
        p.add_argument("fingerprint", nargs="+", help="40 digits, spaces allowed")
        p.set_defaults(func=func)
    p = csub.add_parser("list", help="list contacts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_contact_list)


def _create_private(path: str, text: str, mode: int = 0o600) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise FieldnotesError(f"{path} already exists; choose another name.") from None
    except OSError as exc:
        raise FieldnotesError(f"Cannot write {path}: {exc.strerror}.") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def cmd_show(args) -> int:
    with common.open_vault(args) as vault:
        card = contacts.own_identity(vault.conn).card()
    info = {"name": card.name, "fingerprint": card.fingerprint_compact,
            "fingerprint_groups": card.fingerprint,
            "minisign_public_key": card.minisign_public_key, "age_recipient": card.age_recipient}
    if args.json:
        common.emit_json(info)
    else:
        print(f"name: {info['name']}")
        print(f"fingerprint: {info['fingerprint_groups']}")
        print(f"minisign public key: {info['minisign_public_key']}")
        print(f"age recipient: {info['age_recipient']}")
    return 0


def cmd_card(args) -> int:
    with common.open_vault(args) as vault:
        text = contacts.own_identity(vault.conn).card().to_text()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        _create_private(args.output, text, 0o644)
    return 0


def cmd_age_secret(args) -> int:
    with common.open_vault(args) as vault:
        secret = contacts.own_identity(vault.conn).age_secret()
        common.warn(f"{args.output} will hold your SECRET age key: whoever has it can open every "
                    "bundle sent to you. Keep it off shared disks and delete it securely.")
        with transaction(vault.conn):
            _create_private(args.output, f"# Fieldnotes age identity\n{secret}\n")
            audit.append(vault.conn, "identity.secret_exported", None, {"kind": "age"})
    return 0


def _read_card(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read(8192)
        with open(path, encoding="utf-8") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise FieldnotesError(f"Cannot read {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise FieldnotesError(f"{path} is not a Fieldnotes card.") from None


def cmd_contact_add(args) -> int:
    text = _read_card(args.card)
    with common.open_vault(args) as vault:
        fpr = contacts.add_contact(vault.conn, text, verified=args.verified)
        contact = contacts.get_contact(vault.conn, fpr)
    print(fpr)
    state = "verified" if contact["verified"] else "not verified yet: compare it with its owner"
    common.info(f"{contact['name']}: {contacts.grouped(fpr)} ({state}).")
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
        state = "revoked" if c["revoked"] else ("verified" if c["verified"] else "unverified")
        print(f"{contacts.grouped(c['fingerprint'])}  {state:<10}  {c['name']}")
    return 0
