"""The coordinator's desk: review of imported records, the import log, reports."""
