"""Fixtures: a researcher and a coordinator who know each other, and a genuine bundle."""

from __future__ import annotations

import pytest

from fieldnotes.bundle import writer
from tests.bundle import helpers
from tests.bundle.helpers import Pair


@pytest.fixture
def pair(tmp_path):
    p = Pair(tmp_path)
    yield p
    p.close()


@pytest.fixture(scope="module")
def genuine(tmp_path_factory):
    """A researcher's populated case exported once to the coordinator (shared per module:
    tests must leave both vaults as they found them)."""
    tmp = tmp_path_factory.mktemp("genuine")
    p = Pair(tmp)
    p.ids = helpers.populate(p.r, tmp, size=200_000)
    p.bundle_path = tmp / "genuine.bundle"
    p.result = writer.export_bundle(p.r, p.bundle_path, [p.c_fpr], cases=[p.ids["case"]])
    p.bundle = p.bundle_path.read_bytes()
    p.forge = helpers.Forge(p.bundle, p.c, p.r.identity)
    p.forge.coordinator_recipient = p.c.identity.card().age_recipient
    n = iter(range(10**6))

    def write(data: bytes):
        path = tmp / f"forged-{next(n)}.bundle"
        path.write_bytes(data)
        return path

    p.write = write
    yield p
    p.close()
