"""The coordinator's desk: import queue, import log, review, reports."""
