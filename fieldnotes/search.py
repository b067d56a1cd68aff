"""Full-text search over the current revision of every record, in English and Chinese alike.

SQLite's unicode61 tokenizer keeps a run of Han characters as one token, so 王全璋 inside a
sentence would never match. Before indexing we put a zero-width space (U+200B, which unicode61
treats as a separator) after every CJK character, making each one a token; a query's CJK run
becomes a phrase of consecutive characters ("王 全 璋"), which matches exactly that word anywhere
in a sentence. Latin text is untouched (with diacritics folded), so "detention" finds
"Detention". Snippets come back with the zero-width spaces removed.

Chinese is matched across scripts by widening the query, not the index: 國保 searches for
(国保 OR 國保), so a vault needs no re-indexing (see script_variants). The snippet marks
whichever form the record holds.
"""

from __future__ import annotations

import itertools
import json
import re

from fieldnotes import script_variants
from fieldnotes.records import model

ZWSP = "\u200b"
_CJK = (
    "\u2e80-\u2eff\u2f00-\u2fdf\u3040-\u309f\u30a0-\u30ff\u3100-\u312f\u31a0-\u31bf"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
)
_CJK_CHAR = re.compile(f"([{_CJK}])")
_CJK_ANY = re.compile(f"[{_CJK}]")
_TERM = re.compile(r'"[^"]*"|\S+')
_WORD = re.compile(r"\w+", re.UNICODE)

HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def segment(text: str) -> str:
    """Make every CJK character its own token (see module docstring)."""
    return _CJK_CHAR.sub(lambda m: m.group(1) + ZWSP, text)


def index(conn, rowid: int, rtype: str, data: dict, deleted: bool) -> None:
    """(Re)index one record's current state. Deleted records leave the index."""
    conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
    if deleted:
        return
    title = model.title_of(rtype, data, neutral=True)
    body = model.text_of(rtype, data)
    conn.execute(
        "INSERT INTO fts(rowid, title, body) VALUES(?, ?, ?)",
        (rowid, segment(title), segment(body)),
    )


def unindex(conn, rowid: int) -> None:
    conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))


def optimize(conn) -> None:
    """Merge the index into one segment, dropping every trace of deleted rows."""
    conn.execute("INSERT INTO fts(fts) VALUES('optimize')")


def script_forms(word: str) -> list[str]:
    """``word`` and, when it holds Chinese, its other Simplified/Traditional forms."""
    return script_variants.variants(word) if _CJK_ANY.search(word) else [word]


def _tokens(term: str) -> list[str]:
    tokens: list[str] = []
    for piece in _CJK_CHAR.split(term):
        if _CJK_ANY.fullmatch(piece or "x"):
            tokens.append(piece)
        else:
            tokens.extend(_WORD.findall(piece))
    return tokens


def _phrase(tokens: list[str], prefix: bool) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"' + ("*" if prefix else "")


# The last word of a query matches as a prefix while it is being typed ("Li Wen" finds "Li
# Wenzu"; search() does so only when the whole words are rare), once it has this many letters: a shorter prefix ("w*") merges the lists of too many
# words to stay fast over a million records, and a one- or two-letter word is usually whole.
PREFIX_MIN = 3


def to_match(query: str, complete: bool = True) -> str | None:
    """Turn what a person types into an FTS5 MATCH expression (all terms must match).

    Every term becomes a quoted phrase, so FTS5 syntax characters in the query are inert; a
    term ending in * matches as a prefix, and so does the last word of the query (PREFIX_MIN
    letters or more) when ``complete``, unless a space or a closing quote ends the query. A term in Chinese
    matches in Simplified and Traditional script alike: each form of it is an alternative
    (script_variants). Returns None when nothing searchable is left.
    """
    query = query or ""
    terms = _TERM.findall(query)
    phrases = []
    for n, raw in enumerate(terms):
        quoted = raw.startswith('"')
        prefix = raw.endswith("*") and not quoted
        term = raw.strip('"').rstrip("*")
        tokens = _tokens(term)
        if not tokens:
            continue
        if (complete and n == len(terms) - 1 and not quoted and query == query.rstrip()
                and not _CJK_ANY.fullmatch(tokens[-1]) and len(tokens[-1]) >= PREFIX_MIN):
            prefix = True
        forms = dict.fromkeys(tuple(_tokens(form)) for form in script_forms(term))
        alternatives = [_phrase(list(form), prefix) for form in forms]
        phrases.append(alternatives[0] if len(alternatives) == 1
                       else "(" + " OR ".join(alternatives) + ")")
    return " AND ".join(phrases) if phrases else None


