import base64
import hashlib
import re

import pyrage
import pytest

from crypto import minisign
from crypto.age_format import _polymod
from crypto.errors import CardError, IdentityDamaged
from crypto.identity import Identity, PublicCard, normalize_fingerprint

from .tooling import assert_user_message


@pytest.fixture(scope="module")
def ident():
    return Identity.generate("Amina K.")


def test_generate_and_card(ident):
    card = ident.card()
    assert card.name == "Amina K."
    assert len(card.ed25519_public) == 32
    assert card.age_recipient.startswith("age1")
    assert ident.age_secret().startswith("AGE-SECRET-KEY-1")
    assert card.key_id == hashlib.sha256(b"fieldnotes-keyid" + card.ed25519_public).digest()[:8]


def test_fingerprint_shape_and_derivation(ident):
    card = ident.card()
    assert re.fullmatch(r"(\d{5} ){7}\d{5}", card.fingerprint)
    assert card.fingerprint_compact == card.fingerprint.replace(" ", "")
    digest = hashlib.sha512(
        b"fieldnotes-card-v1" + card.ed25519_public + card.age_recipient.encode()
    ).digest()
    first = int.from_bytes(digest[:5], "big") % 100000
    assert card.fingerprint.startswith(f"{first:05d} ")
    renamed = PublicCard("Someone else", card.ed25519_public, card.age_recipient)
    assert renamed.fingerprint == card.fingerprint  # the name is not part of it


def test_minisign_public_key(ident):
    card = ident.card()
    assert minisign.parse_public_key(card.minisign_public_key) == (
        card.key_id,
        card.ed25519_public,
    )


def test_secret_dict_round_trip(ident):
    d = ident.to_secret_dict()
    assert set(d) == {"name", "ed25519_seed", "age_secret"}
    assert len(base64.b64decode(d["ed25519_seed"])) == 32
    again = Identity.from_secret_dict(d)
    assert again.card() == ident.card()
    assert again.age_secret() == ident.age_secret()


def test_repr_has_no_secrets(ident):
    text = repr(ident)
    assert ident.age_secret() not in text
    assert ident.to_secret_dict()["ed25519_seed"] not in text


@pytest.mark.parametrize(
    "change",
    [
        {"ed25519_seed": "not base64"},
        {"ed25519_seed": base64.b64encode(b"short").decode()},
        {"age_secret": "AGE-SECRET-KEY-1NOPE"},
        {"age_secret": None},
        {"name": ""},
        {"name": None},
    ],
)
def test_secret_dict_damage(ident, change):
    d = ident.to_secret_dict()
    d.update(change)
    with pytest.raises(IdentityDamaged) as info:
        Identity.from_secret_dict(d)
    assert_user_message(info.value, ident.age_secret())


def test_secret_dict_missing_fields(ident):
    for field in ("ed25519_seed", "age_secret"):
        d = ident.to_secret_dict()
        del d[field]
        with pytest.raises(IdentityDamaged):
            Identity.from_secret_dict(d)
    with pytest.raises(IdentityDamaged):
        Identity.from_secret_dict("nope")


def test_sign_minisign_verifies_with_card(ident):
    sig = ident.sign_minisign(b"data", "trusted")
    assert minisign.verify(ident.card().minisign_public_key, b"data", sig) == "trusted"


def test_card_round_trip(ident):
    card = ident.card()
    text = card.to_text()
    assert text.splitlines()[0] == "fieldnotes-card: 1"
    assert f"fingerprint: {card.fingerprint}" in text
    assert PublicCard.parse(text) == card
    # tolerant of CRLF, a BOM, blank lines and extra spaces
    messy = "\ufeff" + "\r\n".join("  " + line + "  " for line in text.splitlines()) + "\r\n\r\n"
    assert PublicCard.parse(messy) == card


def test_card_text_has_no_secret(ident):
    text = ident.card().to_text()
    assert "AGE-SECRET" not in text
    assert ident.to_secret_dict()["ed25519_seed"] not in text


def _replace_field(text, field, value):
    return re.sub(rf"^{field}: .*$", f"{field}: {value}", text, flags=re.M)


def test_altered_fingerprint_refused(ident):
    card = ident.card()
    digits = card.fingerprint_compact
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    text = _replace_field(card.to_text(), "fingerprint", wrong)
    with pytest.raises(CardError) as info:
        PublicCard.parse(text)
    assert str(info.value) == "The card's fingerprint does not match its keys."


