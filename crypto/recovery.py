"""The recovery key: 256 random bits a person copies by hand, once.

Format
------
The 32 key bytes are read as one big-endian number, followed by 4 zero bits
(260 bits), and written as 52 Crockford base32 symbols (alphabet
``0123456789ABCDEFGHJKMNPQRSTVWXYZ``: no I, L, O or U). They are split into
13 groups of 4 data symbols; each group gets a 5th check symbol and groups
are joined with dashes::

    7TQ2K-M4XZ9-...-8F00C        (13 groups, 77 characters)

The check symbol of group *i* (1-based) over data symbols d1..d4, computed in
the finite field GF(32) (polynomial x^5 + x^2 + 1, alpha = x), is::

    check = i  XOR  alpha*d1 XOR alpha^2*d2 XOR alpha^3*d3 XOR alpha^4*d4

so that:

* any single wrong symbol in a group (including the check symbol) is always
  detected, and located to its group;
* two neighbouring data symbols swapped within a group are always detected;
* two whole groups swapped, or a group typed twice, are always detected,
  because the group number is mixed into its check symbol;
* other errors are detected with probability 31/32 per group.

The last group's final data symbol carries the 4 padding bits, which must be
zero: a typo there that slips past the check is still caught.

Reading is forgiving: case, spaces, dashes and line breaks are ignored, and
Crockford's look-alikes are accepted (O -> 0, I and L -> 1).
"""

from __future__ import annotations

import os
import unicodedata

from .errors import N_, RecoveryKeyTypo

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_BYTES = 32
GROUPS = 13
DATA_PER_GROUP = 4
_GROUP_LEN = DATA_PER_GROUP + 1
_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
_VALUES.update({"O": 0, "I": 1, "L": 1})
_SEPARATORS = set("-\u2010\u2011\u2012\u2013\u2014\u2212_")
_WRONG_LENGTH = N_("The recovery key has the wrong length: it should be 13 groups of 5 "
                   "characters.")


def _gf_mul(a: int, b: int) -> int:
    """Multiply two elements of GF(2^5) modulo x^5 + x^2 + 1."""
    result = 0
    for _ in range(5):
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return result


# alpha^1 .. alpha^4 with alpha = x (= 2): distinct and non-zero.
_WEIGHTS = [2, 4, 8, 16]


def _check_symbol(group_number: int, data: list[int]) -> int:
    check = group_number  # 1..13, distinct per position
    for weight, value in zip(_WEIGHTS, data, strict=True):
        check ^= _gf_mul(weight, value)
    return check


def generate() -> bytes:
    """32 fresh random bytes."""
    return os.urandom(KEY_BYTES)


def format(
    key: bytes,
) -> str:  # shadows the builtin in this module only: the name is part of the API
    """The printable, hand-copyable form: 13 dash-separated groups of 5 symbols."""
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"a recovery key is {KEY_BYTES} bytes")
    number = int.from_bytes(key, "big") << 4  # 256 bits + 4 zero bits = 52 symbols
    symbols = [(number >> (5 * (51 - i))) & 31 for i in range(52)]
    groups = []
    for g in range(GROUPS):
        data = symbols[g * DATA_PER_GROUP : (g + 1) * DATA_PER_GROUP]
        values = data + [_check_symbol(g + 1, data)]
        groups.append("".join(ALPHABET[v] for v in values))
    return "-".join(groups)


def _typo(groups: list[int]) -> RecoveryKeyTypo:
    if len(groups) == 1:
        error = RecoveryKeyTypo(N_("Group {group} of the recovery key has a typo."),
                                group=groups[0])
    else:
        error = RecoveryKeyTypo(N_("Groups {groups} and {last} of the recovery key have typos."),
                                groups=", ".join(str(g) for g in groups[:-1]), last=groups[-1])
    error.groups = groups  # 1-based group numbers, for highlighting in the UI
    return error


def parse(text: str) -> bytes:
    """Read a typed recovery key back into 32 bytes.

    Raises RecoveryKeyTypo naming the group(s) with a typo, or saying the
    length is wrong. A key that parses may still be the wrong key for the
    vault: that is WrongRecoveryKey, raised when unlocking.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    cleaned = unicodedata.normalize("NFKC", text).upper()
    chars = [ch for ch in cleaned if not ch.isspace() and ch not in _SEPARATORS]
    if len(chars) != GROUPS * _GROUP_LEN:
        # If the person kept the 13 groups apart, we can say which one is short or long.
        for sep in _SEPARATORS:
            cleaned = cleaned.replace(sep, " ")
        groups = cleaned.split()
        if len(groups) == GROUPS:
            raise _typo([i + 1 for i, g in enumerate(groups) if len(g) != _GROUP_LEN])
        error = RecoveryKeyTypo(_WRONG_LENGTH)
        error.groups = []
        raise error

    bad_groups = []
    symbols: list[int] = []
    for g in range(GROUPS):
        group = chars[g * _GROUP_LEN : (g + 1) * _GROUP_LEN]
        values = [_VALUES.get(ch, -1) for ch in group]
        if -1 in values or _check_symbol(g + 1, values[:DATA_PER_GROUP]) != values[-1]:
            bad_groups.append(g + 1)
        symbols.extend(values[:DATA_PER_GROUP])
    if bad_groups:
        raise _typo(bad_groups)

    number = 0
    for value in symbols:
        number = (number << 5) | value
    if number & 0xF:  # the 4 padding bits must be zero
        raise _typo([GROUPS])
    return (number >> 4).to_bytes(KEY_BYTES, "big")
