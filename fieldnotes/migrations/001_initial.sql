-- Schema 1: records with revisions, attachments in chunks, the audit chain, full-text search.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The vault's own identity (secret keys). Never leaves the vault except by an explicit export.
CREATE TABLE identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      TEXT NOT NULL,
    card        TEXT NOT NULL,
    fingerprint TEXT NOT NULL
);

-- Current state of every record, for fast listing. Always derived from its head revision.
CREATE TABLE records (
    id       TEXT PRIMARY KEY,
    type     TEXT NOT NULL,
    case_id  TEXT,
    head     TEXT NOT NULL,
    deleted  INTEGER NOT NULL DEFAULT 0,
    origin   TEXT,            -- NULL: made in this vault; else the sender's fingerprint (read-only)
    author   TEXT NOT NULL,
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL,
    data     TEXT NOT NULL
);
CREATE INDEX records_by_case ON records (case_id, type);
CREATE INDEX records_by_type ON records (type);

-- Append-only history. `line` is the canonical JSON exactly as hashed and exported.
CREATE TABLE revisions (
    hash      TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    parent    TEXT,
    author    TEXT NOT NULL,
    time      TEXT NOT NULL,
    line      TEXT NOT NULL,
    seq       INTEGER NOT NULL
);
CREATE INDEX revisions_by_record ON revisions (record_id, seq);
CREATE INDEX revisions_by_seq ON revisions (seq);

-- Attachment bytes, content-addressed, stored as fixed-size chunks.
CREATE TABLE blobs (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT UNIQUE,      -- NULL while an intake is in progress
    size       INTEGER NOT NULL DEFAULT 0,
    chunk_size INTEGER NOT NULL
);
CREATE TABLE chunks (
    blob_id INTEGER NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    data    BLOB NOT NULL,
    PRIMARY KEY (blob_id, idx)
);

-- Hash-chained audit log: hash = SHA-256(prev || canonical entry). Ids and actions, no content.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    time      TEXT NOT NULL,
    action    TEXT NOT NULL,
    record_id TEXT,
    detail    TEXT NOT NULL,
    prev      TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- Full-text search over current revisions. rowid = records.rowid. CJK text is pre-split
-- into one token per character (see search.py), so Chinese words match as phrases.
CREATE VIRTUAL TABLE fts USING fts5 (
    title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
