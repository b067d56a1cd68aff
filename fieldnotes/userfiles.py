"""Files a person names — a passphrase or recovery-key file, a setup file, a card, share files,
bundles, receipts, a text file, an ``-o`` output — opened so that a failure is one sentence in
the reader's language that names the file and says what is wrong ("Cannot read rk.txt: there is
no such file."), never the operating system's English ("No such file or directory").

The CLI and the app both go through here; the file is named as the person gave it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from fieldnotes.errors import FieldnotesError
from fieldnotes.i18n import N_, _

_READ = {
    errno.ENOENT: N_("Cannot read {file}: there is no such file."),
    errno.ENOTDIR: N_("Cannot read {file}: there is no such file."),
    errno.EACCES: N_("Cannot read {file}: you are not allowed to read it."),
    errno.EPERM: N_("Cannot read {file}: you are not allowed to read it."),
    errno.EISDIR: N_("Cannot read {file}: it is a folder, not a file."),
    errno.EIO: N_("Cannot read {file}: the disk reported an error."),
}
_WRITE = {
    errno.EEXIST: N_("{file} already exists; choose another name."),
    errno.ENOENT: N_("Cannot write {file}: its folder does not exist."),
    errno.ENOTDIR: N_("Cannot write {file}: its folder does not exist."),
    errno.EACCES: N_("Cannot write {file}: you are not allowed to write there."),
    errno.EPERM: N_("Cannot write {file}: you are not allowed to write there."),
    errno.EROFS: N_("Cannot write {file}: the disk is read-only."),
    errno.EISDIR: N_("Cannot write {file}: it is a folder."),
    errno.ENOSPC: N_("Cannot write {file}: the disk is full."),
    errno.EDQUOT: N_("Cannot write {file}: the disk is full."),
    errno.EIO: N_("Cannot write {file}: the disk reported an error."),
}


def _sentence(table: dict, other: str, path, exc: OSError) -> FieldnotesError:
    known = table.get(exc.errno)
    if known:
        return FieldnotesError(_(known).format(file=path))
    return FieldnotesError(other.format(file=path, reason=system_reason(exc)))


def system_reason(exc: OSError) -> str:
    """What the system said, as its short code ("EIO"), the same in every language, for the
    rare failure no sentence of ours describes; never its English text."""
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)


def read_error(path: str | os.PathLike, exc: OSError) -> FieldnotesError:
    """The sentence for ``exc``, met while reading ``path``."""
    return _sentence(_READ, _("Cannot read {file} (the system said {reason})."), path, exc)


def write_error(path: str | os.PathLike, exc: OSError) -> FieldnotesError:
    """The sentence for ``exc``, met while writing ``path``."""
    return _sentence(_WRITE, _("Cannot write {file} (the system said {reason})."), path, exc)


def open_read(path: str | os.PathLike, mode: str = "rb", **kwargs):
    """``open(path, mode)`` for reading, or the sentence that names the file."""
    try:
        return open(path, mode, **kwargs)
    except OSError as exc:
        raise read_error(path, exc) from None


def read_bytes(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The file's bytes (at most ``limit`` of them), or the sentence that names the file."""
    try:
        with open(path, "rb") as fh:
            return fh.read() if limit is None else fh.read(limit)
    except OSError as exc:
        raise read_error(path, exc) from None


def read_text(path: str | os.PathLike, limit: int | None = None,
              not_text: str | None = None) -> str:
    """The file as UTF-8 text; ``not_text`` (a sentence with ``{file}``) if it is not text."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FieldnotesError((not_text or _("{file} is not UTF-8 text.")).format(
            file=path)) from None


def check_new(path: str | os.PathLike) -> None:
    """Before long work that ends in writing ``path``: refuse now, with the sentence
    :func:`create_new` would give, if it exists or its folder does not."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise write_error(path, FileExistsError(errno.EEXIST, ""))
    if not path.parent.is_dir():
        raise write_error(path, FileNotFoundError(errno.ENOENT, ""))


def create_new(path: str | os.PathLike, mode: int = 0o600) -> int:
    """A new file for writing (never over an existing one): its descriptor, or the sentence
    that names the file."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise write_error(path, exc) from None


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path``, replacing it (the person chose to, in a save dialog)."""
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise write_error(path, exc) from None


def write_new_text(path: str | os.PathLike, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to a new file (see :func:`create_new`), synced."""
    fd = create_new(path, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        Path(path).unlink(missing_ok=True)
        raise write_error(path, exc) from None
