"""Random damage at the importer: always a FieldnotesError (never another exception, never a
traceback's worth of surprise) and the vault unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.bundle import importer
from fieldnotes.errors import FieldnotesError
from tests.bundle import helpers

SETTINGS = settings(max_examples=60, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _damage(data: bytes, draw) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        last = max(len(out) - 1, 0)
        # Half the time near the start, where the headers, tag files and records are.
        at = draw(st.one_of(st.integers(0, min(last, 8000)), st.integers(0, last)))
        if kind == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=600))
        else:
            del out[at:at + draw(st.integers(1, 600))]
    return bytes(out)


@SETTINGS
@given(data=st.data())
def test_random_damage_to_the_bundle_file(genuine, data):
    damaged = _damage(genuine.bundle, data.draw)
    if damaged == genuine.bundle:
        return
    path = genuine.write(damaged)
    with pytest.raises(FieldnotesError):
        importer.verify_bundle(genuine.c, path)
    assert helpers.import_rolled_back(genuine, path) is not None
    path.unlink()


@pytest.fixture(scope="module")
def plain(genuine):
    return helpers.decrypt(genuine.bundle, genuine.c)


@SETTINGS
@given(data=st.data())
def test_random_damage_inside_the_envelope(genuine, plain, data):
    """The tar, tag files and records damaged, then encrypted again: the layers under the
    envelope must refuse it themselves."""
    damaged = _damage(plain, data.draw)
    path = genuine.write(helpers.encrypt(damaged, genuine.c))
    error = helpers.import_rolled_back(genuine, path)
    if error is None:
        # Only harmless changes may pass: the zero fill at the end of the archive, or the
        # text of the signature's untrusted comment (minisign does not authenticate it).
        start = plain.index(b"untrusted comment: ") + len(b"untrusted comment: ")
        end = plain.index(b"\n", start)
        changed = [i for i in range(len(plain)) if damaged[i] != plain[i]] \
            if len(damaged) == len(plain) else None
        assert damaged.rstrip(b"\x00") == plain.rstrip(b"\x00") or (
            changed is not None and all(start <= i < end for i in changed))
    try:
        importer.verify_bundle(genuine.c, path)
    except FieldnotesError:
        pass
    path.unlink()
