"""Fieldnotes core: the encrypted vault, records, search, attachments, bundles and the CLI.

This package never imports Qt; the desktop app in ``ui/`` is a thin layer over it.
"""

__version__ = "0.1.0"
