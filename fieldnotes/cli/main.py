"""Entry point: ``fieldnotes [--vault DIR] [--passphrase-file FILE] COMMAND ...``.

Exit status: 0 on success; 1 when refused or failed, with one line on stderr saying why;
2 for a usage error. No traceback ever reaches the user: an unexpected error is reported as a
bug by its type only (never its message, which might hold content).
"""

from __future__ import annotations

import argparse
import os
import sys

import sqlcipher3

from fieldnotes import __version__, i18n
from fieldnotes import guard as vault_guard
from fieldnotes.cli import (
    argparse_words,
    attachment_cmds,
    bundle_cmds,
    common,
    consent_cmds,
    demo_cmds,
    desk_cmds,
    identity_cmds,
    media_cmds,
    record_cmds,
    recovery_cmds,
    report_cmds,
    setup_cmds,
    vault_cmds,
    wipe_cmds,
)
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.vault import damage_sentence

GROUPS = [vault_cmds, record_cmds, attachment_cmds, identity_cmds, bundle_cmds, consent_cmds,
          demo_cmds, desk_cmds, media_cmds, recovery_cmds, report_cmds, wipe_cmds,
          setup_cmds]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldnotes",
        description=_("Encrypted documentation of testimony; signed bundles to a coordinator."),
    )
    parser.add_argument("--version", action="version", version=f"fieldnotes {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--vault", help=_("vault folder (default: $FIELDNOTES_VAULT or the user data folder)"))
    parser.add_argument("--passphrase-file", help=_("read the passphrase from the first line of FILE (- for stdin)"))
    parser.add_argument("--self-test", action="store_true",
                        help=_("prove this installation works (two temporary vaults), then exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    _no_abbreviations(parser)
    return parser


def _no_abbreviations(parser: argparse.ArgumentParser) -> None:
    """Options only by their whole names, in every sub-command: a pasted recovery key after
    ``--recover-key`` must not be taken for ``--recovery-key-file`` and read as a file name."""
    parser.allow_abbrev = False
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _no_abbreviations(child)


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(i18n.system_language())  # sentences follow LANG; --json and exit codes do not
    argparse_words.install()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from fieldnotes import selftest

        return selftest.run()
    if not getattr(args, "func", None):
        parser.print_usage(sys.stderr)
        print(_("fieldnotes: error: a command is required"), file=sys.stderr)
        return 2
    if getattr(args, "json", False):
        # --json is for scripts: the same bytes whatever LANG says (a sentence inside it, such
        # as an import's sequence gap, stays English); exit codes never depend on the language.
        i18n.set_language("en")
    try:
        common.check_arguments(args)
        status = args.func(args) or 0
        common.say_problems()
        return status
    except FieldnotesError as exc:
        common.say_problems(str(exc))
        print(f"fieldnotes: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("fieldnotes: " + _("Interrupted; the unfinished change was rolled back."),
              file=sys.stderr)
        return 1
    except sqlcipher3.DatabaseError as exc:
        print(f"fieldnotes: {damage_sentence(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug: say so, without content
        if vault_guard.is_full(exc):  # a file beside vault.db (a blob, an export) did not fit
            print(f"fieldnotes: {vault_guard.disk_full_sentence()}", file=sys.stderr)
            return 1
        print("fieldnotes: " + _("Internal error ({kind}); nothing more is shown so no content "
                                 "leaks. Please report it.").format(kind=type(exc).__name__),
              file=sys.stderr)
        return 1


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
