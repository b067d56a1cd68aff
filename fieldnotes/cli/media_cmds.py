"""strip: a working copy of an image with identifying metadata taken out."""

from __future__ import annotations

from fieldnotes.cli import common
from fieldnotes.i18n import _
from fieldnotes.media import copies


def register(sub) -> None:
    p = sub.add_parser("strip", help=_("make a working copy of an image without identifying "
                                        "metadata (prints ID SHA256)"))
    p.add_argument("id", help=_("the original attachment"))
    p.set_defaults(func=cmd_strip)


def cmd_strip(args) -> int:
    with common.open_vault(args) as vault:
        rid, digest = copies.make_working_copy(common.store_of(vault), args.id)
    print(f"{rid} {digest}")
    return 0
