"""report case, report custody: PDFs for courts and UN mechanisms, in the user's language."""

from __future__ import annotations

from fieldnotes.cli import common
from fieldnotes.i18n import _


def register(sub) -> None:
    rsub = sub.add_parser("report", help=_("PDF reports: a case, or a chain of custody")
                          ).add_subparsers(dest="report_cmd", required=True)
    p = rsub.add_parser("case", help=_("a case report (consent and pseudonyms respected)"))
    p.add_argument("id", metavar="CASE_ID", help=_("the case's id"))
    common.output_option(p, "FILE.pdf")
    p.set_defaults(func=cmd_case)
    p = rsub.add_parser("custody", help=_("the chain of custody of a record or a whole case"))
    p.add_argument("id", metavar="ID", help=_("a record's or a case's id"))
    common.output_option(p, "FILE.pdf")
    p.add_argument("--json", action="store_true", help=_("also print what the report holds"))
    p.set_defaults(func=cmd_custody)


def cmd_case(args) -> int:
    from fieldnotes.reports import case_report

    with common.open_vault(args) as vault:
        case_report.write_case_report(vault.conn, args.id, args.output)
    common.info(_("Report written to {file}.").format(file=args.output))
    return 0


def cmd_custody(args) -> int:
    from fieldnotes.reports import custody

    with common.open_vault(args) as vault:
        facts = custody.write_pdf(vault.conn, args.id, args.output)
    if args.json:
        common.emit_json(facts)
    common.info(_("Report written to {file}.").format(file=args.output))
    return 0
