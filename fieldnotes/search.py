"""Full-text search over the current revision of every record, in English and Chinese alike.

SQLite's unicode61 tokenizer keeps a run of Han characters as one token, so 王全璋 inside a
sentence would never match. Before indexing we put a zero-width space (U+200B, which unicode61
treats as a separator) after every CJK character, making each one a token; a query's CJK run
becomes a phrase of consecutive characters ("王 全 璋"), which matches exactly that word anywhere
in a sentence. Latin text is untouched (with diacritics folded), so "detention" finds
"Detention". Snippets come back with the zero-width spaces removed.
"""

from __future__ import annotations

import re

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
    title = model.title_of(rtype, data)
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


def to_match(query: str) -> str | None:
    """Turn what a person types into an FTS5 MATCH expression (all terms must match).

    Every term becomes a quoted phrase, so FTS5 syntax characters in the query are inert; a
    term ending in * matches as a prefix. Returns None when nothing searchable is left.
    """
    phrases = []
    for raw in _TERM.findall(query or ""):
        prefix = raw.endswith("*") and not raw.startswith('"')
        term = raw.strip('"').rstrip("*")
        tokens: list[str] = []
        for piece in _CJK_CHAR.split(term):
            if _CJK_ANY.fullmatch(piece or "x"):
                tokens.append(piece)
            else:
                tokens.extend(_WORD.findall(piece))
        if not tokens:
            continue
        phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
        phrases.append(phrase + ("*" if prefix else ""))
    return " AND ".join(phrases) if phrases else None


def search(conn, query: str, limit: int = 100, case_id: str | None = None) -> list[dict]:
    """Records whose current text matches, best first, each with a snippet.

    The snippet marks hits with U+0002 … U+0003 (``HIT_OPEN``/``HIT_CLOSE``); callers render
    them as they like (the CLI uses [ ]).
    """
    match = to_match(query)
    if match is None:
        return []
    sql = (
        "SELECT r.id, r.type, r.case_id, r.origin, "
        f"snippet(fts, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 24), r.data "
        "FROM fts JOIN records r ON r.rowid = fts.rowid "
        "WHERE fts MATCH ?"
    )
    params: list = [match]
    if case_id:
        sql += " AND r.case_id = ?"
        params.append(case_id)
    sql += " ORDER BY bm25(fts, 4.0, 1.0) LIMIT ?"
    params.append(int(limit))
    import json

    out = []
    for rid, rtype, cid, origin, snip, data in conn.execute(sql, params):
        out.append({
            "id": rid,
            "type": rtype,
            "case_id": cid,
            "origin": origin,
            "title": model.title_of(rtype, json.loads(data)),
            "snippet": snip.replace(ZWSP, ""),
        })
    return out


def plain_snippet(snippet: str, open_mark: str = "[", close_mark: str = "]") -> str:
    return snippet.replace(HIT_OPEN, open_mark).replace(HIT_CLOSE, close_mark)