# Ranking every match by relevance costs time in proportion to the number of matches. A word
# found in more records than this is listed newest first instead (FTS5 can stop early then).
RANK_LIMIT = 2000
_SNIPPET = f"snippet(fts, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 24)"


def _newest(conn, base: str, params: list, limit: int) -> list[tuple]:
    """(rowid, snippet) of the matches newest first, up to RANK_LIMIT + 1, with the snippets
    of the first ``limit`` only.

    One pass both counts the matches and makes the first page's snippets: a prefix term
    (surveil*) costs FTS5 a merge of every matching word's list on each query, tens of
    milliseconds over a million records, so it is made once. take() is true for the first
    ``limit`` rows output.
    """
    taken = itertools.count()
    conn.create_function("fieldnotes_take", 0, lambda: next(taken) < limit)
    return conn.execute(
        f"SELECT fts.rowid, CASE WHEN fieldnotes_take() THEN {_SNIPPET} END {base} "
        f"ORDER BY fts.rowid DESC LIMIT {max(RANK_LIMIT + 1, int(limit))}", params).fetchall()


def search(conn, query: str, limit: int = 100, case_id: str | None = None) -> list[dict]:
    """Records whose current text matches, each with a snippet: best first, or newest first
    when the words are so common that more than RANK_LIMIT records match.

    The snippet marks hits with U+0002 … U+0003 (``HIT_OPEN``/``HIT_CLOSE``); callers render
    them as they like (the CLI uses [ ]). Snippets are made only for the rows returned.
    """
    match = to_match(query, complete=False)
    if match is None:
        return []
    base = "FROM fts WHERE fts MATCH ?"
    extra = []
    if case_id:
        # Joining costs a lookup per match, so only when the case narrows the search;
        # CROSS JOIN keeps the full-text match as the outer loop.
        base = ("FROM fts CROSS JOIN records r ON r.rowid = fts.rowid "
                "WHERE fts MATCH ? AND r.case_id = ?")
        extra.append(case_id)
    newest = _newest(conn, base, [match, *extra], limit)
    completed = to_match(query)
    if completed != match and len(newest) <= RANK_LIMIT:
        # The last word is completed ("Wen" finds "Wenzu") only when the whole words are rare
        # enough to be ranked: completing costs FTS5 a merge of the lists of every word that
        # begins so, ~25 ms for a common word over a million records, and a word in more than
        # RANK_LIMIT records lists that many newest first anyway.
        match = completed
        newest = _newest(conn, base, [match, *extra], limit)
    params = [match, *extra]
    snippets = {rowid: snip for rowid, snip in newest if snip is not None}
    if len(newest) > RANK_LIMIT:
        rowids = [rowid for rowid, _snip in newest[:limit]]
    else:
        rowids = [row[0] for row in conn.execute(
            f"SELECT fts.rowid {base} ORDER BY bm25(fts, 4.0, 1.0) LIMIT ?",
            (*params, int(limit)))]
    if not rowids:
        return []
    missing = [rowid for rowid in rowids if rowid not in snippets]
    if missing:
        # Snippets for exactly these rows. The rowid range is handed to FTS5 (cheap, even for
        # a prefix query); the IN test sits inside CASE so FTS5 does not plan with it (an IN
        # list with a prefix term makes it re-read the whole prefix doclist per row).
        marks = ",".join("?" * len(missing))
        snippets.update((rowid, snip) for rowid, snip in conn.execute(
            f"SELECT rowid, CASE WHEN rowid IN ({marks}) THEN {_SNIPPET} END "
            "FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?",
            (*missing, match, min(missing), max(missing))) if snip is not None)
    marks = ",".join("?" * len(rowids))
    rows = {row[0]: row[1:] for row in conn.execute(
        f"SELECT rowid, id, type, case_id, origin, data FROM records WHERE rowid IN ({marks})",
        rowids)}
    out = []
    for rowid in rowids:
        rid, rtype, cid, origin, data = rows[rowid]
        snip = snippets.get(rowid) or ""
        parsed = json.loads(data)
        out.append({
            "id": rid,
            "type": rtype,
            "case_id": cid,
            "origin": origin,
            "title": model.title_of(rtype, parsed),
            "snippet": snip.replace(ZWSP, ""),
            "withdrawn": (parsed.get("consent") or {}).get("scope") == "withdrawn",
        })
    return out


def plain_snippet(snippet: str, open_mark: str = "[", close_mark: str = "]") -> str:
    return snippet.replace(HIT_OPEN, open_mark).replace(HIT_CLOSE, close_mark)
