"""What every command needs: the vault path, the passphrase, opening, and output."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from fieldnotes import vault as vault_mod
from fieldnotes.errors import FieldnotesError
from fieldnotes.records.store import Store


def vault_path(args) -> Path:
    return Path(args.vault) if args.vault else vault_mod.default_path()


def read_secret_file(path: str, what: str) -> str:
    """First line of a file (``-`` = stdin), without its line ending."""
    try:
        if path == "-":
            line = sys.stdin.readline()
        else:
            with open(path, encoding="utf-8") as fh:
                line = fh.readline()
    except OSError as exc:
        raise FieldnotesError(f"Cannot read the {what} file: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise FieldnotesError(f"The {what} file is not UTF-8 text.") from None
    line = line.rstrip("\r\n")
    if not line:
        raise FieldnotesError(f"The {what} file is empty.")
    return line


def passphrase(args, confirm: bool = False) -> str:
    if args.passphrase_file:
        return read_secret_file(args.passphrase_file, "passphrase")
    if not sys.stdin.isatty():
        raise FieldnotesError("No passphrase: use --passphrase-file, or run in a terminal.")
    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise FieldnotesError("The two passphrases differ; nothing was created.")
    return first


def open_vault(args) -> vault_mod.Vault:
    return vault_mod.Vault.open(vault_path(args), passphrase(args))


def store_of(v: vault_mod.Vault) -> Store:
    return Store(v.conn, v.fingerprint)


def emit_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    print(f"fieldnotes: warning: {message}", file=sys.stderr)


def info(message: str) -> None:
    print(message, file=sys.stderr)
