-- Schema 7 (vault format 2): attachment bytes move out of this database into sealed files
-- under blobs/ (fieldnotes/blobstore). This database keeps what describes each one.
-- A row with name NULL still has its bytes in `chunks` (format 1) until the store's
-- migration at unlock moves them.
ALTER TABLE blobs ADD COLUMN name TEXT;          -- random file name under blobs/<2>/<name>
ALTER TABLE blobs ADD COLUMN file_key BLOB;      -- the blob's own 256-bit key
ALTER TABLE blobs ADD COLUMN state TEXT NOT NULL DEFAULT 'sealed';  -- or 'appending'
ALTER TABLE blobs ADD COLUMN durable INTEGER NOT NULL DEFAULT 0;    -- appending: full chunks on disk
ALTER TABLE blobs ADD COLUMN tail INTEGER NOT NULL DEFAULT 0;       -- appending: bytes after them
ALTER TABLE blobs ADD COLUMN pending TEXT;       -- appending: what the finished attachment will be
CREATE UNIQUE INDEX blobs_by_name ON blobs (name);
