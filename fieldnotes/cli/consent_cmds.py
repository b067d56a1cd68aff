"""consent link-contacts: name organisations in consent by contact, not by text."""

from __future__ import annotations

from fieldnotes import consent_links
from fieldnotes.cli import common
from fieldnotes.i18n import _
from fieldnotes.wording import count


def register(sub) -> None:
    p = sub.add_parser("consent", help=_("consent given by sources"))
    csub = p.add_subparsers(dest="consent_cmd", required=True)
    c = csub.add_parser("link-contacts", help=_(
        "turn organisation names in consent that match a contact exactly into links to it"))
    c.set_defaults(func=cmd_link)


def cmd_link(args) -> int:
    with common.open_vault(args) as vault:
        report = consent_links.migrate(common.store_of(vault))
    for _rid, title, name in report.left:
        common.info(_(consent_links.LEFT_AS_TEXT).format(name=name, title=title))
    print(count(report.linked, "{n} testimony now names its organisations by contact.",
                "{n} testimonies now name their organisations by contact."))
    return 0
