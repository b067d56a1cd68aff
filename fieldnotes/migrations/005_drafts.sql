-- Schema 5: drafts of open forms, kept inside the (encrypted) vault so that nothing a person
-- typed is lost to a switch, a lock, a closed window or a crash. One draft per form: a record
-- being edited (record_id) or a new one (record_id NULL) of a type in a case.
CREATE TABLE drafts (
    form      TEXT PRIMARY KEY,          -- "<rtype>:<case_id>:<record_id or new>"
    rtype     TEXT NOT NULL,
    case_id   TEXT,
    record_id TEXT,
    title     TEXT NOT NULL,             -- what the offer to restore calls it
    data      TEXT NOT NULL,             -- canonical JSON of the form's values
    saved     TEXT NOT NULL              -- UTC, ISO 8601
);
