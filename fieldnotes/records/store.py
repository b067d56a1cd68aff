"""The record store: create, edit, delete (tombstone), purge, read, list and history.

Every change is one transaction holding the new revision, the current-state row, the search
index and the audit entry, so a crash leaves either all of it or none. Records that came in a
bundle (``origin`` set) are read-only here.
"""

from __future__ import annotations

import json
import uuid

from fieldnotes import attachments, audit, search
from fieldnotes.blobstore import upkeep
from fieldnotes.errors import NotFound, Refused, ValidationError
from fieldnotes.i18n import _
from fieldnotes.records import model, revisions
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import scrub, transaction

_COLUMNS = "id, type, case_id, head, deleted, origin, author, created, updated, data"


def _row(row) -> dict:
    rid, rtype, case_id, head, deleted, origin, author, created, updated, data = row
    data = json.loads(data)
    return {
        "id": rid, "type": rtype, "case_id": case_id, "head": head, "deleted": bool(deleted),
        "origin": origin, "author": author, "created": created, "updated": updated,
        "data": data, "title": model.title_of(rtype, data),
    }


class Store:
    def __init__(self, conn, author: str):
        self.conn = conn
        self.author = author

    # -- reading --------------------------------------------------------------------------

    def get(self, record_id: str) -> dict:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise NotFound(_("There is no record {record_id} in this vault.").format(record_id=record_id))
        return _row(row)

    def list(self, rtype: str | None = None, case_id: str | None = None,
             include_deleted: bool = False) -> list[dict]:
        sql = f"SELECT {_COLUMNS} FROM records WHERE 1=1"
        params: list = []
        if rtype == "case":  # a literal: the case list's own index serves it (migration 009)
            sql += " AND type = 'case'"
        elif rtype:
            sql += " AND type = ?"
            params.append(rtype)
        if case_id:
            sql += " AND case_id = ?"
            params.append(case_id)
        if not include_deleted:
            sql += " AND deleted = 0"
        sql += " ORDER BY created, id"
        return [_row(r) for r in self.conn.execute(sql, params)]

    def history(self, record_id: str) -> list[dict]:
        self.get(record_id)
        out = []
        for (line,) in self.conn.execute(
            "SELECT line FROM revisions WHERE record_id = ? ORDER BY seq", (record_id,)
        ):
            obj = json.loads(line)
            out.append({
                "hash": obj["hash"], "parent": obj["parent"], "author": obj["author"],
                "time": obj["time"], "deleted": obj["record"]["deleted"],
                "data": obj["record"]["data"],
            })
        return out

    # -- writing --------------------------------------------------------------------------

    def create(self, rtype: str, data: dict, case_id: str | None = None) -> str:
        data = model.validate(rtype, data)
        record_id = str(uuid.uuid4())
        with transaction(self.conn):
            if rtype == "case":
                case_id = record_id
            else:
                self.require_case(case_id)
                self._check_refs(rtype, data, case_id)
            record = {"id": record_id, "type": rtype, "case_id": case_id, "deleted": False,
                      "data": data}
            self._save(record, None, "record.created")
        return record_id

    def update(self, record_id: str, changes: dict) -> str:
        """Apply field changes (None or "" clears a field); returns the new revision hash."""
        with transaction(self.conn):
            current = self._writable(record_id)
            if current["deleted"]:
                raise Refused(_("This record has been deleted; it cannot be edited."))
            data = dict(current["data"])
            for name, value in changes.items():
                if value is None or value == "":
                    data.pop(name, None)
                else:
                    data[name] = value
            data = model.validate(current["type"], data)
            if data == current["data"]:
                return current["head"]
            self._check_refs(current["type"], data, current["case_id"])
            record = {"id": record_id, "type": current["type"], "case_id": current["case_id"],
                      "deleted": False, "data": data}
            return self._save(record, current["head"], "record.edited")

    def delete(self, record_id: str) -> str:
        """Tombstone: a revision that marks the record deleted. History is kept."""
        with transaction(self.conn):
            current = self._writable(record_id)
            if current["deleted"]:
                return current["head"]
            record = {"id": record_id, "type": current["type"], "case_id": current["case_id"],
                      "deleted": True, "data": {}}
            return self._save(record, current["head"], "record.deleted")

    def purge(self, record_ids: list[str] | str, reason: str = "record.purged") -> int:
        """Destroy records and all their revisions (and a case's whole content). For
        emergencies: this cannot be undone. Returns how many records were destroyed."""
        if isinstance(record_ids, str):
            record_ids = [record_ids]
        destroyed = 0
        with transaction(self.conn):
            for record_id in record_ids:
                current = self.get(record_id)
                targets = [current]
                if current["type"] == "case":
                    targets = self.list(case_id=record_id, include_deleted=True)
                for rec in targets:
                    rowid = self.conn.execute(
                        "SELECT rowid FROM records WHERE id = ?", (rec["id"],)).fetchone()[0]
                    search.unindex(self.conn, rowid)
                    self.conn.execute("DELETE FROM revisions WHERE record_id = ?", (rec["id"],))
                    self.conn.execute("DELETE FROM records WHERE rowid = ?", (rowid,))
                    if rec["type"] == "attachment" and rec["data"].get("sha256"):
                        attachments.drop_if_unused(self.conn, rec["data"]["sha256"])
                    destroyed += 1
                audit.append(self.conn, reason, record_id,
                             {"type": current["type"], "records": len(targets)})
            # FTS5 deletes only add "deleted" markers; the purged words stay in old index
            # segments until they are merged. Rewrite the index so they are really gone.
            search.optimize(self.conn)
        scrub(self.conn)
        upkeep.sweep(self.conn)  # the purged blobs' files, after their keys are gone
        return destroyed

    # -- internals ------------------------------------------------------------------------

    def _save(self, record: dict, parent: str | None, action: str) -> str:
        digest, line = revisions.make(record, parent, self.author, utc_now())
        revisions.apply(self.conn, json.loads(line), line, origin=None)
        audit.append(self.conn, action, record["id"], {"type": record["type"], "revision": digest})
        return digest

    def _writable(self, record_id: str) -> dict:
        current = self.get(record_id)
        if current["origin"]:
            raise Refused(
                _("This record came from another researcher's bundle and is read-only here.")
            )
        return current

    def require_case(self, case_id: str | None) -> None:
        """The case exists, is not deleted and is this vault's own: a case that came in a
        bundle is the sender's, read-only here, so nothing is added to it (a later bundle from
        the sender could not continue it, and an export would carry half of it)."""
        if not case_id:
            raise ValidationError(_("A case is required for this record."))
        row = self.conn.execute(
            "SELECT type, deleted, origin FROM records WHERE id = ?", (case_id,)
        ).fetchone()
        if row is None or row[0] != "case":
            raise NotFound(_("There is no case {case_id} in this vault.").format(case_id=case_id))
        if row[1]:
            raise Refused(_("That case has been deleted."))
        if row[2]:
            raise Refused(_("That case came from another researcher's bundle and is read-only here; "
                            "nothing can be added to it."))

    def _check_refs(self, rtype: str, data: dict, case_id: str) -> None:
        """References must point at records of the right type in the same case."""
        for name, value, f, want in model.references(rtype, data):
            row = self.conn.execute(
                "SELECT type, case_id FROM records WHERE id = ? AND deleted = 0", (value,)
            ).fetchone()
            if row is None:
                raise NotFound(_("The record {id} named in “{field}” does not exist.").format(
                    id=value, field=_(f.label) if f.label else name))
            if want and row[0] != want:
                raise ValidationError(_("{id} is a record of type {actual}, not {want}.").format(
                    id=value, actual=row[0], want=want))
            if row[1] != case_id:
                raise ValidationError(_("{id} belongs to another case.").format(id=value))
