"""setup create|show|apply: the organisation setup file (fieldnotes/setup_file.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from fieldnotes import setup_file, userfiles
from fieldnotes.cli import common
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _


def register(sub) -> None:
    p = sub.add_parser("setup", help=_("the organisation setup file a coordinator gives "
                                               "researchers"))
    ssub = p.add_subparsers(dest="setup_cmd", required=True)
    c = ssub.add_parser("create", help=_("make a setup file signed by this vault"))
    c.add_argument("--idle-minutes", type=int, help=_("lock after this many idle minutes"))
    c.add_argument("--min-strength", type=int, metavar="BITS",
                   help=_("the weakest passphrase accepted, in bits of estimated strength"))
    c.add_argument("--kdf-floor-mib", type=int, metavar="MIB",
                   help=_("the least memory the passphrase's key derivation may use"))
    c.add_argument("--wipe-after", type=int, metavar="N",
                   help=_("wipe a vault after N failed unlocks (at least 5)"))
    c.add_argument("--recipient", action="append", default=[], metavar="FINGERPRINT",
                   help=_("a verified contact researchers should export to (besides you)"))
    common.output_option(c)
    c.set_defaults(func=cmd_create)
    s = ssub.add_parser("show", help=_("check a setup file and show what it holds (changes "
                                       "nothing)"))
    s.add_argument("file", help=_("the setup file"))
    s.set_defaults(func=cmd_show)
    a = ssub.add_parser("apply", help=_("trust a setup file's coordinator and recipients and "
                                        "keep its settings"))
    a.add_argument("file", help=_("the setup file"))
    a.add_argument("--fingerprint", help=_("the coordinator's fingerprint as they gave it to "
                                           "you (else you are asked to compare it)"))
    a.set_defaults(func=cmd_apply)


def _describe(setup: setup_file.SetupFile) -> None:
    print(_("coordinator: {name}").format(name=setup.coordinator.name))
    print(_("fingerprint: {fingerprint}").format(fingerprint=setup.coordinator.fingerprint))
    for card in setup.recipients:
        print(_("recipient: {name} ({fingerprint})").format(name=card.name,
                                                            fingerprint=card.fingerprint))
    for name, value in sorted(setup.settings.items()):
        print(f"{name}: {value}")


def cmd_create(args) -> int:
    out = Path(args.output)
    userfiles.check_new(out)
    with common.open_vault(args) as vault:
        text = setup_file.create(vault, args.recipient, idle_minutes=args.idle_minutes,
                                 min_strength_bits=args.min_strength,
                                 kdf_floor_mib=args.kdf_floor_mib, wipe_after=args.wipe_after)
        fingerprint = vault.identity.card().fingerprint
    userfiles.write_new_text(out, text, 0o644)
    common.info(_("Give researchers this file, and your fingerprint in person or by phone: "
                  "{fingerprint}").format(fingerprint=fingerprint))
    return 0


def cmd_show(args) -> int:
    _describe(setup_file.read_file(args.file))
    return 0


def cmd_apply(args) -> int:
    setup = setup_file.read_file(args.file)
    typed = args.fingerprint
    if typed is None:
        _describe(setup)
        if not sys.stdin.isatty():
            raise FieldnotesError(_("Compare the fingerprint above with the one your "
                                    "coordinator gave you, then run again with "
                                    "--fingerprint; nothing was changed."))
        answer = input(_("Is this the fingerprint your coordinator gave you? Type yes: "))
        if answer.strip().lower() != "yes":
            raise FieldnotesError(_("Not confirmed; nothing was changed."))
        typed = setup.coordinator.fingerprint
    with common.open_vault(args) as vault:
        trusted = setup_file.apply(vault, setup, typed)
    common.info(_("Setup applied: {name} and the recipients they named are verified "
                  "contacts now.").format(name=setup.coordinator.name))
    for fpr in trusted:
        print(fpr)
    return 0
