-- Schema 8: how many live records of each type every case holds, kept up to date by triggers
-- on `records` so the case list opens without counting a million rows. A record counts when
-- it is not deleted, belongs to a case and is not the case itself; every write path (save,
-- import, delete, purge, purge of delivered material) goes through these triggers.
CREATE TABLE case_counts (
    case_id TEXT NOT NULL,
    type    TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (case_id, type)
) WITHOUT ROWID;

CREATE TRIGGER case_counts_insert AFTER INSERT ON records
WHEN NEW.deleted = 0 AND NEW.case_id IS NOT NULL AND NEW.id != NEW.case_id
BEGIN
    INSERT INTO case_counts(case_id, type, n) VALUES (NEW.case_id, NEW.type, 1)
        ON CONFLICT(case_id, type) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_delete AFTER DELETE ON records
WHEN OLD.deleted = 0 AND OLD.case_id IS NOT NULL AND OLD.id != OLD.case_id
BEGIN
    UPDATE case_counts SET n = n - 1 WHERE case_id = OLD.case_id AND type = OLD.type;
    DELETE FROM case_counts WHERE case_id = OLD.case_id AND type = OLD.type AND n <= 0;
END;

CREATE TRIGGER case_counts_update AFTER UPDATE OF id, type, case_id, deleted ON records
WHEN OLD.id IS NOT NEW.id OR OLD.type IS NOT NEW.type OR OLD.case_id IS NOT NEW.case_id
    OR OLD.deleted IS NOT NEW.deleted
BEGIN
    UPDATE case_counts SET n = n - 1 WHERE case_id = OLD.case_id AND type = OLD.type
        AND OLD.deleted = 0 AND OLD.id != OLD.case_id;
    DELETE FROM case_counts WHERE case_id = OLD.case_id AND type = OLD.type AND n <= 0;
    INSERT INTO case_counts(case_id, type, n)
        SELECT NEW.case_id, NEW.type, 1
        WHERE NEW.deleted = 0 AND NEW.case_id IS NOT NULL AND NEW.id != NEW.case_id
        ON CONFLICT(case_id, type) DO UPDATE SET n = n + 1;
END;

-- Existing vaults: count what is there once.
INSERT INTO case_counts(case_id, type, n)
    SELECT case_id, type, count(*) FROM records
    WHERE deleted = 0 AND case_id IS NOT NULL AND id != case_id
    GROUP BY case_id, type;
