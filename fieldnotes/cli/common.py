"""What every command needs: the vault path, the passphrase, opening, and output."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from fieldnotes import migrations, open_lock, recovered_recordings, userfiles
from fieldnotes import vault as vault_mod
from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import _
from fieldnotes.jobs import Job
from fieldnotes.records.store import Store


def json_option(parser) -> None:
    """``--json``, said the same way for every command."""
    parser.add_argument("--json", action="store_true",
                        help=_("print JSON for scripts (the same in every language)"))


def output_option(parser, metavar: str = "FILE") -> None:
    """``-o/--output``: a new file, never one that exists (fieldnotes/userfiles.py)."""
    parser.add_argument("-o", "--output", required=True, metavar=metavar,
                        help=_("the file to write (it must not exist yet)"))


def vault_path(args) -> Path:
    return Path(args.vault) if args.vault else vault_mod.default_path()


MAX_SECRET_LINE = 1024  # bytes: far above any passphrase or recovery key, far below harm


def read_secret_file(path: str, what: str) -> str:
    """First line of a file (``-`` = stdin), without its line ending. At most
    :data:`MAX_SECRET_LINE` bytes are read: ``/dev/zero`` or a huge file is refused, not
    swallowed."""
    if path == "-":
        raw = sys.stdin.buffer.readline(MAX_SECRET_LINE + 1)
    else:
        raw = userfiles.read_bytes(path, MAX_SECRET_LINE + 1).partition(b"\n")[0]
    line = raw.rstrip(b"\r\n")
    if len(line) > MAX_SECRET_LINE:
        raise FieldnotesError(_("The {what} file's first line is longer than {limit} bytes; "
                                "it is not a {what}.").format(what=what, limit=MAX_SECRET_LINE))
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise FieldnotesError(_("The {what} file is not UTF-8 text.").format(what=what)) from None
    if not text:
        raise FieldnotesError(_("The {what} file is empty.").format(what=what))
    return text


def check_arguments(args) -> None:
    """Refuse a command-line value that is not UTF-8 (Python carries such bytes as lone
    surrogates, which would fail deep inside as an internal error)."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise FieldnotesError(_(
                        "A value on the command line ({option}) holds bytes that are not UTF-8 text; "
                        "nothing was done.").format(option=name)) from None


def passphrase(args, confirm: bool = False) -> str:
    if args.passphrase_file:
        return read_secret_file(args.passphrase_file, _("passphrase"))
    if not sys.stdin.isatty():
        raise FieldnotesError(_("No passphrase: use --passphrase-file, or run in a terminal."))
    first = getpass.getpass(_("Passphrase: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise FieldnotesError(_("The two passphrases differ; nothing was created."))
    return first


_unreported: list = []  # vaults opened by this command whose problem is still to be said


def open_vault(args) -> vault_mod.Vault:
    """Open the vault. If it is read-only (history lost, vault.db damaged), the command goes on
    for reads and :func:`say_problems` names why after it; a write is refused with that
    sentence itself."""
    path = vault_path(args)
    open_lock.check_free(path)  # said before the passphrase is asked for
    vault = vault_mod.Vault.open(path, passphrase(args), job=Job(progress=Progress(
        _("Moving the attachments out of vault.db into sealed files (vault format 2)…")),
        stage=_say_stage))
    for line in ([vault.notice] if vault.notice else []) + recovered_recordings.sentences(vault):
        info(line)
    if vault.problem:
        _unreported.append(vault.problem)
    return vault


def _say_stage(stage: str) -> None:
    if stage == migrations.STAGE:  # the first open after an update: seconds on a big vault
        info(_(migrations.UPDATING))


def reported(vault) -> None:
    """The command has said ``vault``'s problem itself."""
    if vault.problem in _unreported:
        _unreported.remove(vault.problem)


def say_problems(error: str | None = None) -> None:
    """Never a silent open: warn of each problem a command met but did not say."""
    for problem in _unreported:
        if not error or problem not in error:
            warn(problem)
    _unreported.clear()


class Progress:
    """Progress of long work on stderr: ``label`` once, then every 10 %."""

    def __init__(self, label: str):
        self._label, self._shown = label, -1

    def __call__(self, done: int, total: int) -> None:
        if self._shown < 0:
            info(self._label)
        tenth = done * 10 // total if total else 10
        if tenth > self._shown:
            self._shown = tenth
            if tenth:
                info(_("{percent}% done").format(percent=tenth * 10))


def store_of(v: vault_mod.Vault) -> Store:
    return Store(v.conn, v.fingerprint)


def emit_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    print(_("fieldnotes: warning: {message}").format(message=message), file=sys.stderr)


def info(message: str) -> None:
    print(message, file=sys.stderr)
