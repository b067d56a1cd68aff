import base64
import json
import os
import stat

import pytest

from crypto import kdf, keyslots, recovery
from crypto.errors import KeySlotsDamaged, WrongPassphrase, WrongRecoveryKey
from crypto.keyslots import KeySlots

from .tooling import assert_user_message

PASS = "correct horse battery staple"


@pytest.fixture(scope="module")
def made():
    vault_key = os.urandom(32)
    recovery_key = recovery.generate()
    slots = KeySlots.create("vault-1234", vault_key, PASS, recovery_key, kdf.minimum_params())
    return slots, vault_key, recovery_key


def _doc(slots):
    return json.loads(slots.to_bytes())


def _bytes(doc):
    return json.dumps(doc).encode()


def test_unlock_both_ways(made):
    slots, vault_key, recovery_key = made
    assert slots.vault_id == "vault-1234"
    assert slots.unlock_with_passphrase(PASS) == vault_key
    assert slots.unlock_with_recovery(recovery_key) == vault_key


def test_round_trip_through_bytes(made):
    slots, vault_key, recovery_key = made
    data = slots.to_bytes()
    again = KeySlots.from_bytes(data)
    assert again.to_bytes() == data
    assert again.unlock_with_passphrase(PASS) == vault_key
    assert again.unlock_with_recovery(recovery_key) == vault_key
    assert again.params() == slots.params()


def test_file_format(made):
    slots, vault_key, recovery_key = made
    data = slots.to_bytes()
    doc = json.loads(data)
    assert doc["format"] == "fieldnotes-keyslots"
    assert doc["version"] == 1
    assert doc["vault_id"] == "vault-1234"
    assert set(doc["slots"]) == {"passphrase", "recovery"}
    assert doc["slots"]["passphrase"]["kdf"]["algorithm"] == "argon2id"
    assert len(base64.b64decode(doc["slots"]["passphrase"]["nonce"])) == 12
    assert list(doc) == sorted(doc)  # stable key order
    # No key material in the clear.
    for secret in (vault_key, recovery_key):
        assert secret.hex().encode() not in data
        assert base64.b64encode(secret) not in data


def test_fresh_nonces_each_wrap():
    vault_key, rk = os.urandom(32), os.urandom(32)
    a = _doc(KeySlots.create("v", vault_key, PASS, rk, kdf.minimum_params()))
    b = _doc(KeySlots.create("v", vault_key, PASS, rk, kdf.minimum_params()))
    assert a["slots"]["recovery"]["nonce"] != b["slots"]["recovery"]["nonce"]
    assert a["slots"]["recovery"]["ciphertext"] != b["slots"]["recovery"]["ciphertext"]


def test_wrong_passphrase(made):
    slots, vault_key, _ = made
    with pytest.raises(WrongPassphrase) as info:
        slots.unlock_with_passphrase(PASS + "!")
    assert str(info.value) == "The passphrase is not correct."
    assert_user_message(info.value, PASS, vault_key)


def test_wrong_recovery_key(made):
    slots, vault_key, recovery_key = made
    with pytest.raises(WrongRecoveryKey) as info:
        slots.unlock_with_recovery(recovery.generate())
    assert_user_message(info.value, vault_key, recovery_key)


def test_flipped_ciphertext_byte_fails(made):
    slots, _, recovery_key = made
    for slot in ("passphrase", "recovery"):
        doc = _doc(slots)
        raw = bytearray(base64.b64decode(doc["slots"][slot]["ciphertext"]))
        raw[5] ^= 0x01
        doc["slots"][slot]["ciphertext"] = base64.b64encode(bytes(raw)).decode()
        tampered = KeySlots.from_bytes(_bytes(doc))
        if slot == "passphrase":
            with pytest.raises(WrongPassphrase):
                tampered.unlock_with_passphrase(PASS)
        else:
            with pytest.raises(WrongRecoveryKey):
                tampered.unlock_with_recovery(recovery_key)


def test_changed_vault_id_fails_because_of_associated_data(made):
    slots, _, recovery_key = made
    doc = _doc(slots)
    doc["vault_id"] = "vault-9999"
    moved = KeySlots.from_bytes(_bytes(doc))
    with pytest.raises(WrongPassphrase):
        moved.unlock_with_passphrase(PASS)
    with pytest.raises(WrongRecoveryKey):
        moved.unlock_with_recovery(recovery_key)


def test_swapped_slots_fail_because_of_associated_data(made):
    slots, _, recovery_key = made
    doc = _doc(slots)
    p, r = doc["slots"]["passphrase"], doc["slots"]["recovery"]
    p["nonce"], r["nonce"] = r["nonce"], p["nonce"]
    p["ciphertext"], r["ciphertext"] = r["ciphertext"], p["ciphertext"]
    swapped = KeySlots.from_bytes(_bytes(doc))
    with pytest.raises(WrongRecoveryKey):
        swapped.unlock_with_recovery(recovery_key)


def test_with_new_passphrase_keeps_recovery_slot(made):
    slots, vault_key, recovery_key = made
    changed = slots.with_new_passphrase(vault_key, "a new passphrase", kdf.minimum_params())
    assert changed is not slots
    assert changed.unlock_with_passphrase("a new passphrase") == vault_key
    with pytest.raises(WrongPassphrase):
        changed.unlock_with_passphrase(PASS)
    assert changed.unlock_with_recovery(recovery_key) == vault_key
    assert _doc(changed)["slots"]["recovery"] == _doc(slots)["slots"]["recovery"]
    assert "key_check" not in _doc(changed)
    # the original object is unchanged
    assert slots.unlock_with_passphrase(PASS) == vault_key


