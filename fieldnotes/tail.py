"""What an open vault does with its tail anchor (:mod:`fieldnotes.anchor`): adopt one at open,
settle the WAL into vault.db at close, and record the user's acknowledgement of a loss."""

from __future__ import annotations

import contextlib

import sqlcipher3

from fieldnotes import audit
from fieldnotes.errors import Refused
from fieldnotes.guard import tail
from fieldnotes.i18n import _


def adopt(vault) -> None:
    """A vault without an anchor yet (made before it existed) gets one now, and vault.db
    remembers that it has one, so a vault.anchor removed later is noticed.

    The remembering is checkpointed into vault.db at once: left in the WAL until close, it
    would be lost with the WAL after a crash, and a vault.anchor deleted as well would then
    pass for a vault that never had one.

    What cannot be noticed (see :mod:`fieldnotes.anchor`): changes an older version left only
    in its WAL, lost before the vault's first open under a version that anchors. Nothing
    outside vault.db and its WAL recorded how far that history reached, and vault.db holds no
    trace of the versions that wrote it but this 'anchored' row, which only an anchoring
    version writes; so an older vault that lost its WAL is, at its first open here, an intact
    and shorter older vault."""
    from fieldnotes.vault import transaction

    if vault.guard.problem is not None or vault.guard.anchor.exists():
        return
    with contextlib.suppress(sqlcipher3.Error, OSError):
        with transaction(vault.conn):
            vault.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('anchored', '1')")
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        vault.guard.anchor.reset(*tail(vault.conn))


def settle(vault, conns) -> None:
    """At close: copy the WAL into vault.db and truncate it, then anchor the tail. Fails
    quietly (a full disk, another process reading): the WAL keeps the data, the anchor
    covers it, and the next close tries again."""
    conn = vault.conn if vault.conn in conns else conns[0]
    if conn.in_transaction:
        return
    with contextlib.suppress(sqlcipher3.Error):
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    with contextlib.suppress(sqlcipher3.Error):
        vault.guard.committed(conn, sync=True)


def acknowledge(vault) -> dict:
    """The user accepts what the anchor said is missing or different: an audit entry records
    it, the anchor moves to the log's real tail, and the vault can be written again."""
    from fieldnotes.vault import transaction

    problem = vault.guard.problem
    if problem is None:
        raise Refused(_("There is nothing to acknowledge: vault.db holds all the history "
                        "vault.anchor recorded."))
    if problem.kind == "damaged":
        raise Refused(problem.sentence)
    detail = dict(problem.detail, kind=problem.kind)
    with vault.guard.allowing_writes(), transaction(vault.conn):
        audit.append(vault.conn, "vault.loss_acknowledged", detail=detail)
    vault.guard.anchor.reset(*tail(vault.conn))
    vault.guard.evaluate(vault.conn)
    return detail
