"""An honest, dependency-free estimate of a passphrase's strength, in bits.

It assumes the attacker guesses the way people choose: whole words rather than letters,
years and digit sequences rather than random digits, repeated characters and keyboard runs
as nearly free. Each run of letters counts as a word from a large vocabulary (at most about
as many bits as a random diceware word, 12.9), not as random letters; digits, symbols and
capitals add what they plausibly add. It under-rates random strings a little and never
over-rates a phrase of common words, which is the mistake that matters.

The floor (:func:`require`) is one rule for every way a passphrase is set: the app's meter
(create, Settings, recover), ``fieldnotes init``, ``passwd`` and ``recover``. There is no
override: DESIGN.md offers none, and a weak passphrase is what a seized laptop is guessed by.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from fieldnotes.errors import Refused
from fieldnotes.i18n import _, ngettext

_RUN = re.compile(r"[^\W\d_]+|\d+|[\W_]+", re.UNICODE)
_COMMON = {
    "password", "passwort", "motdepasse", "qwerty", "azerty", "letmein", "welcome", "admin",
    "iloveyou", "monkey", "dragon", "secret", "fieldnotes", "abc", "abcd", "abcdef", "test",
    "love", "freedom", "human", "rights", "china", "hello",
}
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz",
             "01234567890", "9876543210")
# A state with a GPU farm against Argon2id at >= 64 MiB: assume a million guesses a second.
GUESSES_PER_SECOND = 1e6


@dataclass(frozen=True)
class Strength:
    bits: float
    level: int          # 0 empty, 1 weak, 2 fair, 3 good, 4 strong
    label: str
    crack_time: str


def _is_run(s: str) -> bool:
    low = s.lower()
    return len(low) >= 3 and any(low in k for k in _KEYBOARD)


def _letters_bits(run: str) -> float:
    low = run.lower()
    if len(set(low)) == 1 or low in _COMMON or _is_run(low):
        return 2.0
    cjk = sum(1 for ch in run if ord(ch) > 0x2E80)
    if cjk:
        # Chosen Chinese/Japanese words: ~6 bits a character, as people pick common ones.
        bits = min(cjk * 6.0, 8 + cjk * 4.0) + (len(run) - cjk) * 2.0
    else:
        bits = min(len(run) * 4.7, 12.9)
        if len(run) <= 3:
            bits = min(bits, 8.0)
    if run[:1].isupper() and run[1:].islower():
        bits += 1.0
    elif not run.islower() and not run.isupper():
        bits += min(len(run), 6) * 1.0  # mixed case inside a word
    return bits


def _digits_bits(run: str) -> float:
    if len(set(run)) == 1 or _is_run(run):
        return 2.0
    if len(run) == 4 and run[:2] in ("19", "20"):
        return 7.0  # a year
    return len(run) * math.log2(10)


def _symbols_bits(run: str) -> float:
    if run in (" ", "-", "_", ".", ","):
        return 1.0
    if len(set(run)) == 1:
        return 4.0
    return len(run) * 5.0


def estimate_bits(passphrase: str) -> float:
    if not passphrase:
        return 0.0
    bits = 0.0
    seen: set[str] = set()
    for run in _RUN.findall(passphrase):
        if run.lower() in seen and len(run) > 1:
            bits += 1.0  # the same word again adds almost nothing
            continue
        seen.add(run.lower())
        if run[0].isdigit():
            bits += _digits_bits(run)
        elif run[0].isalpha():
            bits += _letters_bits(run)
        else:
            bits += _symbols_bits(run)
    return round(bits, 1)


def _duration(seconds: float) -> str:
    if seconds >= 3.15e11:
        return _("more than 10,000 years")
    for unit, size in (("year", 3.15e7), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = round(seconds / size)
            return _DURATIONS[unit](n).format(n=f"{n:,}")
    return _("seconds")


_DURATIONS = {
    "year": lambda n: ngettext("about {n} year", "about {n} years", n),
    "day": lambda n: ngettext("about {n} day", "about {n} days", n),
    "hour": lambda n: ngettext("about {n} hour", "about {n} hours", n),
    "minute": lambda n: ngettext("about {n} minute", "about {n} minutes", n),
}


def assess(passphrase: str) -> Strength:
    bits = estimate_bits(passphrase)
    crack = _duration((2 ** bits) / 2 / GUESSES_PER_SECOND)
    if not passphrase:
        return Strength(0, 0, "", "")
    if bits < 45:
        return Strength(bits, 1, _("Weak"), crack)
    if bits < 60:
        return Strength(bits, 2, _("Fair"), crack)
    if bits < 75:
        return Strength(bits, 3, _("Good"), crack)
    return Strength(bits, 4, _("Strong"), crack)


# The floor: below it a new passphrase is refused, with the meter's own numbers as the reason.
# "Weak" starts here, so the meter and the refusal never disagree. An organisation's setup
# file can raise it (fieldnotes.setup_file, min_strength_bits), never lower it.
FLOOR_BITS = 45.0


def floor_bits(recommended: dict | None = None) -> float:
    return max(FLOOR_BITS, float((recommended or {}).get("min_strength_bits") or 0))


def refusal(passphrase: str, floor: float = FLOOR_BITS) -> str:
    """"" when ``passphrase`` is strong enough, else the sentence that says why not."""
    bits = estimate_bits(passphrase)
    if not passphrase or bits >= floor:
        return ""
    return _("Too weak: about {bits} bits, and a vault needs at least {floor}. Add two or three "
             "more words that do not belong together.").format(bits=f"{bits:.0f}",
                                                                floor=f"{floor:.0f}")


def require(passphrase: str, floor: float = FLOOR_BITS) -> None:
    """Refuse a new passphrase below ``floor`` (Refused, with :func:`refusal`'s sentence)."""
    reason = refusal(passphrase, floor)
    if reason:
        raise Refused(reason)
