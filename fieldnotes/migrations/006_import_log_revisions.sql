-- Schema 6: which revisions an import added, for the chain-of-custody report: those with
-- revisions.seq in (before_seq, after_seq] written by the bundle's sender. NULL for an
-- import that added nothing (or was logged before this column existed).
ALTER TABLE import_log ADD COLUMN before_seq INTEGER;
ALTER TABLE import_log ADD COLUMN after_seq INTEGER;
