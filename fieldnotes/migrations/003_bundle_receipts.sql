-- Schema 3: what receipts and purging delivered material need; faster incremental exports.
-- A receipt names how many revisions a bundle held and the SHA-256 of their hashes (each
-- followed by a newline, in bundle order); both sides keep those two numbers.
ALTER TABLE bundles_sent ADD COLUMN revisions INTEGER;
ALTER TABLE bundles_sent ADD COLUMN revisions_sha256 TEXT;
ALTER TABLE bundles_received ADD COLUMN revisions INTEGER;
ALTER TABLE bundles_received ADD COLUMN revisions_sha256 TEXT;
ALTER TABLE bundles_received ADD COLUMN receipt TEXT;       -- id of the last receipt issued

-- purge --delivered keeps a record's id, type, case and revision hashes but destroys its
-- content: the revision line becomes a stub without data, flagged here, never exported again.
ALTER TABLE revisions ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN purged TEXT;                 -- when its content was destroyed

-- "Not yet sent to this recipient" looks revisions up by hash.
CREATE INDEX bundle_revisions_by_hash ON bundle_revisions (hash);
