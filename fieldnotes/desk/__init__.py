"""The coordinator's desk: many bundles at once, the import log, review, reports."""
