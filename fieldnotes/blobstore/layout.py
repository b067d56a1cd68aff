"""Where blob files live and what one looks like on disk (vault format 2).

    blobs/<first two characters of the name>/<name>      name: 32 random hex digits

A file is a 24-byte header — ``FNBLOB``, the format version (1), a flags byte (0), the 16-byte
STREAM nonce — then the sealed chunks (:mod:`crypto.stream`: 64 KiB of plaintext + a 16-byte
tag each, the last one flagged), then random padding up to the Padmé length of the whole, so
the file's size says little about what it holds. The blob's key, plaintext size and SHA-256
are in ``vault.db``, never in the file. A file of another blob (another key) or a changed
header fails authentication of its first chunk.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from crypto.stream import CHUNK, NONCE, TAG

MAGIC = b"FNBLOB"
VERSION = 1
HEADER = len(MAGIC) + 2 + NONCE
SEALED = CHUNK + TAG
FOLDER = "blobs"
PART = ".part"  # a file still being written (renamed into place when done)
KEY_BYTES = 32


def folder_of(conn) -> Path:
    """The ``blobs`` folder beside the database this connection has open."""
    for _seq, name, path in conn.execute("PRAGMA database_list"):
        if name == "main" and path:
            return Path(path).parent / FOLDER
    raise RuntimeError("the store needs a vault on disk")


def new_name() -> str:
    return secrets.token_hex(16)


def path_of(folder: Path, name: str) -> Path:
    return folder / name[:2] / name


def header(nonce: bytes) -> bytes:
    return MAGIC + bytes([VERSION, 0]) + nonce


def parse_header(data: bytes) -> bytes | None:
    """The nonce of a valid header, else None."""
    if len(data) != HEADER or not data.startswith(MAGIC) or data[len(MAGIC)] != VERSION:
        return None
    return data[len(MAGIC) + 2:]


def chunk_count(size: int) -> int:
    """Chunks of a ``size``-byte plaintext: at least one (an empty file is one empty chunk)."""
    return max(1, -(-size // CHUNK))


def sealed_length(size: int) -> int:
    return HEADER + size + TAG * chunk_count(size)


def padme(length: int) -> int:
    """Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication
    with PURBs", 2019): round up to a length whose low bits are zero, at most 12 % more."""
    if length < 2:
        return length
    e = length.bit_length() - 1
    s = e.bit_length()
    mask = (1 << (e - s)) - 1
    return (length + mask) & ~mask


def file_length(size: int) -> int:
    """The length on disk of a finished blob of ``size`` plaintext bytes."""
    return padme(sealed_length(size))


def chunk_offset(index: int) -> int:
    return HEADER + index * SEALED


def make_folder(folder: Path, name: str) -> Path:
    """Create ``blobs/xx/`` if needed (made durable in its parent); return the file's path."""
    sub = folder / name[:2]
    if not sub.is_dir():
        if not folder.is_dir():
            folder.mkdir(mode=0o700, exist_ok=True)
            fsync_dir(folder.parent)
        sub.mkdir(mode=0o700, exist_ok=True)
        fsync_dir(folder)
    return sub / name


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def files(folder: Path):
    """Every file under ``blobs/``: (name as stored, path)."""
    if not folder.is_dir():
        return
    for sub in folder.iterdir():
        if sub.is_dir() and len(sub.name) == 2:
            for entry in sub.iterdir():
                yield entry.name, entry
