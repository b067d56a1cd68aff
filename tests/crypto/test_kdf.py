import base64
import time

import pytest

from crypto import kdf
from crypto.errors import CryptoError, KeySlotsDamaged

from .tooling import assert_user_message


def test_minimum_params_is_the_floor():
    p = kdf.minimum_params()
    assert p.memory_kib == kdf.MIN_MEMORY_KIB == 65536
    assert p.iterations == 1
    assert len(p.salt) == 16
    assert kdf.minimum_params().salt != p.salt  # fresh salt each time


def test_new_params_refuses_memory_below_floor():
    with pytest.raises(ValueError):
        kdf.new_params(memory_kib=kdf.MIN_MEMORY_KIB - 1)
    with pytest.raises(ValueError):
        kdf.new_params(iterations=0)
    with pytest.raises(ValueError):
        kdf.new_params(lanes=17)


def test_derive_key_is_deterministic_and_32_bytes():
    p = kdf.minimum_params()
    k1 = kdf.derive_key("correct horse", p)
    assert len(k1) == 32
    assert kdf.derive_key("correct horse", p) == k1
    assert kdf.derive_key("correct horsf", p) != k1
    other_salt = kdf.Argon2Params(p.memory_kib, p.iterations, p.lanes, b"\x00" * 16)
    assert kdf.derive_key("correct horse", other_salt) != k1


def test_derive_key_normalises_to_nfc():
    p = kdf.minimum_params()
    composed = "caf\u00e9 \u0645\u0631\u062d\u0628\u0627"
    decomposed = "cafe\u0301 \u0645\u0631\u062d\u0628\u0627"
    assert kdf.derive_key(composed, p) == kdf.derive_key(decomposed, p)


def test_derive_key_rejects_bytes():
    with pytest.raises(TypeError):
        kdf.derive_key(b"bytes", kdf.minimum_params())


def test_params_json_round_trip():
    p = kdf.new_params(memory_kib=131072, iterations=3, lanes=2)
    d = p.to_json()
    assert d["algorithm"] == "argon2id"
    assert base64.b64decode(d["salt"]) == p.salt
    assert kdf.Argon2Params.from_json(d) == p


@pytest.mark.parametrize(
    "change",
    [
        {"algorithm": "argon2i"},
        {"algorithm": None},
        {"memory_kib": 1024},
        {"memory_kib": 4 * 1024 * 1024 + 1},
        {"memory_kib": "65536"},
        {"memory_kib": True},
        {"iterations": 0},
        {"iterations": 65},
        {"lanes": 0},
        {"lanes": 17},
        {"salt": "not base64!"},
        {"salt": base64.b64encode(b"short").decode()},
        {"salt": base64.b64encode(b"x" * 65).decode()},
        {"salt": 12},
    ],
)
def test_params_from_json_refuses_bad_values(change):
    d = kdf.minimum_params().to_json()
    d.update(change)
    with pytest.raises(KeySlotsDamaged) as info:
        kdf.Argon2Params.from_json(d)
    assert_user_message(info.value)


def test_params_from_json_refuses_non_dict_and_missing_fields():
    for bad in (None, [], "argon2id", {"algorithm": "argon2id"}):
        with pytest.raises(KeySlotsDamaged):
            kdf.Argon2Params.from_json(bad)


def test_calibrate_never_goes_below_the_floor_and_finishes():
    start = time.monotonic()
    p = kdf.calibrate(target_seconds=0.3)
    elapsed = time.monotonic() - start
    assert p.memory_kib >= kdf.MIN_MEMORY_KIB
    assert 1 <= p.iterations <= kdf.MAX_ITERATIONS
    assert p.lanes == 4
    assert elapsed < 60  # "finishes": no timing assertion tighter than that
    # Even an impossibly small budget keeps the floor.
    tiny = kdf.calibrate(target_seconds=0.001)
    assert (tiny.memory_kib, tiny.iterations) == (kdf.MIN_MEMORY_KIB, 1)
    with pytest.raises(ValueError):
        kdf.calibrate(min_memory_kib=1024)


def test_errors_share_one_base():
    assert issubclass(KeySlotsDamaged, CryptoError)


def test_derivations_in_several_threads_at_once_all_finish():
    """With lanes > 1, two concurrent derivations once hung for ever (OpenSSL's thread pool)."""
    import threading

    from crypto import kdf

    params = kdf.new_params(kdf.MIN_MEMORY_KIB, 1, 4)
    results = []
    threads = [threading.Thread(target=lambda: results.append(kdf.derive_key("x", params)),
                                daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 3 and len(set(results)) == 1
