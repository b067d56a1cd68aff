"""Every way our minisign verifier (crypto/minisign.py) reads a signature file differently from
``minisign -V`` (0.11), each one deliberate and said why.

The table below is the whole list: each case is a signature file changed in one way, with
whether minisign accepts it and whether we do. ``test_we_read_each_case_as_the_table_says``
checks our side on every machine; the interop test checks minisign's side against the real
tool, so a new minisign release that reads a case differently shows up here.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto import minisign
from crypto.errors import BadSignature

from .tooling import require_tool

KEY = Ed25519PrivateKey.generate()
KEY_ID = bytes(range(1, 9))
PUBLIC = minisign.public_key_b64(KEY_ID, KEY.public_key().public_bytes_raw())
DATA = b"tagmanifest\n"
COMMENT = "bundle 1"
SIG = minisign.sign(KEY, KEY_ID, DATA, COMMENT)
L = SIG.split("\n")[:4]


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _signed(trusted: str, algorithm: bytes = b"ED") -> str:
    """A genuine signature file with this trusted comment (and algorithm)."""
    message = DATA if algorithm == b"Ed" else hashlib.blake2b(DATA, digest_size=64).digest()
    signature = KEY.sign(message)
    global_signature = KEY.sign(signature + trusted.encode())
    return _lines(L[0], base64.b64encode(algorithm + KEY_ID + signature).decode(),
                  "trusted comment: " + trusted, base64.b64encode(global_signature).decode())


def _untrusted(length: int, end: str = "\n") -> str:
    """The first line made ``length`` bytes long (before its line end)."""
    first = "untrusted comment: " + "a" * (length - len("untrusted comment: "))
    return first + end + "\n".join(L[1:]) + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    text: Callable[[], str]
    minisign: bool  # minisign -V accepts it
    ours: bool  # minisign.verify accepts it
    why: str = ""  # required when the two differ


CASES = [
    Case("as signed", lambda: SIG, True, True),
    Case("no final newline", lambda: SIG[:-1], True, True),
    Case("CRLF line ends", lambda: SIG.replace("\n", "\r\n"), True, True),
    Case("CR before the trusted comment's LF", lambda: _lines(L[0], L[1], L[2] + "\r", L[3]),
         True, True),
    Case("untrusted comment changed", lambda: _lines("untrusted comment: hi", *L[1:]),
         True, True),
    Case("untrusted comment empty", lambda: _lines("untrusted comment: ", *L[1:]), True, True),
    Case("untrusted comment line of 1022 bytes", lambda: _untrusted(1022), True, True),
    Case("untrusted comment line of 1023 bytes", lambda: _untrusted(1023), False, False),
    Case("untrusted comment line of 1022 bytes, CRLF", lambda: _untrusted(1022, "\r\n"),
         False, False),
    Case("trusted comment line of 8190 bytes", lambda: _signed("b" * (8190 - 17)), True, True),
    Case("trusted comment line of 8191 bytes", lambda: _signed("b" * (8191 - 17)),
         False, False),
    Case("no untrusted comment prefix", lambda: _lines(*L[1:]), False, False),
    Case("a blank line first", lambda: "\n" + SIG, False, False),
    Case("a byte-order mark first", lambda: "\ufeff" + SIG, False, False),
    Case("a blank line inside", lambda: _lines(L[0], L[1], "", L[2], L[3]), False, False),
    Case("space after the signature", lambda: _lines(L[0], L[1] + " ", L[2], L[3]),
         False, False),
    Case("space before the signature", lambda: _lines(L[0], " " + L[1], L[2], L[3]),
         False, False),
    Case("tab after the global signature", lambda: _lines(L[0], L[1], L[2], L[3] + "\t"),
         False, False),
    Case("space after the trusted comment", lambda: _lines(L[0], L[1], L[2] + " ", L[3]),
         False, False),
    Case("base64 padding removed", lambda: _lines(L[0], L[1].rstrip("="), L[2], L[3]),
         False, False),
    Case("one blank line after the end", lambda: SIG + "\n", True, False,
         "minisign stops reading after four lines; ours are exactly four, so more was added"),
    Case("two blank lines after the end", lambda: SIG + "\n\n", True, False,
         "as above: whatever follows the fourth line was not written by Fieldnotes"),
    Case("a text line after the end", lambda: SIG + "appended\n", True, False,
         "as above: text after the signature could pass unseen by someone reading the file"),
    Case("legacy non-prehashed 'Ed' signature", lambda: _signed(COMMENT, b"Ed"), True, False,
         "we sign only prehashed 'ED'; a legacy signature claiming to be ours is forged, and "
         "refusing it removes any algorithm-confusion question"),
]


def _ours(text: str) -> bool:
    try:
        minisign.verify(PUBLIC, DATA, text)
    except BadSignature:
        return False
    return True


def test_every_difference_has_a_reason():
    assert len({c.name for c in CASES}) == len(CASES)
    for case in CASES:
        assert bool(case.why) == (case.minisign != case.ours), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_we_read_each_case_as_the_table_says(case):
    assert _ours(case.text()) is case.ours


@pytest.mark.interop
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_minisign_reads_each_case_as_the_table_says(tmp_path, case):
    tool = require_tool("minisign")
    target = tmp_path / "tagmanifest-sha256.txt"
    target.write_bytes(DATA)
    (tmp_path / "tagmanifest-sha256.txt.minisig").write_bytes(case.text().encode())
    proc = subprocess.run([tool, "-V", "-P", PUBLIC, "-m", str(target)], capture_output=True)
    assert (proc.returncode == 0) is case.minisign, proc.stderr
