"""K-of-N recovery shares: SLIP-39 (the standard hardware wallets use), with `shamir-mnemonic`,
its reference implementation.

A random 256-bit secret is split into N shares of which any K give it back; the vault key is
wrapped (AES-256-GCM) under exactly that secret in the ``shares`` slot of keyslots.json
(crypto/keyslots.py). The shares are plain SLIP-39 mnemonics (one group, no SLIP-39
passphrase), so ``shamir recover`` of the same package — or any SLIP-39 tool — gives back the
secret from any K of them: the colleagues who keep them are not tied to Fieldnotes.

Errors carry what the caller needs to say which share is wrong and how many more are needed;
the sentences are made by the caller (fieldnotes/recovery_shares.py), which translates them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from shamir_mnemonic import MnemonicError, Share, combine_mnemonics, generate_mnemonics

from .errors import N_, CryptoError

SECRET_BYTES = 32
MIN_THRESHOLD, MAX_SHARES = 2, 16  # SLIP-39 allows 1..16 members; 1-of-N is not a split


class ShareTypo(CryptoError):
    """A share's words fail SLIP-39's checksum (or a word is not in its list)."""

    def __init__(self, index: int, detail: str):
        super().__init__(N_("Share {index} has a typo."), index=index)
        self.index, self.detail = index, detail


class TooFewShares(CryptoError):
    def __init__(self, have: int, need: int):
        super().__init__(N_("{missing} more shares are needed."), missing=need - have)
        self.have, self.need = have, need


class ShareNotInSet(CryptoError):
    """A share that belongs to another set (another split, or another vault)."""

    def __init__(self, index: int):
        super().__init__(N_("Share {index} belongs to another set of shares."), index=index)
        self.index = index


class ShareRepeated(CryptoError):
    def __init__(self, index: int):
        super().__init__(N_("Share {index} was given twice."), index=index)
        self.index = index


@dataclass(frozen=True)
class ShareSet:
    identifier: int  # SLIP-39's random 15-bit identifier, common to the set
    threshold: int
    count: int
    mnemonics: tuple[str, ...]


def split(threshold: int, count: int) -> tuple[bytes, ShareSet]:
    """A new random secret and its ``count`` shares, any ``threshold`` of which recover it."""
    if not (MIN_THRESHOLD <= threshold <= count <= MAX_SHARES):
        raise ValueError("need 2 <= threshold <= count <= 16")
    secret = os.urandom(SECRET_BYTES)
    [group] = generate_mnemonics(1, [(threshold, count)], secret, b"", extendable=True,
                                 iteration_exponent=0)
    identifier = Share.from_mnemonic(group[0]).identifier
    return secret, ShareSet(identifier, threshold, count, tuple(group))


def words(text: str) -> str:
    """The mnemonic in a share's text: lines starting with # are comments; case and spacing
    do not matter."""
    kept = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return " ".join(" ".join(kept).lower().split())


def combine(texts: list[str]) -> tuple[bytes, int]:
    """(the secret, the set's identifier) from share texts, numbered 1.. in the order given."""
    shares = []
    for index, text in enumerate(texts, 1):
        try:
            share = Share.from_mnemonic(words(text))
        except MnemonicError as exc:
            raise ShareTypo(index, str(exc)) from None
        if shares and share.group_parameters() != shares[0][1].group_parameters():
            raise ShareNotInSet(index)
        if any(share.index == s.index for _, s in shares):
            raise ShareRepeated(index)
        shares.append((index, share))
    if not shares:
        raise TooFewShares(0, MIN_THRESHOLD)
    need = shares[0][1].member_threshold
    if len(shares) < need:
        raise TooFewShares(len(shares), need)
    try:
        secret = combine_mnemonics([words(t) for t in texts[:need]], b"")
    except MnemonicError as exc:  # the shares' digest: a set altered beyond its checksums
        raise ShareTypo(0, str(exc)) from None
    return secret, shares[0][1].identifier