def test_altered_keys_refused(ident):
    card = ident.card()
    other = Identity.generate("Mallory").card()
    # a substituted age recipient
    text = _replace_field(card.to_text(), "age-recipient", other.age_recipient)
    with pytest.raises(CardError) as info:
        PublicCard.parse(text)
    assert str(info.value) == "The card's fingerprint does not match its keys."
    # a substituted signing key (with its own consistent key id)
    text = _replace_field(card.to_text(), "minisign-public-key", other.minisign_public_key)
    with pytest.raises(CardError) as info:
        PublicCard.parse(text)
    assert str(info.value) == "The card's fingerprint does not match its keys."
    # a signing key whose key id was not derived from it
    raw = base64.b64decode(card.minisign_public_key)
    odd = base64.b64encode(raw[:2] + b"\x00" * 8 + raw[10:]).decode()
    with pytest.raises(CardError):
        PublicCard.parse(_replace_field(card.to_text(), "minisign-public-key", odd))


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: "",
        lambda t: t.replace("fieldnotes-card: 1", "fieldnotes-card: 2"),
        lambda t: t.replace("fieldnotes-card: 1", "fieldnotes-card: one"),
        lambda t: t.replace("fieldnotes-card: 1", "something: 1"),
        lambda t: "\n".join(line for line in t.splitlines() if not line.startswith("name")),
        lambda t: t + "extra: field\n",
        lambda t: t + "name: twice\n",
        lambda t: t + "no colon line\n",
        lambda t: _replace_field(t, "name", ""),
        lambda t: _replace_field(t, "name", "x" * 101),
        lambda t: _replace_field(t, "name", "evil\u202eexe.txt"),
        lambda t: _replace_field(t, "name", "bell\x07"),
        lambda t: _replace_field(t, "age-recipient", "age1notarecipient"),
        lambda t: _replace_field(t, "age-recipient", ""),
        lambda t: _replace_field(t, "minisign-public-key", "RW!!!"),
        lambda t: _replace_field(
            t, "minisign-public-key", "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
        ),
        lambda t: _replace_field(t, "fingerprint", "12345"),
        lambda t: _replace_field(t, "fingerprint", "abcde " * 8),
        lambda t: t * 40,
    ],
)
def test_malformed_cards_refused(ident, mangle):
    with pytest.raises(CardError) as info:
        PublicCard.parse(mangle(ident.card().to_text()))
    assert_user_message(info.value)


def test_newer_card_version_is_named():
    with pytest.raises(CardError) as info:
        PublicCard.parse("fieldnotes-card: 2\nname: x\n")
    assert "newer version" in str(info.value)


def test_names_from_many_scripts_are_accepted():
    for name in ("مهسا امینی", "می\u200cخواهم", "王小明", "Zoë O'Brien-Ng", "ሰላም"):
        card = Identity.generate(name).card()
        assert PublicCard.parse(card.to_text()).name == name


def test_generate_refuses_bad_names():
    for name in ("", "   ", "a\nb", "x" * 101, "\u202e"):
        with pytest.raises(CardError) as info:
            Identity.generate(name)
        assert_user_message(info.value)


def test_uppercase_recipient_is_canonicalised(ident):
    card = ident.card()
    text = _replace_field(card.to_text(), "age-recipient", card.age_recipient.upper())
    assert PublicCard.parse(text).age_recipient == card.age_recipient


def test_normalize_fingerprint(ident):
    fp = ident.card().fingerprint
    compact = fp.replace(" ", "")
    assert normalize_fingerprint(fp) == compact
    assert normalize_fingerprint(fp.replace(" ", "-")) == compact
    assert normalize_fingerprint(" " + compact + "\n") == compact
    persian = compact.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert normalize_fingerprint(persian) == compact
    for bad in ("", compact[:-1], compact + "1", compact[:-1] + "x", "1" * 500):
        with pytest.raises(CardError) as info:
            normalize_fingerprint(bad)
        assert_user_message(info.value)


def test_public_card_constructor_checks_types():
    with pytest.raises(ValueError):
        PublicCard("x", b"short", "age1...")
    rec = str(pyrage.x25519.Identity.generate().to_public())
    assert PublicCard("x", b"\x00" * 32, rec).age_recipient == rec


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_P = 2**255 - 19
# The X25519 points of small order (and their non-canonical encodings): with any of them as a
# recipient, the shared secret is all zeros whatever the sender's key.
LOW_ORDER = [
    bytes(32),
    (1).to_bytes(32, "little"),
    bytes.fromhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
    bytes.fromhex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
    (_P - 1).to_bytes(32, "little"),
    _P.to_bytes(32, "little"),
    (_P + 1).to_bytes(32, "little"),
]


def _bech32(hrp: str, data: bytes) -> str:
    """BIP 173 encoding (the code under test only decodes)."""
    acc, bits, five = 0, 0, []
    for byte in data:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    check = _polymod(expanded + five + [0] * 6) ^ 1
    five += [(check >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[v] for v in five)


def test_the_test_encoder_agrees_with_real_recipients(ident):
    public = ident.age_identity.to_public()
    from crypto.age_format import bech32_key
    assert _bech32("age", bech32_key(str(public), "age")) == str(public)


@pytest.mark.parametrize("point", LOW_ORDER, ids=range(len(LOW_ORDER)))
def test_a_card_with_a_low_order_age_recipient_is_refused_when_parsed(ident, point):
    import io

    from crypto import envelope

    recipient = _bech32("age", point)
    forged = PublicCard(ident.name, ident.card().ed25519_public, recipient).to_text()
    with pytest.raises(CardError) as refused:
        PublicCard.parse(forged)
    assert "weak key" in str(refused.value)
    assert_user_message(refused.value)
    # and encrypting to it directly is a refusal with the same sentence, not a ValueError
    with pytest.raises(CardError) as also:
        envelope.encrypt_stream(io.BytesIO(b"x"), io.BytesIO(), [recipient])
    assert str(also.value) == str(refused.value)
