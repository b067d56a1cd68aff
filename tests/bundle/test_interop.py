"""Anyone can check a bundle with standard tools: age, tar, minisign and the bagit validator."""

from __future__ import annotations

import subprocess
import sys

import bagit
import pytest

from fieldnotes.bundle import importer, layout
from tests.crypto.tooling import require_tool

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def opened(genuine, tmp_path_factory):
    """The genuine bundle decrypted by the real ``age`` and unpacked by the real ``tar``."""
    age, tar = require_tool("age"), require_tool("tar")
    work = tmp_path_factory.mktemp("opened")
    key = work / "coordinator.key"
    key.write_text(genuine.c.identity.age_secret() + "\n")
    key.chmod(0o600)
    plain = subprocess.run([age, "-d", "-i", str(key), str(genuine.bundle_path)],
                           check=True, capture_output=True).stdout
    (work / "bundle.tar").write_bytes(plain)
    listing = subprocess.run([tar, "-tvf", str(work / "bundle.tar")], check=True,
                             capture_output=True, text=True).stdout.splitlines()
    subprocess.run([tar, "-xf", str(work / "bundle.tar"), "-C", str(work)], check=True)
    return work, listing, work / layout.top_folder(genuine.result.bundle_id)


def test_age_decrypts_and_tar_lists_the_expected_order(genuine, opened):
    _, listing, _ = opened
    names = [line.split()[-1] for line in listing]
    assert all(line.startswith("-") for line in listing)  # regular files only
    top = layout.top_folder(genuine.result.bundle_id)
    assert names == [f"{top}/{n}" for n in (*layout.TAG_FILES, layout.RECORDS)] + sorted(
        f"{top}/{layout.ATTACHMENTS}{h}" for h in (genuine.ids["sha"], genuine.ids["photo_sha"]))


def test_age_refuses_with_the_wrong_key(genuine, tmp_path):
    age = require_tool("age")
    key = tmp_path / "researcher.key"
    key.write_text(genuine.r.identity.age_secret() + "\n")
    proc = subprocess.run([age, "-d", "-i", str(key), str(genuine.bundle_path)],
                          capture_output=True)
    assert proc.returncode != 0 and proc.stdout == b""


def test_minisign_verifies_the_tag_manifest(genuine, opened):
    minisign = require_tool("minisign")
    _, _, bag = opened
    pub = genuine.r.identity.card().minisign_public_key
    proc = subprocess.run([minisign, "-V", "-P", pub, "-m", str(bag / layout.TAGMANIFEST)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"fieldnotes-bundle {genuine.result.bundle_id} sender {genuine.r.fingerprint}" \
        in proc.stdout
    # Another key does not verify it.
    other = genuine.c.identity.card().minisign_public_key
    proc = subprocess.run([minisign, "-V", "-P", other, "-m", str(bag / layout.TAGMANIFEST)],
                          capture_output=True, text=True)
    assert proc.returncode != 0


def test_bagit_validates_the_bag(genuine, opened):
    _, _, bag = opened
    b = bagit.Bag(str(bag))
    b.validate()
    assert b.info["Bundle-Id"] == genuine.result.bundle_id
    assert b.info["Recipient-Fingerprint"] == genuine.c.fingerprint
    proc = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "is valid" in proc.stderr


def test_bagit_notices_a_changed_payload(genuine, opened, tmp_path):
    import shutil

    _, _, bag = opened
    copy = tmp_path / "bag"
    shutil.copytree(bag, copy)
    victim = copy / "data" / "attachments" / genuine.ids["photo_sha"]
    victim.write_bytes(b"x" + victim.read_bytes()[1:])
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(copy)).validate()


def test_a_bundle_repacked_by_tar_and_age_imports(genuine, opened, tmp_path):
    """Our reader takes GNU tar's ustar output and age's encryption, not only our own."""
    age, tar = require_tool("age"), require_tool("tar")
    work, _, bag = opened
    top = bag.name
    names = [f"{top}/{n}" for n in (*layout.TAG_FILES, layout.RECORDS)] + sorted(
        f"{top}/{layout.ATTACHMENTS}{h}" for h in (genuine.ids["sha"], genuine.ids["photo_sha"]))
    plain = subprocess.run([tar, "--format=ustar", "-cf", "-", *names], cwd=work, check=True,
                           capture_output=True).stdout
    out = tmp_path / "repacked.bundle"
    subprocess.run([age, "-r", genuine.c.identity.card().age_recipient, "-o", str(out)],
                   input=plain, check=True)
    info = importer.verify_bundle(genuine.c, out)
    assert info.bundle_id == genuine.result.bundle_id and info.revisions == 12
