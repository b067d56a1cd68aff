-- Schema 10: an import's reason and gaps kept language-neutral (fieldnotes.sentences): each a
-- code — the English template — with its fields, as JSON; reason and gap then hold the English
-- words. NULL for rows logged before (their reason and gap are free text in the language the
-- import ran in, shown as they are).
ALTER TABLE import_log ADD COLUMN reason_code TEXT;
ALTER TABLE import_log ADD COLUMN gap_codes TEXT;
