-- Schema 4: the coordinator's desk: a log of every import attempt, and review decisions.

-- One row per bundle file an import was asked to take, taken or refused. A refused bundle's
-- sender, id and sequence are what the bundle states (unproven); reason is the sentence shown.
CREATE TABLE import_log (
    id          INTEGER PRIMARY KEY,
    time        TEXT NOT NULL,
    file        TEXT NOT NULL,           -- the file's name, without its folder
    sha256      TEXT,                    -- of the file; NULL when it could not be read
    status      TEXT NOT NULL,           -- added | already_imported | refused
    bundle_id   TEXT,
    sender      TEXT,
    sequence    INTEGER,
    added       INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    attachments INTEGER NOT NULL DEFAULT 0,
    gap         TEXT,
    reason      TEXT
);
CREATE INDEX import_log_by_bundle ON import_log (bundle_id);

-- Review is the coordinator's own data: a chain of review revisions per record (canonical
-- JSON, hashed, parent = the previous one), never part of the sender's history, never exported.
CREATE TABLE review_revisions (
    hash      TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    parent    TEXT,
    line      TEXT NOT NULL,
    seq       INTEGER NOT NULL
);
CREATE INDEX review_revisions_by_record ON review_revisions (record_id, seq);

-- The current decision per record. It holds while the record's head is still `head`: a new
-- revision from the sender puts the record back to "needs review".
CREATE TABLE review (
    record_id    TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    head         TEXT NOT NULL,
    duplicate_of TEXT,
    comment      TEXT,
    revision     TEXT NOT NULL,
    time         TEXT NOT NULL
);
CREATE INDEX review_by_state ON review (state);

-- The review list and its filters walk imported records by sender.
CREATE INDEX records_by_origin ON records (origin, type);
