"""The bundle format: file names and order, the tag files, and the limits an importer enforces.

Inside the age envelope is an uncompressed ustar archive holding one BagIt 1.0 bag in the
folder ``fieldnotes-bundle-<bundle id>/``, regular files only, in this order::

    bagit.txt                       exactly BAGIT_TXT
    bag-info.txt                    see make_bag_info
    manifest-sha256.txt             "<sha256>  data/records.jsonl", then one line
                                    "<sha256>  data/attachments/<sha256>" per attachment,
                                    in ascending order of hash (so no name can repeat)
    tagmanifest-sha256.txt          the SHA-256 of the three files above, in that order
    tagmanifest-sha256.txt.minisig  minisign ("ED") signature of the tag manifest; its trusted
                                    comment is trusted_comment(bundle id, sender)
    data/records.jsonl              one revision per line, canonical JSON, in revision order
    data/attachments/<sha256>       each attachment's bytes, in manifest order

bag-info.txt names one Recipient-Fingerprint per recipient. Sequence numbers and previous
bundle ids are kept per sender→recipient pair, so with several recipients there is one
``Sequence-Number: <recipient> <n>`` and one ``Previous-Bundle-Id: <recipient> <id | none>``
line per recipient; each recipient reads its own. Fingerprints are the 40 digits, no spaces.

Limits (refused on import, never produced on export):
    tag files 64 KiB each (the manifest 16 MiB), signature 16 KiB;
    at most 100,000 attachments (so at most 100,006 files), 16 recipients;
    records.jsonl at most 2 GiB, one record line at most 32 MiB (a 5-million-character field
    of escaped control characters is 30 MB); one attachment below 8 GiB (the ustar size field);
    Payload-Oxum at most 1 TiB; after the two zero blocks that end the archive, only zero
    padding up to the 10 KiB tar record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fieldnotes.errors import BundleRejected
from fieldnotes.i18n import N_, _

FORMAT_VERSION = "1"
TOP_PREFIX = "fieldnotes-bundle-"
BAGIT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-sha256.txt.minisig"
RECORDS = "data/records.jsonl"
ATTACHMENTS = "data/attachments/"
TAG_FILES = (BAGIT, BAG_INFO, MANIFEST, TAGMANIFEST, SIGNATURE)

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
MAX_TAG_FILE = 64 * KiB
MAX_MANIFEST = 16 * MiB
MAX_SIGNATURE = 16 * KiB
MAX_ATTACHMENTS = 100_000
MAX_RECIPIENTS = 16
MAX_RECORDS_FILE = 2 * GiB
MAX_LINE = 32 * MiB
MAX_ATTACHMENT = 8 * GiB - 1
MAX_PAYLOAD = 1 << 40

_HEX64 = re.compile(r"[0-9a-f]{64}")
_FPR = re.compile(r"[0-9]{40}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


def top_folder(bundle_id: str) -> str:
    return TOP_PREFIX + bundle_id


def is_sha256(text: str) -> bool:
    return bool(_HEX64.fullmatch(text))


def trusted_comment(bundle_id: str, sender: str) -> str:
    return f"fieldnotes-bundle {bundle_id} sender {sender}"


@dataclass
class BagInfo:
    bundle_id: str
    sender: str
    recipients: list[str]
    sequences: dict[str, int]
    previous: dict[str, str | None]
    created: str
    payload_bytes: int
    payload_files: int
    extra: dict[str, str] = field(default_factory=dict)


def make_bag_info(info: BagInfo) -> bytes:
    lines = [
        ("Bag-Software-Agent", "Fieldnotes"),
        ("Bagging-Date", info.created[:10]),
        ("Bundle-Id", info.bundle_id),
        ("Created", info.created),
        ("Fieldnotes-Format-Version", FORMAT_VERSION),
        ("Payload-Oxum", f"{info.payload_bytes}.{info.payload_files}"),
        *[("Previous-Bundle-Id", f"{r} {info.previous.get(r) or 'none'}")
          for r in info.recipients],
        *[("Recipient-Fingerprint", r) for r in info.recipients],
        ("Sender-Fingerprint", info.sender),
        *[("Sequence-Number", f"{r} {info.sequences[r]}") for r in info.recipients],
    ]
    if COPIES_KEY in info.extra:
        lines.append((COPIES_KEY, info.extra[COPIES_KEY]))
    return "".join(f"{k}: {v}\n" for k, v in lines).encode("utf-8")


# Optional: which of an attachment and its stripped working copy the sender chose to send
# ("originals" or "working"); absent when both went or none had a working copy.
COPIES_KEY = "Fieldnotes-Attachment-Copies"
COPIES_VALUES = ("originals", "working")
_SINGLE = {"Bag-Software-Agent", "Bagging-Date", "Bundle-Id", "Created",
           "Fieldnotes-Format-Version", "Payload-Oxum", "Sender-Fingerprint"}
_PER_RECIPIENT = {"Recipient-Fingerprint", "Previous-Bundle-Id", "Sequence-Number"}
_MALFORMED_INFO = N_("The bundle's bag-info.txt is malformed.")


def _tag_lines(data: bytes, what: str) -> list[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleRejected(_("The bundle's {what} is not UTF-8 text.").format(what=what)) from None
    if not text.endswith("\n") or "\r" in text or "\x00" in text:
        raise BundleRejected(_("The bundle's {what} is malformed.").format(what=what))
    return text[:-1].split("\n")


def parse_bag_info(data: bytes) -> BagInfo:
    """Strictly read bag-info.txt: known keys only, each as often as it must appear."""
    values: dict[str, list[str]] = {}
    for line in _tag_lines(data, BAG_INFO):
        key, sep, value = line.partition(": ")
        if not sep or key not in _SINGLE | _PER_RECIPIENT | {COPIES_KEY}:
            raise BundleRejected(_(_MALFORMED_INFO))
        values.setdefault(key, []).append(value)
    version = values.get("Fieldnotes-Format-Version", [""])[0]
    if version != FORMAT_VERSION:
        if version.isascii() and version.isdigit():
            raise BundleRejected(_("This bundle was made by a newer version of Fieldnotes."))
        raise BundleRejected(_(_MALFORMED_INFO))
    if any(len(values.get(k, [])) != 1 for k in _SINGLE):
        raise BundleRejected(_(_MALFORMED_INFO))
    copies = values.get(COPIES_KEY, [])
    if len(copies) > 1 or any(c not in COPIES_VALUES for c in copies):
        raise BundleRejected(_(_MALFORMED_INFO))
    one = {k: values[k][0] for k in _SINGLE}
    recipients = values.get("Recipient-Fingerprint", [])
    if not 1 <= len(recipients) <= MAX_RECIPIENTS or len(set(recipients)) != len(recipients):
        raise BundleRejected(_(_MALFORMED_INFO))
    sequences = _per_recipient(values.get("Sequence-Number", []), recipients, _seq)
    previous = _per_recipient(values.get("Previous-Bundle-Id", []), recipients, _prev)
    oxum = re.fullmatch(r"(\d{1,15})\.(\d{1,7})", one["Payload-Oxum"])
    checks = [
        _UUID.fullmatch(one["Bundle-Id"]), _FPR.fullmatch(one["Sender-Fingerprint"]),
        _TIME.fullmatch(one["Created"]), oxum,
        all(_FPR.fullmatch(r) for r in recipients),
        one["Sender-Fingerprint"] not in recipients,
    ]
    if not all(checks):
        raise BundleRejected(_(_MALFORMED_INFO))
    total, files = int(oxum.group(1)), int(oxum.group(2))
    if total > MAX_PAYLOAD or not 1 <= files <= MAX_ATTACHMENTS + 1:
        raise BundleRejected(_("The bundle declares a payload larger than Fieldnotes accepts."))
    return BagInfo(one["Bundle-Id"], one["Sender-Fingerprint"], recipients, sequences,
                   previous, one["Created"], total, files,
                   {"Bag-Software-Agent": one["Bag-Software-Agent"],
                    **({COPIES_KEY: copies[0]} if copies else {})})


def _seq(text: str) -> int:
    if not re.fullmatch(r"[1-9]\d{0,17}", text):
        raise BundleRejected(_(_MALFORMED_INFO))
    return int(text)


def _prev(text: str) -> str | None:
    if text == "none":
        return None
    if not _UUID.fullmatch(text):
        raise BundleRejected(_(_MALFORMED_INFO))
    return text


def _per_recipient(lines: list[str], recipients: list[str], convert) -> dict:
    out = {}
    for line in lines:
        fpr, _sep, value = line.partition(" ")
        if fpr not in recipients or fpr in out:
            raise BundleRejected(_(_MALFORMED_INFO))
        out[fpr] = convert(value)
    if len(out) != len(recipients):
        raise BundleRejected(_(_MALFORMED_INFO))
    return out


def make_manifest(records_sha256: str, attachments: list[str]) -> bytes:
    lines = [f"{records_sha256}  {RECORDS}\n"]
    lines += [f"{h}  {ATTACHMENTS}{h}\n" for h in attachments]
    return "".join(lines).encode("ascii")


def parse_manifest(data: bytes) -> tuple[str, list[str]]:
    """(records.jsonl's sha256, attachment hashes in order) from manifest-sha256.txt."""
    bad = BundleRejected(_("The bundle's manifest is not in the expected form."))
    lines = _tag_lines(data, MANIFEST)
    first, sep, name = lines[0].partition("  ")
    if not sep or name != RECORDS or not is_sha256(first):
        raise bad
    hashes: list[str] = []
    for line in lines[1:]:
        digest, sep, name = line.partition("  ")
        if not sep or not is_sha256(digest) or name != ATTACHMENTS + digest:
            raise bad
        if hashes and digest <= hashes[-1]:
            raise bad
        hashes.append(digest)
    if len(hashes) > MAX_ATTACHMENTS:
        raise BundleRejected(_("The bundle holds more attachments than Fieldnotes accepts."))
    return first, hashes


def make_tagmanifest(digests: dict[str, str]) -> bytes:
    return "".join(f"{digests[n]}  {n}\n" for n in (BAGIT, BAG_INFO, MANIFEST)).encode("ascii")


def check_tagmanifest(data: bytes, digests: dict[str, str]) -> None:
    """The tag manifest must list exactly bagit.txt, bag-info.txt and the manifest, with the
    hashes of the bytes received."""
    if data != make_tagmanifest(digests):
        raise BundleRejected(_("The bundle's tag files do not match its signed tag manifest."))
