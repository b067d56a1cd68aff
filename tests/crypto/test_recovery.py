import re

import pytest

from crypto import recovery
from crypto.errors import RecoveryKeyTypo

from .tooling import assert_user_message

ALPHABET = recovery.ALPHABET


def test_generate_is_32_random_bytes():
    a, b = recovery.generate(), recovery.generate()
    assert len(a) == 32 and a != b


def test_format_shape():
    text = recovery.format(bytes(range(32)))
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){12}[0-9A-HJKMNP-TV-Z]{5}", text), text
    assert len(text) == 77


@pytest.mark.parametrize("key", [bytes(32), b"\xff" * 32, bytes(range(32))])
def test_round_trip_edge_keys(key):
    assert recovery.parse(recovery.format(key)) == key


def test_round_trip_random():
    for _ in range(200):
        key = recovery.generate()
        assert recovery.parse(recovery.format(key)) == key


def test_parse_is_tolerant():
    key = recovery.generate()
    text = recovery.format(key)
    sloppy = "  " + text.lower().replace("-", " ").replace("0", "o").replace("1", "l") + "\n"
    assert recovery.parse(sloppy) == key
    assert recovery.parse(text.replace("-", "")) == key
    assert recovery.parse(text.replace("1", "I")) == key
    assert recovery.parse(text.replace("-", "\u2013")) == key  # en dash from a word processor
    wrapped = "\n".join(text.split("-"))
    assert recovery.parse(wrapped) == key


def _groups(text):
    return text.split("-")


def _substitute(text, group, position, new_char):
    groups = _groups(text)
    g = groups[group]
    groups[group] = g[:position] + new_char + g[position + 1 :]
    return "-".join(groups)


def test_every_single_substitution_is_located_to_its_group():
    key = recovery.generate()
    text = recovery.format(key)
    for group in range(13):
        for position in range(5):
            original = _groups(text)[group][position]
            for new_char in ALPHABET:
                if new_char == original:
                    continue
                typo = _substitute(text, group, position, new_char)
                with pytest.raises(RecoveryKeyTypo) as info:
                    recovery.parse(typo)
                assert str(info.value) == f"Group {group + 1} of the recovery key has a typo."
                assert info.value.groups == [group + 1]


def test_typo_in_group_5_names_group_5():
    key = recovery.generate()
    text = recovery.format(key)
    original = _groups(text)[4][2]
    replacement = "7" if original != "7" else "8"
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse(_substitute(text, 4, 2, replacement))
    assert str(info.value) == "Group 5 of the recovery key has a typo."
    assert_user_message(info.value, text, key)


def test_invalid_character_is_a_typo_in_its_group():
    text = recovery.format(recovery.generate())
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse(_substitute(text, 8, 0, "U"))
    assert str(info.value) == "Group 9 of the recovery key has a typo."
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse(_substitute(text, 0, 1, "!"))
    assert info.value.groups == [1]


def test_several_typos_name_every_group():
    text = recovery.format(recovery.generate())
    for g in (2, 6, 12):
        c = _groups(text)[g][0]
        text = _substitute(text, g, 0, "Z" if c != "Z" else "Y")
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse(text)
    assert str(info.value) == "Groups 3, 7 and 13 of the recovery key have typos."
    assert_user_message(info.value)


def test_adjacent_transposition_within_a_group_is_detected():
    for _ in range(20):
        text = recovery.format(recovery.generate())
        for group in range(13):
            g = _groups(text)[group]
            for i in range(3):  # the four data symbols
                if g[i] == g[i + 1]:
                    continue
                swapped = g[:i] + g[i + 1] + g[i] + g[i + 2 :]
                groups = _groups(text)
                groups[group] = swapped
                with pytest.raises(RecoveryKeyTypo) as info:
                    recovery.parse("-".join(groups))
                assert info.value.groups == [group + 1]


def test_swapped_groups_are_detected():
    for _ in range(20):
        key = recovery.generate()
        groups = _groups(recovery.format(key))
        for a in range(13):
            for b in range(a + 1, 13):
                if groups[a] == groups[b]:
                    continue
                swapped = list(groups)
                swapped[a], swapped[b] = swapped[b], swapped[a]
                with pytest.raises(RecoveryKeyTypo) as info:
                    recovery.parse("-".join(swapped))
                assert info.value.groups == [a + 1, b + 1]


def test_a_group_typed_twice_is_detected():
    groups = _groups(recovery.format(recovery.generate()))
    doubled = groups[:5] + [groups[4]] + groups[6:]
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse("-".join(doubled))
    assert 6 in info.value.groups


def test_a_short_or_long_group_is_named_when_groups_are_kept_apart():
    text = recovery.format(recovery.generate())
    groups = _groups(text)
    short = groups[:3] + [groups[3][:4]] + groups[4:]
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse("-".join(short))
    assert str(info.value) == "Group 4 of the recovery key has a typo."
    long = groups[:10] + [groups[10] + "7"] + groups[11:]
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse(" ".join(long))
    assert info.value.groups == [11]


@pytest.mark.parametrize("cut", [1, 4, 5, 30])
def test_wrong_length(cut):
    text = recovery.format(recovery.generate()).replace("-", "")
    for bad in (text[:-cut], text + "A" * cut, "-".join(_groups(recovery.format(bytes(32)))[1:])):
        with pytest.raises(RecoveryKeyTypo) as info:
            recovery.parse(bad)
        assert str(info.value).startswith("The recovery key has the wrong length")
        assert_user_message(info.value, text)


def test_nonzero_padding_is_a_typo_in_the_last_group():
    # Build a last group whose check symbol is right but whose padding bits are not zero.
    text = recovery.format(bytes(32))
    groups = _groups(text)
    data = [ALPHABET.index(c) for c in groups[12][:4]]
    data[3] |= 1
    check = recovery._check_symbol(13, data)
    groups[12] = "".join(ALPHABET[v] for v in data + [check])
    with pytest.raises(RecoveryKeyTypo) as info:
        recovery.parse("-".join(groups))
    assert info.value.groups == [13]


def test_bad_argument_types():
    with pytest.raises(ValueError):
        recovery.format(b"short")
    with pytest.raises(TypeError):
        recovery.parse(b"bytes")  # type: ignore[arg-type]
