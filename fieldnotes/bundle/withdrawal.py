"""Telling a recipient that a source withdrew consent.

Withdrawn testimony is never exported, with one exception: a recipient who already holds the
testimony must learn that they may no longer use it. Such a recipient gets the revisions made
since the last one they were sent, provided those revisions change nothing but the consent —
so the bundle carries no word of testimony they do not hold already. When every recipient of
the bundle holds it, the testimony goes as a *withdrawal notice*; otherwise it stays home like
any withdrawn testimony. Files attached to it never go.

At the coordinator the imported testimony then shows its consent as withdrawn (the app puts a
banner on it), and a later purge there is the coordinator's decision.
"""

from __future__ import annotations

import json

from fieldnotes.i18n import N_, _

NOTICE = N_("Consent was withdrawn; this tells {names} to stop using the copy they hold.")
EDITED = N_("Consent was withdrawn after the testimony was edited; the withdrawal cannot be sent "
          "without the edits.")


def _without_consent(line: str) -> dict:
    record = json.loads(line)["record"]
    data = {k: v for k, v in record["data"].items() if k != "consent"}
    return {**record, "data": data}


def _sent_to(conn, recipient: str, record_id: str) -> set[str]:
    return {h for (h,) in conn.execute(
        "SELECT br.hash FROM bundle_revisions br JOIN bundles_sent bs "
        "ON bs.bundle_id = br.bundle_id WHERE bs.recipient = ? AND br.hash IN "
        "(SELECT hash FROM revisions WHERE record_id = ?)", (recipient, record_id))}


def decide(conn, record_id: str, recipients: list[dict]) -> tuple[bool, str | None]:
    """For a withdrawn testimony: (goes as a withdrawal notice, reason to show). The reason is
    None when some recipient never held it: it stays home like any withdrawn testimony."""
    revisions = conn.execute(
        "SELECT hash, line FROM revisions WHERE record_id = ? AND purged = 0 ORDER BY seq",
        (record_id,)).fetchall()
    for r in recipients:
        sent = _sent_to(conn, r["fingerprint"], record_id)
        held = [i for i, (h, _line) in enumerate(revisions) if h in sent]
        if not held:
            return False, None  # this recipient never had it: it must not start now
        base = _without_consent(revisions[held[-1]][1])
        if any(_without_consent(line) != base for _hash, line in revisions[held[-1] + 1:]):
            return False, _(EDITED)
    return True, _(NOTICE).format(names=_(", ").join(r["name"] for r in recipients))
