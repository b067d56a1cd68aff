"""The append-only, hash-chained audit log: what happened in this vault (chain of custody).

Each entry's hash is SHA-256 over the previous entry's hash and the canonical JSON of the entry
(seq, time, action, record id, detail). Editing, removing or reordering any entry breaks the
chain at that point, and :func:`verify` names it. Entries hold ids and actions, never content.
Appends happen inside the same transaction as the change they describe.
"""

from __future__ import annotations

import json

from fieldnotes import canonical
from fieldnotes.i18n import _
from fieldnotes.timeutil import utc_now

GENESIS = "0" * 64

ACTIONS = {
    "vault.created", "vault.passphrase_changed", "vault.recovered",
    "record.created", "record.edited", "record.deleted", "record.purged",
    "attachment.added", "attachment.saved_copy", "attachment.purged", "attachment.working_copy",
    "attachment.recovered", "attachment.recording_lost", "vault.store_migrated",
    "bundle.exported", "bundle.imported", "receipt.created", "receipt.imported",
    "identity.secret_exported", "contact.added", "contact.verified", "contact.revoked",
    "delivered.purged", "vault.loss_acknowledged",
    "bundle.refused", "review.set",  # the coordinator's desk
    # recovery (issue 13): shares made or removed, a new recovery key, the wipe policy
    "vault.shares_made", "vault.shares_removed", "vault.recovery_key_rotated",
    "vault.recovered_with_shares", "vault.wipe_policy", "setup.applied",
    "vault.key_strength_changed",   # Settings: the Argon2id cost of the passphrase slot
}


def _entry_hash(prev: str, seq: int, time: str, action: str, record_id, detail: str) -> str:
    body = canonical.encode(
        {"seq": seq, "time": time, "action": action, "record_id": record_id, "detail": detail}
    )
    return canonical.sha256_hex(prev.encode("ascii") + body)


def append(conn, action: str, record_id: str | None = None, detail: dict | None = None) -> str:
    """Append one entry; call inside the transaction that makes the change."""
    assert action in ACTIONS, action
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    time = utc_now()
    detail_text = canonical.dumps(detail or {})
    digest = _entry_hash(prev, seq, time, action, record_id, detail_text)
    conn.execute(
        "INSERT INTO audit(seq, time, action, record_id, detail, prev, hash) "
        "VALUES(?, ?, ?, ?, ?, ?, ?)",
        (seq, time, action, record_id, detail_text, prev, digest),
    )
    return digest


def entries(conn, limit: int | None = None) -> list[dict]:
    sql = "SELECT seq, time, action, record_id, detail, hash FROM audit ORDER BY seq"
    if limit:
        sql += f" DESC LIMIT {int(limit)}"
    rows = conn.execute(sql).fetchall()
    out = [
        {"seq": s, "time": t, "action": a, "record_id": r, "detail": json.loads(d), "hash": h}
        for s, t, a, r, d, h in rows
    ]
    return sorted(out, key=lambda e: e["seq"])


def verify(conn) -> list[str]:
    """Walk the chain. Returns one sentence per problem found; an empty list means intact."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    for seq, time, action, record_id, detail, stored_prev, digest in conn.execute(
        "SELECT seq, time, action, record_id, detail, prev, hash FROM audit ORDER BY seq"
    ):
        if seq != expected_seq:
            problems.append(_("Audit entries {first}–{last} are missing.").format(
                first=expected_seq, last=seq - 1))
        if stored_prev != prev:
            problems.append(_("Audit entry {seq} does not follow the entry before it "
                              "(removed or reordered entries).").format(seq=seq))
        if _entry_hash(stored_prev, seq, time, action, record_id, detail) != digest:
            problems.append(_("Audit entry {seq} has been altered.").format(seq=seq))
        prev = digest
        expected_seq = seq + 1
    if expected_seq == 1:
        problems.append(_("The audit log is empty; the vault's creation entry is missing."))
    return problems
