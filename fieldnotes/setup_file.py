"""The organisation setup file: a coordinator's signed card, recommended settings and the
recipients to export to, so a new researcher's vault is ready in one step.

The file is text::

    fieldnotes-setup: 1
    {"card": "...", "created": "...", "recipients": ["<card>", ...], "settings": {...}}
    untrusted comment: ...            \\
    <signature>                        | a minisign signature ("ED") of the first two lines,
    trusted comment: fieldnotes-setup  | by the key on the card of the first line's JSON
    <global signature>                /

Reading it (:func:`read`) checks everything — the shape, every card, every value's type and
range, the signature by the card's own key — and changes nothing; a file that is altered,
unsigned or signed by someone else than its card is refused in one line. Applying it
(:func:`apply`) happens only after the person compared the coordinator's fingerprint with the
one the coordinator gave them in person: the coordinator and the recipients become verified
contacts, the wipe policy (if any) is set, and the recommended settings are kept in the vault
for the app (idle lock, minimum passphrase strength, key-derivation floor).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from crypto import errors as cerr
from crypto import minisign
from crypto.identity import PublicCard, normalize_fingerprint
from fieldnotes import audit, canonical, contacts, userfiles, wipe
from fieldnotes.errors import FieldnotesError, Refused
from fieldnotes.i18n import _
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import SETUP_SETTINGS_KEY, transaction

HEADER = "fieldnotes-setup: 1"
COMMENT = "fieldnotes-setup"
MAX_TEXT = 256 * 1024
MAX_RECIPIENTS = 50
SETTINGS_KEY = SETUP_SETTINGS_KEY
# name: (lowest, highest) accepted in a setup file
SETTINGS = {"idle_minutes": (1, 120), "min_strength_bits": (0, 256),
            "kdf_floor_mib": (64, 4096), "wipe_after": (wipe.MIN_FAILURES, 1000)}


@dataclass
class SetupFile:
    coordinator: PublicCard
    created: str
    settings: dict = field(default_factory=dict)
    recipients: list[PublicCard] = field(default_factory=list)


def _refuse(sentence: str) -> FieldnotesError:
    return FieldnotesError(sentence)


def _not_setup() -> FieldnotesError:
    return _refuse(_("This is not a Fieldnotes setup file (or it is damaged); nothing was "
                     "changed."))


def create(vault, recipients: list[str], **settings) -> str:
    """The text of a setup file signed by this vault, recommending ``settings`` (see
    SETTINGS; None leaves one out) and naming ``recipients`` (fingerprints of verified
    contacts; this vault itself is always the first recipient)."""
    chosen = {k: v for k, v in settings.items() if v is not None}
    _check_settings(chosen)
    cards = []
    for fpr in recipients:
        contact = contacts.get_contact(vault.conn, fpr)
        if not contact["verified"] or contact["revoked"]:
            raise Refused(_("{name} is not a verified contact; only verified contacts can be "
                            "named in a setup file.").format(name=contact["name"]))
        cards.append(contact["card"])
    body = canonical.dumps({"card": vault.identity.card().to_text(), "created": utc_now(),
                            "recipients": cards, "settings": chosen})
    signed = f"{HEADER}\n{body}\n"
    return signed + vault.identity.sign_minisign(signed.encode("utf-8"), COMMENT)


def _check_settings(settings: object) -> dict:
    if not isinstance(settings, dict):
        raise _not_setup()
    for name, value in settings.items():
        if name not in SETTINGS or type(value) is not int:
            raise _not_setup()
        low, high = SETTINGS[name]
        if not low <= value <= high:
            raise _refuse(_("The setup file recommends {name} = {value}, outside {low}–{high}; "
                            "nothing was changed.").format(name=name, value=value, low=low,
                                                          high=high))
    return settings


def _card(text: object) -> PublicCard:
    try:
        return PublicCard.parse(text)
    except cerr.CardError as exc:
        raise _refuse(_("A card in the setup file is not valid ({reason}); nothing was "
                        "changed.").format(reason=str(exc).rstrip("."))) from None


def read_file(path) -> SetupFile:
    """The checked setup file at ``path`` (a path the person chose); changes nothing."""
    raw = userfiles.read_bytes(path, MAX_TEXT + 1)
    try:
        return read(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _not_setup() from None


def read(text: object) -> SetupFile:
    """Parse and verify a setup file; changes nothing."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise _not_setup()
    lines = text.lstrip("\ufeff").split("\n")
    if len(lines) < 2 or lines[0].rstrip("\r") != HEADER:
        raise _not_setup()
    try:
        body = json.loads(lines[1])
    except ValueError:
        raise _not_setup() from None
    if not isinstance(body, dict) or set(body) != {"card", "created", "recipients", "settings"}:
        raise _not_setup()
    coordinator = _card(body["card"])
    signature = "\n".join(lines[2:])
    if not signature.strip():
        raise _refuse(_("This setup file is not signed; nothing was changed."))
    try:
        comment = minisign.verify(coordinator.minisign_public_key,
                                  f"{lines[0]}\n{lines[1]}\n".encode(), signature)
    except cerr.BadSignature as exc:
        if str(exc) == minisign._OTHER_KEY:
            raise _refuse(_("This setup file was not signed by the coordinator whose card it "
                            "holds; nothing was changed.")) from None
        raise _refuse(_("This setup file was altered after it was signed (or its signature "
                        "is damaged); nothing was changed.")) from None
    if comment != COMMENT or not isinstance(body["created"], str) or \
            not isinstance(body["recipients"], list) or len(body["recipients"]) > MAX_RECIPIENTS:
        raise _not_setup()
    return SetupFile(coordinator, body["created"][:40], dict(_check_settings(body["settings"])),
                     [_card(c) for c in body["recipients"]])


def apply(vault, setup: SetupFile, fingerprint: str) -> list[str]:
    """Trust the coordinator — only if ``fingerprint`` (as the person typed or confirmed it)
    is the coordinator's — and the recipients, keep the settings, set the wipe policy.
    Returns the fingerprints of the contacts added or verified."""
    try:
        typed = normalize_fingerprint(fingerprint)
    except cerr.CardError:
        typed = ""
    if typed != setup.coordinator.fingerprint_compact:
        raise _refuse(_("The fingerprint does not match the setup file's coordinator; nothing "
                        "was changed. Compare it again with the one they gave you."))
    own = contacts.own_fingerprint(vault.conn)
    cards = [setup.coordinator] + [c for c in setup.recipients
                                   if c.fingerprint_compact != setup.coordinator.fingerprint_compact]
    trusted = []
    with transaction(vault.conn):
        for card in cards:
            if card.fingerprint_compact == own:
                continue
            trusted.append(contacts.add_contact(vault.conn, card.to_text(), verified=True))
        vault.conn.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value = excluded.value", (SETTINGS_KEY, canonical.dumps(setup.settings)))
        audit.append(vault.conn, "setup.applied", None, {
            "coordinator": setup.coordinator.fingerprint_compact, "settings": setup.settings,
            "contacts": trusted})
    if "wipe_after" in setup.settings:
        wipe.set_policy(vault, setup.settings["wipe_after"])
    return trusted


def recommended(conn) -> dict:
    """The settings of the last setup file applied to this vault ({} if none)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (SETTINGS_KEY,)).fetchone()
    return json.loads(row[0]) if row else {}
