"""Property tests: parsers given arbitrary input raise only their documented error."""

import base64
import io
import json
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crypto import envelope, kdf, minisign, recovery
from crypto.errors import (
    BadSignature,
    CardError,
    EnvelopeDamaged,
    KeySlotsDamaged,
    NotForThisIdentity,
    RecoveryKeyTypo,
)
from crypto.identity import Identity, PublicCard, normalize_fingerprint
from crypto.keyslots import KeySlots

from .tooling import assert_user_message

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

IDENT = Identity.generate("Fuzz Target")
CARD_TEXT = IDENT.card().to_text()
KEY = Ed25519PrivateKey.generate()
KEY_ID = b"\x11" * 8
PUB_B64 = minisign.public_key_b64(KEY_ID, KEY.public_key().public_bytes_raw())
DATA = b"signed data"
SIG_TEXT = minisign.sign(KEY, KEY_ID, DATA, "comment")
RECOVERY_KEY = bytes(range(32))
RECOVERY_TEXT = recovery.format(RECOVERY_KEY)
SLOTS_BYTES = KeySlots.create(
    "fuzz", os.urandom(32), "pass", os.urandom(32), kdf.minimum_params()
).to_bytes()


def _mutate(text: str, data) -> str:
    """Apply a few random insertions, deletions and replacements to ``text``."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        pos = data.draw(st.integers(0, max(0, len(chars) - 1)))
        if op == "delete" and chars:
            del chars[pos]
        else:
            ch = data.draw(st.characters())
            if op == "insert" or not chars:
                chars.insert(pos, ch)
            else:
                chars[pos] = ch
    return "".join(chars)


@FUZZ
@given(st.text(max_size=600))
@example("fieldnotes-card: 1\n")
@example("fieldnotes-card: 1\nname: a\nminisign-public-key: x\nage-recipient: y\nfingerprint: z")
def test_card_parse_arbitrary_text(text):
    try:
        PublicCard.parse(text)
    except CardError as e:
        assert_user_message(e)


@FUZZ
@given(st.data())
def test_card_parse_mutated(data):
    text = _mutate(CARD_TEXT, data)
    try:
        card = PublicCard.parse(text)
    except CardError as e:
        assert_user_message(e)
    else:  # a surviving mutation may only touch what the fingerprint does not cover
        assert card.fingerprint == IDENT.card().fingerprint


@FUZZ
@given(st.text(max_size=300))
def test_normalize_fingerprint_arbitrary(text):
    try:
        digits = normalize_fingerprint(text)
    except CardError as e:
        assert_user_message(e)
    else:
        assert len(digits) == 40 and digits.isascii() and digits.isdigit()


@FUZZ
@given(st.text(max_size=200))
@example(RECOVERY_TEXT[:-1])
def test_recovery_parse_arbitrary_text(text):
    try:
        assert len(recovery.parse(text)) == 32
    except RecoveryKeyTypo as e:
        assert_user_message(e)


@FUZZ
@given(st.data())
def test_recovery_parse_mutated(data):
    text = _mutate(RECOVERY_TEXT, data)
    try:
        key = recovery.parse(text)
    except RecoveryKeyTypo as e:
        assert_user_message(e, RECOVERY_TEXT, RECOVERY_KEY)
    else:
        # only harmless edits survive (separators, case, look-alikes), or rare collisions
        if key != RECOVERY_KEY:
            assert recovery.format(key) != RECOVERY_TEXT


@FUZZ
@given(st.text(max_size=800))
def test_minisign_verify_arbitrary_text(text):
    try:
        minisign.verify(PUB_B64, DATA, text)
    except BadSignature as e:
        assert_user_message(e)


@FUZZ
@given(st.data())
def test_minisign_verify_mutated(data):
    text = _mutate(SIG_TEXT, data)
    try:
        comment = minisign.verify(PUB_B64, DATA, text)
    except BadSignature as e:
        assert_user_message(e)
    else:
        assert comment == "comment"  # only the untrusted comment may change


@FUZZ
@given(st.text(max_size=100))
def test_minisign_parse_public_key_arbitrary(text):
    try:
        minisign.parse_public_key(text)
    except BadSignature as e:
        assert_user_message(e)


@FUZZ
@given(st.binary(max_size=2000))
def test_keyslots_from_arbitrary_bytes(data):
    try:
        KeySlots.from_bytes(data)
    except KeySlotsDamaged as e:
        assert_user_message(e)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(st.data())
def test_keyslots_from_mutated_json(data):
    doc = json.loads(SLOTS_BYTES)
    paths = [
        ("vault_id",),
        ("key_check",),
        ("slots",),
        ("slots", "passphrase"),
        ("slots", "recovery", "nonce"),
        ("slots", "passphrase", "kdf"),
        ("slots", "passphrase", "kdf", "memory_kib"),
        ("slots", "passphrase", "ciphertext"),
    ]
    path = data.draw(st.sampled_from(paths))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(_JSON)
    try:
        KeySlots.from_bytes(json.dumps(doc).encode())
    except KeySlotsDamaged as e:
        assert_user_message(e)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000))
def test_decrypt_arbitrary_bytes(data):
    for blob in (data, b"age-encryption.org/v1\n" + data):
        try:
            envelope.decrypt_stream(io.BytesIO(blob), io.BytesIO(), IDENT.age_secret())
        except (EnvelopeDamaged, NotForThisIdentity) as e:
            assert_user_message(e, IDENT.age_secret())


def test_fuzz_fixture_sanity():
    assert PublicCard.parse(CARD_TEXT) == IDENT.card()
    assert recovery.parse(RECOVERY_TEXT) == RECOVERY_KEY
    assert minisign.verify(PUB_B64, DATA, SIG_TEXT) == "comment"
    assert base64.b64decode(PUB_B64)[:2] == b"Ed"
