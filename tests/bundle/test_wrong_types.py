"""Record lines that are well-formed JSON, correctly hashed and canonical, signed by the sender
and encrypted to us, but with a value of the wrong JSON type (a number for text, a list for an
object, null, a missing or an extra key): only the fieldnotes error family may come out of
parsing, verifying and importing them, and the vault is left as it was.

Independent fuzzing found TypeError and AttributeError escaping here (issue 13); each line is
re-hashed after the change so that it reaches the deep parsers instead of failing the hash.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes import canonical
from fieldnotes.bundle import importer, layout
from fieldnotes.errors import FieldnotesError, ValidationError
from fieldnotes.records import revisions
from tests.bundle import helpers

WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=6),
    st.lists(st.one_of(st.integers(), st.text(max_size=3), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=4), st.one_of(st.integers(), st.none()), max_size=2),
    st.just({"text": 5, "precision": [], "start": None, "end": {}}),  # a date of wrong types
    st.just([{"scope": "internal"}]),  # the right object inside a list
)


def _places(node, path=()):
    """Every (path) to a value inside ``node``, containers included."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _places(value, (*path, i))


def _mutate(obj: dict, draw) -> dict:
    obj = copy.deepcopy(obj)
    del obj["hash"]
    path = draw(st.sampled_from([p for p in _places(obj) if p]))
    parent = obj
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
    if action == "remove":
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=8))] = draw(WRONG)
    else:
        parent[last] = draw(WRONG)
    return obj


def _line(envelope: dict) -> bytes:
    """The mutated revision, hashed and canonical as a genuine one would be."""
    if not isinstance(envelope, dict):
        return canonical.encode(envelope)
    digest = canonical.sha256_hex(canonical.encode(envelope))
    return canonical.encode({**envelope, "hash": digest})


@pytest.fixture(scope="module")
def genuine_lines(genuine):
    return [json.loads(line) for line in genuine.forge.records]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_wrongly_typed_line_is_a_validation_error(genuine_lines, data):
    obj = data.draw(st.sampled_from(genuine_lines))
    line = _line(_mutate(obj, data.draw))
    try:
        revisions.parse_line(line)
    except ValidationError as exc:
        assert str(exc) and "\n" not in str(exc)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_signed_bundle_with_a_wrongly_typed_line_is_refused(genuine, genuine_lines, data):
    forge = genuine.forge
    at = data.draw(st.integers(0, len(genuine_lines) - 1))
    lines = [json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
             for o in genuine_lines]
    lines[at] = _line(_mutate(genuine_lines[at], data.draw))
    files = {**forge.files, layout.RECORDS: b"\n".join(lines) + b"\n"}
    path = genuine.write(forge.build(files=files))
    try:
        importer.verify_bundle(genuine.c, path)
    except FieldnotesError as exc:
        assert str(exc) and "\n" not in str(exc)
    helpers.import_rolled_back(genuine, path)
    path.unlink()


def test_every_kind_of_field_in_the_model_has_its_json_type():
    from fieldnotes.records import model, shape

    kinds = {f.kind for schema in (*model.SCHEMAS.values(), model.CONSENT)
             for f in schema.values()}
    assert kinds <= set(shape.KINDS)
