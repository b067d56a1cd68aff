"""Interop with the reference tools: Debian's ``age`` and ``minisign``.

Skipped on a developer machine without them; failing in CI (CI=true).
"""

import io
import os
import subprocess

import pytest

from crypto import envelope, minisign
from crypto.identity import Identity

from .tooling import require_tool

pytestmark = pytest.mark.interop

DATA = os.urandom(300_000)


@pytest.fixture(scope="module")
def ident():
    return Identity.generate("Interop")


def _run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, timeout=120, **kw)


def test_age_cli_decrypts_encrypt_stream(tmp_path, ident):
    age = require_tool("age")
    key_file = tmp_path / "key.txt"
    key_file.write_text(ident.age_secret() + "\n")
    bundle = tmp_path / "bundle.age"
    with open(bundle, "wb") as out:
        envelope.encrypt_stream(io.BytesIO(DATA), out, [ident.card().age_recipient])
    proc = _run(age, "-d", "-i", str(key_file), str(bundle))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == DATA


def test_decrypt_stream_reads_age_cli_output(tmp_path, ident):
    age = require_tool("age")
    bundle = tmp_path / "from-age.age"
    proc = _run(age, "-r", ident.card().age_recipient, "-o", str(bundle), input=DATA)
    assert proc.returncode == 0, proc.stderr
    out = io.BytesIO()
    with open(bundle, "rb") as f:
        envelope.decrypt_stream(f, out, ident.age_secret())
    assert out.getvalue() == DATA
    with open(bundle, "rb") as f, envelope.decrypting_reader(f, ident.age_secret()) as reader:
        assert reader.read() == DATA


def test_age_cli_refuses_other_identity(tmp_path, ident):
    age = require_tool("age")
    other = Identity.generate("Other")
    key_file = tmp_path / "other.txt"
    key_file.write_text(other.age_secret() + "\n")
    bundle = tmp_path / "bundle.age"
    with open(bundle, "wb") as out:
        envelope.encrypt_stream(io.BytesIO(b"secret"), out, [ident.card().age_recipient])
    assert _run(age, "-d", "-i", str(key_file), str(bundle)).returncode != 0


def test_minisign_cli_verifies_our_signature(tmp_path, ident):
    tool = require_tool("minisign")
    target = tmp_path / "tagmanifest-sha256.txt"
    target.write_bytes(DATA)
    comment = "fieldnotes bundle 1234 sequence 7"
    (tmp_path / "tagmanifest-sha256.txt.minisig").write_text(ident.sign_minisign(DATA, comment))
    card = ident.card()
    proc = _run(tool, "-V", "-P", card.minisign_public_key, "-m", str(target))
    assert proc.returncode == 0, proc.stderr
    assert comment.encode() in proc.stdout
    # and with a public key file, as `minisign -G` would have written it
    pub_file = tmp_path / "minisign.pub"
    pub_file.write_text(minisign.public_key_file_text(card.key_id, card.ed25519_public))
    proc = _run(tool, "-V", "-p", str(pub_file), "-m", str(target))
    assert proc.returncode == 0, proc.stderr
    # a changed byte is refused by minisign too
    target.write_bytes(DATA[:-1] + bytes([DATA[-1] ^ 1]))
    proc = _run(tool, "-V", "-P", card.minisign_public_key, "-m", str(target))
    assert proc.returncode != 0


def test_we_verify_minisign_cli_signatures(tmp_path):
    tool = require_tool("minisign")
    pub, sec = tmp_path / "k.pub", tmp_path / "k.key"
    proc = _run(tool, "-G", "-W", "-p", str(pub), "-s", str(sec))
    assert proc.returncode == 0, proc.stderr
    target = tmp_path / "file.txt"
    target.write_bytes(DATA)
    proc = _run(tool, "-S", "-s", str(sec), "-m", str(target), "-t", "made by minisign")
    assert proc.returncode == 0, proc.stderr
    public_b64 = pub.read_text().splitlines()[1]
    signature = (tmp_path / "file.txt.minisig").read_text()
    assert minisign.verify(public_b64, DATA, signature) == "made by minisign"
    # the key id comment minisign wrote matches our rendering of it
    key_id, _ = minisign.parse_public_key(public_b64)
    assert minisign.key_id_hex(key_id) in pub.read_text().splitlines()[0]
