"""What the person is told after unlock about recordings a crash left open.

The store's upkeep at unlock (:func:`fieldnotes.blobstore.appender.recover`) finalises each
recording that was still being written when Fieldnotes stopped, and
:attr:`fieldnotes.vault.Vault.recovered` holds what became of each. :func:`sentences` turns that
into one sentence per recording: how much was kept (its length, from the audio format the
recording last synced) and where it is (the testimony, else the case), or that nothing of it
could be kept. The app shows them in its notice bar; the CLI prints them.
"""

from __future__ import annotations

from fieldnotes.errors import NotFound
from fieldnotes.i18n import _
from fieldnotes.media import wav
from fieldnotes.records.model import title_of
from fieldnotes.records.store import Store


def sentences(vault) -> list[str]:
    """One sentence per recording finalised or dropped at this unlock (empty: none)."""
    store = Store(vault.conn, vault.fingerprint)
    return [_sentence(store, outcome) for outcome in getattr(vault, "recovered", [])]


def length(seconds: float) -> str:
    """A recording's length as a reader says it: “3 min 12 s”, “1 h 4 min”, “45 s”."""
    s = int(seconds)
    h, m, s = s // 3600, s % 3600 // 60, s % 60
    if h:
        return _("{h} h {m} min").format(h=h, m=m)
    if m:
        return _("{m} min {s} s").format(m=m, s=s)
    return _("{s} s").format(s=s)


def _seconds(outcome: dict) -> float | None:
    """Seconds of audio kept, from the format the recording last synced (None: unknown)."""
    meta = (outcome["pending"].get("extra") or {}).get("metadata") or {}
    rate, channels = meta.get("sample_rate"), meta.get("channels")
    if not rate or not channels:
        return None
    return wav.duration(wav.PcmFormat(rate, channels), outcome["kept_bytes"])


def _where(store, pending: dict) -> str:
    """The testimony's title, else the case's (empty if neither can be named)."""
    for rid, rtype in ((pending.get("record_id"), "testimony"), (pending.get("case_id"), "case")):
        if not rid:
            continue
        try:
            title = title_of(rtype, store.get(rid)["data"])
        except NotFound:
            continue
        if title:
            return title
    return ""


def _sentence(store, outcome: dict) -> str:
    where = _where(store, outcome["pending"])
    if outcome["attachment"] is None:
        return _("A recording interrupted when Fieldnotes stopped could not be kept: none of it "
                 "had reached the disk, in “{where}”.").format(where=where)
    seconds = _seconds(outcome)
    if seconds is None:
        return _("A recording interrupted when Fieldnotes stopped was kept, in “{where}”."
                 ).format(where=where)
    return _("A recording interrupted when Fieldnotes stopped was kept: {length}, in "
             "“{where}”.").format(length=length(seconds), where=where)
