"""A researcher, a stranger and a coordinator; bundles from the researcher to import."""

from __future__ import annotations

import pytest

from fieldnotes.bundle import writer
from tests.bundle import helpers
from tests.bundle.helpers import Pair


class Desk(Pair):
    """The coordinator's side of a pair, plus a stranger whose card the coordinator lacks."""

    def __init__(self, tmp):
        super().__init__(tmp)
        self.stranger = helpers.new_vault(tmp / "stranger", "Stranger")
        contacts_of_stranger = helpers.contacts
        contacts_of_stranger.add_contact(self.stranger.conn, helpers.card(self.c), verified=True)
        self.n = 0

    def export(self, v=None, **scope) -> object:
        """A bundle of everything new from ``v`` (the researcher) to the coordinator."""
        v = v or self.r
        self.n += 1
        path = self.tmp / f"{self.n:02d}.bundle"
        to = [helpers.contacts.own_fingerprint(self.c.conn)] if v is self.stranger \
            else [self.c_fpr]
        writer.export_bundle(v, path, to, **(scope or {"since_last": True}))
        return path

    def close(self):
        super().close()
        self.stranger.close()


@pytest.fixture
def desk(tmp_path):
    d = Desk(tmp_path)
    yield d
    d.close()
