"""The import log: one row per bundle file an import was asked to take, taken or refused.

Rows are written by :mod:`fieldnotes.desk.batch` in a transaction of their own once the
import's transaction is over; a refusal also appends a ``bundle.refused`` audit entry (ids and
hashes only), so the log's refusals are covered by the hash chain as imports already are.
Listing is paged (newest first) so a screen over thousands of attempts opens at once.

Reasons and gaps are stored language-neutral (:mod:`fieldnotes.sentences`): ``reason_code``
and ``gap_codes`` hold each sentence's code (its English template) and fields, ``reason`` and
``gap`` its English words; :func:`reason_text` and :func:`gap_texts` put them in the reader's
language. Rows logged before that have only free text, in the language the import ran in,
shown as it is (``reason_code`` null).
"""

from __future__ import annotations

import json
from pathlib import Path

from fieldnotes import audit, sentences
from fieldnotes.i18n import N_, _
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import transaction

COLUMNS = ("id", "time", "file", "sha256", "status", "bundle_id", "sender", "sequence",
           "added", "skipped", "attachments", "gap", "reason", "reason_code", "gap_codes")

STATUS_LABELS = {
    "added": N_("Imported"),
    "already_imported": N_("Already imported"),
    "refused": N_("Refused"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def _stored(text: str | None, code: dict | None) -> str | None:
    return sentences.english(code) if code else text


def record(conn, attempt) -> int:
    """Write one attempt (a :class:`batch.Attempt`); returns the row's id."""
    gap_codes = [sentences.neutral(g) for g in attempt.gaps]
    gap = "\n".join(_stored(g, c) for g, c in zip(attempt.gaps, gap_codes, strict=True)) or None
    reason = _stored(attempt.reason, attempt.reason_code)
    before, after = attempt.seq_range or (None, None)
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO import_log(time, file, sha256, status, bundle_id, sender, sequence, "
            "added, skipped, attachments, gap, reason, before_seq, after_seq, reason_code, "
            "gap_codes) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (utc_now(), Path(attempt.file).name, attempt.sha256, attempt.status,
             attempt.bundle_id, attempt.sender, attempt.sequence, attempt.added,
             attempt.skipped, attempt.attachments, gap, reason, before, after,
             _json(attempt.reason_code), _json(gap_codes) if any(gap_codes) else None))
        if attempt.status == "refused":
            audit.append(conn, "bundle.refused", None, {
                "log_id": cur.lastrowid, "sha256": attempt.sha256,
                "bundle_id": attempt.bundle_id, "sender": attempt.sender})
    return cur.lastrowid


def _json(value) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def reason_text(entry: dict) -> str:
    """A logged attempt's reason in the current language (free text of old rows as it is)."""
    code = entry.get("reason_code")
    return sentences.render(code) if code else entry.get("reason") or ""


def gap_texts(entry: dict) -> list[str]:
    """A logged attempt's gap sentences in the current language."""
    codes = entry.get("gap_codes") or [None] * len(entry["gaps"])
    return [sentences.render(c) if c else g for g, c in zip(entry["gaps"], codes, strict=False)]


def bundle_of(conn, seq: int, author: str) -> str | None:
    """The id of the logged import that added the revision numbered ``seq`` (by ``author``)."""
    row = conn.execute(
        "SELECT bundle_id FROM import_log WHERE status = 'added' AND sender = ? AND "
        "before_seq < ? AND after_seq >= ? ORDER BY id DESC LIMIT 1", (author, seq, seq)
    ).fetchone()
    return row[0] if row else None


def _filters(status: str | None, sender: str | None, bundle_id: str | None = None
             ) -> tuple[str, list]:
    sql, params = " WHERE 1=1", []
    for column, value in (("status", status), ("sender", sender), ("bundle_id", bundle_id)):
        if value:
            sql += f" AND l.{column} = ?"
            params.append(value)
    return sql, params


def entries(conn, limit: int | None = None, offset: int = 0, status: str | None = None,
            sender: str | None = None, bundle_id: str | None = None,
            before: int | None = None) -> list[dict]:
    """Log rows, newest first, each with the sender's contact name when known. Paged by
    ``limit`` and ``before`` (the ``id`` of the last row of the previous page)."""
    where, params = _filters(status, sender, bundle_id)
    if before is not None:
        where += " AND l.id < ?"
        params.append(int(before))
    sql = (f"SELECT {', '.join('l.' + c for c in COLUMNS)}, c.name FROM import_log l "
           f"LEFT JOIN contacts c ON c.fingerprint = l.sender{where} ORDER BY l.id DESC")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    out = []
    for row in conn.execute(sql, params):
        item = dict(zip(COLUMNS, row[:-1], strict=True))
        item["sender_name"] = row[-1]
        item["gaps"] = item.pop("gap").split("\n") if item["gap"] else []
        for key in ("reason_code", "gap_codes"):
            item[key] = json.loads(item[key]) if item[key] else None
        out.append(item)
    return out


def count(conn, status: str | None = None, sender: str | None = None) -> int:
    where, params = _filters(status, sender)
    return conn.execute(f"SELECT count(*) FROM import_log l{where}", params).fetchone()[0]
