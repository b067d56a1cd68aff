"""The Simplified and Traditional forms of a Chinese search term, so one query finds both.

A coordinator receives testimonies written in either script: 国保 and 國保, 刘 and 劉 are the same
word. The index keeps what was written; the query is widened instead (search.to_match makes each
form an alternative), so no vault is re-indexed.

OpenCC's character-level configurations are used: t2s/tw2s/hk2s to Simplified, then s2t/s2tw/s2hk
to the Traditional forms used in general, in Taiwan and in Hong Kong (里 → 裏, 裡; 台 → 臺, 台).
Their phrase tables only choose the right character where one Simplified character stands for
several Traditional ones (头发 → 頭髮, 发现 → 發現). The vocabulary configurations (s2twp, tw2sp:
软件 → 軟體) are NOT used: they change the word searched, not its script. A form whose length
differs from the term is dropped, so only character-for-character variants are searched.
"""

from __future__ import annotations

import functools
import threading

TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")
TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")
_lock = threading.Lock()


@functools.cache
def _converter(config: str):
    # Loading a configuration reads its dictionaries (tens of milliseconds): once per process,
    # and only when a query holds Chinese (so is importing OpenCC: not at start-up).
    # convert() itself keeps no state between calls.
    import opencc

    with _lock:
        return opencc.OpenCC(config)


def _convert(config: str, text: str) -> str:
    return _converter(config).convert(text)


def variants(term: str) -> list[str]:
    """``term`` first, then each other script form of it (same length), without repeats."""
    simplified = {_convert(config, term) for config in TO_SIMPLIFIED}
    forms = dict.fromkeys([term, *sorted(simplified)])
    for simple in sorted(simplified):
        forms.update(dict.fromkeys(_convert(config, simple) for config in TO_TRADITIONAL))
    return [form for form in forms if len(form) == len(term)]


def warm_up() -> None:
    """Load every configuration now (e.g. on a worker thread) rather than at the first query."""
    for config in TO_SIMPLIFIED + TO_TRADITIONAL:
        _converter(config)
