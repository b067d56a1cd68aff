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

A query of one character has no phrase to choose by: 发 alone may be 發 (to send) or 髮 (hair).
It is widened to every form OpenCC's character dictionaries list for it (STCharacters and
TSCharacters, kept in script_table; the converters above only give the first), and to the Taiwan
and Hong Kong forms of those; a Traditional character, to all its Simplified forms (乾 → 干 乾).
"""

from __future__ import annotations

import functools
import threading

TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")
TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")
REGIONAL = ("t2tw", "t2hk")
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


@functools.cache
def _table(words: str) -> dict[str, str]:
    """script_table's words as character → all its candidates."""
    return {word[0]: word[1:] for word in words.split()}


def every_form(char: str) -> list[str]:
    """Every form OpenCC's character dictionaries give ``char``: its Traditional candidates
    (发 → 發 髮) with their Taiwan and Hong Kong forms, and its Simplified ones (乾 → 干 乾)."""
    from fieldnotes import script_table

    traditional = _table(script_table.STCHARACTERS).get(char, "")
    forms = dict.fromkeys(traditional)
    for form in traditional:
        forms.update(dict.fromkeys(_convert(config, form) for config in REGIONAL))
    forms.update(dict.fromkeys(_table(script_table.TSCHARACTERS).get(char, "")))
    return list(forms)


def variants(term: str) -> list[str]:
    """``term`` first, then each other script form of it (same length), without repeats."""
    simplified = {_convert(config, term) for config in TO_SIMPLIFIED}
    forms = dict.fromkeys([term, *sorted(simplified)])
    for simple in sorted(simplified):
        forms.update(dict.fromkeys(_convert(config, simple) for config in TO_TRADITIONAL))
    if len(term) == 1:
        forms.update(dict.fromkeys(every_form(term)))
    return [form for form in forms if len(form) == len(term)]


def warm_up() -> None:
    """Load every configuration now (e.g. on a worker thread) rather than at the first query."""
    from fieldnotes import script_table

    for config in TO_SIMPLIFIED + TO_TRADITIONAL + REGIONAL:
        _converter(config)
    _table(script_table.STCHARACTERS)
    _table(script_table.TSCHARACTERS)
