"""argparse's own words ("usage:", "options", "the following arguments are required: …") in
the reader's language: argparse looks its sentences up through a module-level ``_`` (gettext's
default domain, which Fieldnotes does not ship), so ``install()`` points it at our catalog.
The sentences are listed here for the catalog; a Python whose argparse words them otherwise
shows those in English, and nothing breaks.

argparse also ends each section heading with an ASCII ":" of its own; Chinese readers expect
the full-width "：", so the heading line goes through the catalog too (``{heading}:``)."""

from __future__ import annotations

import argparse

from fieldnotes.i18n import N_, _

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


class _Section(argparse.HelpFormatter._Section):
    def format_help(self) -> str:
        text = super().format_help()
        if text and self.heading not in (None, argparse.SUPPRESS):
            text = text.replace(f"{self.heading}:\n", _("{heading}:").format(
                heading=self.heading) + "\n", 1)
        return text


def install() -> None:
    argparse._ = _
    argparse.HelpFormatter._Section = _Section
