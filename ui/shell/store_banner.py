"""After unlock, the attachment store's quick check (``fieldnotes check --quick``: every file
there, whole, with its header) runs on a worker; if something is wrong a banner says how many
attachments are damaged or missing and names them (the full list in its tooltip and details)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from fieldnotes.blobstore import upkeep
from fieldnotes.i18n import _, ngettext
from ui.shell.style import set_role
from ui.widgets.basic import ErrorLabel
from ui.workers import Worker


class StoreBanner(ErrorLabel):
    """Hidden unless the quick check found a problem."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "warning")
        self.problems: list[str] = []
        self.done = False  # the check has reported (tests wait for it)
        self.worker = Worker(self)
        self.worker.succeeded.connect(self._checked)
        self.worker.start(lambda conn, job: upkeep.check(conn, quick=True, job=job),
                          vault=session.vault)

    def _checked(self, problems: list[str]) -> None:
        self.problems, self.done = problems, True
        if not problems:
            self.clear()
            return
        head = ngettext("{n} attachment is damaged or missing.",
                        "{n} attachments are damaged or missing.", len(problems)).format(
                            n=len(problems))
        advice = _("Restore the vault's blobs folder from a backup, or ask the sender again; "
                   "`fieldnotes check` checks every byte.")
        self.show_error("\n".join([head, *problems[:3], advice]))
        self.setToolTip("\n".join(problems))
