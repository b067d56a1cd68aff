"""wipe, wipe-policy: the opt-in crypto-erase of a vault (fieldnotes/wipe.py)."""

from __future__ import annotations

from fieldnotes import wipe
from fieldnotes.cli import common
from fieldnotes.i18n import _


def register(sub) -> None:
    p = sub.add_parser("wipe", help=_("destroy this vault now: its key slots are overwritten and "
                                      "removed, then its files (cannot be undone)"))
    p.add_argument("--confirm", required=True, metavar="NAME",
                   help=_("the vault's name, as its card shows it"))
    p.set_defaults(func=cmd_wipe)
    p = sub.add_parser("wipe-policy", help=_("wipe the vault after N failed unlocks (off by "
                                             "default)"))
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--after", type=int, metavar="N", help=_("N failed unlocks, at least {n}").format(
                         n=wipe.MIN_FAILURES))
    way.add_argument("--off", action="store_true", help=_("turn the wipe off"))
    way.add_argument("--show", action="store_true",
                     help=_("say whether the wipe is on, and after how many failed unlocks"))
    p.set_defaults(func=cmd_policy)


def cmd_wipe(args) -> int:
    vault = common.open_vault(args)
    try:
        wipe.wipe_now(vault, args.confirm)
    finally:
        vault.close()
    common.info(_("The vault was wiped: its key slots were overwritten and removed, and its "
                  "files deleted."))
    return 0


def cmd_policy(args) -> int:
    with common.open_vault(args) as vault:
        if not args.show:
            wipe.set_policy(vault, None if args.off else args.after)
        after = wipe.policy(vault.slots)
    if after is None:
        print(_("wipe after failed unlocks: off"))
    else:
        print(_("wipe after {n} failed unlocks in a row").format(n=after))
    common.info(_("A counter does not stop anyone who copied the disk before guessing; it "
                  "helps against a casual search or a border check."))
    return 0
