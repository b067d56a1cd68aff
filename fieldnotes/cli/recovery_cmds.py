"""recovery split|rotate|remove|status: ways back into a vault besides the passphrase."""

from __future__ import annotations

from fieldnotes import recovery_shares
from fieldnotes.cli import common
from fieldnotes.i18n import _


def register(sub) -> None:
    p = sub.add_parser("recovery", help=_("recovery shares (K of N, SLIP-39) and the recovery key"))
    rsub = p.add_subparsers(dest="recovery_cmd", required=True)
    s = rsub.add_parser("split", help=_("make N recovery shares of which any K unlock the vault "
                                        "(the old shares stop working)"))
    s.add_argument("--threshold", type=int, required=True, metavar="K",
                   help=_("how many shares unlock the vault (at least 2)"))
    s.add_argument("--shares", type=int, required=True, metavar="N",
                   help=_("how many shares to make (at most 16)"))
    s.add_argument("-o", "--output", metavar="DIR",
                   help=_("write each share to its own file in DIR instead of printing them"))
    s.set_defaults(func=cmd_split)
    r = rsub.add_parser("rotate", help=_("make a new recovery key (the old one stops working)"))
    r.set_defaults(func=cmd_rotate)
    rm = rsub.add_parser("remove", help=_("remove the recovery shares (none will work)"))
    rm.set_defaults(func=cmd_remove)
    st = rsub.add_parser("status", help=_("say whether the vault has recovery shares"))
    st.set_defaults(func=cmd_status)


def cmd_split(args) -> int:
    with common.open_vault(args) as vault:
        name = vault.identity.name
        made = recovery_shares.split(vault, args.threshold, args.shares)
        if args.output:
            paths = recovery_shares.write_share_files(made, args.output, name)
            for path in paths:
                print(path)
        else:
            common.info(_("Give each share to a different person; they are shown only this "
                          "once."))
            for n in range(1, made.count + 1):
                print(recovery_shares.share_text(made, n, name))
    common.info(_("Any {k} of these {n} shares unlock the vault; shares made before no longer "
                  "do.").format(k=made.threshold, n=made.count))
    return 0


def cmd_rotate(args) -> int:
    with common.open_vault(args) as vault:
        text = recovery_shares.rotate_recovery_key(vault)
    common.info(_("New recovery key — write it down now; the old one no longer works. It is "
                  "shown only this once:"))
    print(text)
    return 0


def cmd_remove(args) -> int:
    with common.open_vault(args) as vault:
        recovery_shares.remove(vault)
    common.info(_("The recovery shares were removed; none of them unlocks the vault now."))
    return 0


def cmd_status(args) -> int:
    with common.open_vault(args) as vault:
        info = vault.slots.shares_info()
    if info is None:
        print(_("no recovery shares"))
    else:
        print(_("recovery shares: any {k} of {n} (set {set_id})").format(
            k=info["threshold"], n=info["count"], set_id=info["identifier"]))
    return 0
