"""Working copies of evidence: made beside the original, never instead of it.

``make_working_copy`` streams an attachment through :mod:`fieldnotes.media.strip` into a new
attachment of the same case and record, which names its original (``working_copy_of``), says
what was removed (``stripped``) and carries the metadata left (only the orientation). The
original's record, bytes and hash are untouched: its intake hash stays the evidentiary anchor.
"""

from __future__ import annotations

from pathlib import PurePath

from fieldnotes import attachments, audit
from fieldnotes.errors import ValidationError
from fieldnotes.i18n import _
from fieldnotes.jobs import Job
from fieldnotes.media import strip
from fieldnotes.vault import transaction


def working_copies(store, original_id: str) -> list[dict]:
    """The working copies made of an attachment, oldest first."""
    return [r for r in store.list("attachment", store.get(original_id)["case_id"])
            if r["data"].get("working_copy_of") == original_id]


def make_working_copy(store, attachment_id: str, job: Job | None = None) -> tuple[str, str]:
    """Make a stripped working copy of an attachment. Returns (new attachment id, sha256)."""
    original = store.get(attachment_id)
    data = original["data"]
    if original["type"] != "attachment" or original["deleted"]:
        raise ValidationError(_("{id} is not an attachment.").format(id=attachment_id))
    if data.get("working_copy_of"):
        raise ValidationError(_("This is already a working copy; make one from the original."))
    mime = data.get("mime", "")
    if not strip.supported(mime):
        raise ValidationError(_("Fieldnotes can make a stripped working copy of JPEG and PNG "
                                "images only."))
    meta = data.get("metadata", {})
    removed = sorted(k for k in meta if k != "orientation")
    reader = attachments.BlobReader(store.conn, data["sha256"])
    stripped = strip.Stripped(reader.read, mime, meta.get("orientation"))
    name = PurePath(data["filename"])
    with transaction(store.conn):
        store.require_case(original["case_id"])
        digest, size = attachments.intake(store.conn, stripped, job, data["size"])
        copy = {"sha256": digest, "size": size, "mime": mime,
                "filename": f"{name.stem}-working-copy{name.suffix}",
                "working_copy_of": attachment_id, "stripped": removed}
        if data.get("record_id"):
            copy["record_id"] = data["record_id"]
        if meta.get("orientation", 1) != 1:
            copy["metadata"] = {"orientation": meta["orientation"]}
        audit.append(store.conn, "attachment.working_copy", attachment_id,
                     {"sha256": digest, "original_sha256": data["sha256"]})
        rid = store.create("attachment", copy, original["case_id"])
    return rid, digest
