"""An unlocked session: the vault, a Store on the UI thread's connection, the clipboard.

Everything that holds content hangs off the main view built for one session; locking drops
the session and that view together.
"""

from __future__ import annotations

from fieldnotes.i18n import _
from fieldnotes.records.store import Store
from ui.models import queries
from ui.shell.clipboard import SecureClipboard


class Session:
    def __init__(self, vault, clipboard: SecureClipboard):
        self.vault = vault
        self.clipboard = clipboard
        self.fingerprint = vault.fingerprint
        self.store = Store(vault.conn, self.fingerprint)

    @property
    def conn(self):
        return self.vault.conn

    def who(self, fingerprint: str | None) -> str:
        """A readable name for an author or sender fingerprint."""
        if not fingerprint:
            return ""
        if fingerprint == self.fingerprint:
            return _("you")
        name = queries.contact_name(self.conn, fingerprint)
        grouped = queries.group_fingerprint(fingerprint)
        if not name:
            return grouped
        return _("{name} ({fingerprint})").format(name=name, fingerprint=grouped)
