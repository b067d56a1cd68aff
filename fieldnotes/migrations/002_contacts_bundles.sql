-- Schema 2: contacts, bundles sent and received, receipts.
CREATE TABLE contacts (
    fingerprint TEXT PRIMARY KEY,     -- 40 digits, no spaces
    name        TEXT NOT NULL,
    card        TEXT NOT NULL,
    verified    INTEGER NOT NULL DEFAULT 0,
    revoked     INTEGER NOT NULL DEFAULT 0,
    added       TEXT NOT NULL
);

CREATE TABLE bundles_sent (
    bundle_id  TEXT NOT NULL,
    recipient  TEXT NOT NULL,         -- one row per recipient
    sequence   INTEGER NOT NULL,
    previous   TEXT,
    created    TEXT NOT NULL,
    sha256     TEXT,
    last_seq   INTEGER NOT NULL,      -- highest revisions.seq included
    receipted  TEXT,
    PRIMARY KEY (bundle_id, recipient)
);
CREATE INDEX bundles_sent_by_recipient ON bundles_sent (recipient, sequence);

CREATE TABLE bundle_revisions (        -- which revisions went in which bundle
    bundle_id TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (bundle_id, hash)
);

CREATE TABLE bundles_received (
    bundle_id TEXT PRIMARY KEY,
    sender    TEXT NOT NULL,
    sequence  INTEGER NOT NULL,
    previous  TEXT,
    created   TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    imported  TEXT NOT NULL,
    added     INTEGER NOT NULL,
    skipped   INTEGER NOT NULL
);

ALTER TABLE records ADD COLUMN delivered TEXT;   -- bundle id a receipt confirmed
