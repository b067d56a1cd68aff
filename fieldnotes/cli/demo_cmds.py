"""demo: a vault holding one fictional case, to try Fieldnotes with."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldnotes import demo
from fieldnotes.cli import common
from fieldnotes.i18n import _
from fieldnotes.vault import Vault


def register(sub) -> None:
    p = sub.add_parser("demo", help=_("make a demo vault with a fictional case (prints its "
                                      "passphrase)"))
    # Also accepted after the command: ``fieldnotes demo --vault DIR``.
    p.add_argument("--vault", default=argparse.SUPPRESS,
                   help=_("folder for the demo vault (must not exist yet; default: "
                          "\"Fieldnotes demo vault\" beside your vault, never in its place)"))
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    # Only where asked: without --vault the demo goes beside the real vault, not over it.
    path = Path(args.vault) if args.vault else demo.free_folder(common.vault_path(args))
    Vault.check_can_create(path)
    phrase = common.read_secret_file(args.passphrase_file, _("passphrase")) \
        if args.passphrase_file else None
    common.info(_("Making a demo vault; everything in it is fictional…"))
    vault, phrase = demo.build(path, phrase)
    vault.close()
    common.info(_("Demo vault made at {path}. Open it with:").format(path=path))
    common.info(f"  fieldnotes-app --vault {path}")
    common.info(_("Its passphrase (it guards only invented data):"))
    print(phrase)
    return 0