def test_a_legacy_key_check_is_ignored_whatever_it_holds(made):
    """Issue 13: a flipped bit in key_check (files of earlier versions) broke passwd and
    recover with a ValueError. Nothing verified it that AES-GCM does not: it is ignored."""
    slots, vault_key, recovery_key = made
    doc = _doc(slots)
    doc["key_check"] = "AAAAAAAAAAAAAAAAAAAAAA=="
    legacy = KeySlots.from_bytes(_bytes(doc))
    assert legacy.unlock_with_passphrase(PASS) == vault_key
    changed = legacy.with_new_passphrase(vault_key, "new one", kdf.minimum_params())
    assert changed.unlock_with_recovery(recovery_key) == vault_key
    assert "key_check" not in _doc(changed)


def test_params_are_those_of_the_passphrase_slot():
    p = kdf.new_params(memory_kib=kdf.MIN_MEMORY_KIB, iterations=2, lanes=2)
    slots = KeySlots.create("v", os.urandom(32), PASS, os.urandom(32), p)
    assert slots.params() == p


def test_create_refuses_bad_inputs():
    p = kdf.minimum_params()
    with pytest.raises(ValueError):
        KeySlots.create("v", os.urandom(16), PASS, os.urandom(32), p)
    with pytest.raises(ValueError):
        KeySlots.create("v", os.urandom(32), PASS, os.urandom(31), p)
    with pytest.raises(ValueError):
        KeySlots.create("", os.urandom(32), PASS, os.urandom(32), p)
    weak = kdf.Argon2Params(1024, 1, 1, os.urandom(16))
    with pytest.raises(ValueError):
        KeySlots.create("v", os.urandom(32), PASS, os.urandom(32), weak)


def _mutations(doc):
    """(description, mutated document) pairs that must all be refused."""

    def edit(fn):
        d = json.loads(json.dumps(doc))
        fn(d)
        return d

    yield "format", edit(lambda d: d.update(format="something-else"))
    yield "no vault id", edit(lambda d: d.pop("vault_id"))
    yield "vault id type", edit(lambda d: d.update(vault_id=5))
    yield "no slots", edit(lambda d: d.pop("slots"))
    yield "no recovery", edit(lambda d: d["slots"].pop("recovery"))
    yield "no passphrase", edit(lambda d: d["slots"].pop("passphrase"))
    yield "short nonce", edit(lambda d: d["slots"]["passphrase"].update(nonce="AAAA"))
    yield "bad b64", edit(lambda d: d["slots"]["recovery"].update(ciphertext="!!!"))
    yield "short ct", edit(lambda d: d["slots"]["recovery"].update(ciphertext="AAAA"))
    yield "weak kdf", edit(lambda d: d["slots"]["passphrase"]["kdf"].update(memory_kib=8))
    yield "huge kdf", edit(lambda d: d["slots"]["passphrase"]["kdf"].update(iterations=10**9))
    yield "other kdf", edit(lambda d: d["slots"]["recovery"]["kdf"].update(algorithm="none"))


def test_malformed_documents_are_damaged(made):
    slots, _, _ = made
    for _name, doc in _mutations(_doc(slots)):
        with pytest.raises(KeySlotsDamaged) as info:
            KeySlots.from_bytes(_bytes(doc))
        assert_user_message(info.value)


@pytest.mark.parametrize(
    "data", [b"", b"{", b"[]", b"null", b"\xff\xfe", b"{}", b'{"format": 1}', b"x" * 100000]
)
def test_garbage_is_damaged(data):
    with pytest.raises(KeySlotsDamaged) as info:
        KeySlots.from_bytes(data)
    assert_user_message(info.value)


def test_unknown_version_is_reported(made):
    slots, _, _ = made
    doc = _doc(slots)
    doc["version"] = 2
    with pytest.raises(KeySlotsDamaged) as info:
        KeySlots.from_bytes(_bytes(doc))
    assert "newer" in str(info.value)


def test_write_atomic_leaves_0600_file_and_no_temp_files(tmp_path, made):
    slots, _, _ = made
    target = tmp_path / "keyslots.json"
    keyslots.write_atomic(target, b"old")
    keyslots.write_atomic(target, slots.to_bytes())
    assert target.read_bytes() == slots.to_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keyslots.json"]
    assert keyslots.load(target).vault_id == slots.vault_id
    keyslots.write_atomic(str(target), b"as str path")
    assert target.read_bytes() == b"as str path"


def test_write_atomic_cleans_up_on_failure(tmp_path):
    target = tmp_path / "keyslots.json"
    with pytest.raises(TypeError):
        keyslots.write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_load_missing_and_damaged(tmp_path):
    target = tmp_path / "keyslots.json"
    with pytest.raises(KeySlotsDamaged) as info:
        keyslots.load(target)
    assert str(info.value) == "keyslots.json is missing."
    target.write_bytes(b"{ not json")
    with pytest.raises(KeySlotsDamaged) as info:
        keyslots.load(target)
    assert str(info.value) == "keyslots.json is damaged."
    assert_user_message(info.value)
