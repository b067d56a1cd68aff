-- Schema 9: the case list reads every case; in a vault of a million records the cases lie one
-- on each of a thousand pages spread over the whole table. This partial index holds the case
-- rows themselves (every column the list shows), in the list's order, on a few pages of their
-- own. Store.list("case") names the type as a literal so that SQLite can use it.
CREATE INDEX records_case_list ON records (deleted, created, id, type, case_id, head, origin,
    author, updated, data) WHERE type = 'case';
