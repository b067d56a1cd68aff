"""Ways back into a vault besides the passphrase: K-of-N SLIP-39 recovery shares for trusted
colleagues, and a new recovery key. The cryptography is crypto/shares.py and
crypto/keyslots.py; this module makes the changes on a vault (keyslots.json and an audit
entry), writes share files, and turns share problems into sentences that name the share.

Making new shares replaces the shares slot, so the old shares stop working; so does a new
recovery key for the old one. Shares are never stored in the vault: they are shown once or
written to files the user hands out.
"""

from __future__ import annotations

import os
from pathlib import Path

from crypto import errors as cerr
from crypto import recovery, shares
from fieldnotes import userfiles, wipe
from fieldnotes.errors import FieldnotesError, VaultError, from_crypto
from fieldnotes.i18n import _, ngettext
from fieldnotes.timeutil import utc_now
from fieldnotes.vault import Vault

MAX_SHARE_TEXT = 4096


def split(vault: Vault, threshold: int, count: int) -> shares.ShareSet:
    """Make ``count`` new shares, any ``threshold`` of which unlock the vault; the old shares,
    if any, stop working. The shares are returned, never stored."""
    if not (shares.MIN_THRESHOLD <= threshold <= count <= shares.MAX_SHARES):
        raise FieldnotesError(_("Choose at least 2 shares needed, and at most 16 shares in all "
                                "(no fewer than are needed)."))
    secret, made = shares.split(threshold, count)
    vault.rewrite_slots(
        lambda slots, key: slots.with_shares(key, secret, made.identifier, threshold, count),
        "vault.shares_made", {"threshold": threshold, "count": count,
                              "identifier": made.identifier})
    return made


def remove(vault: Vault) -> None:
    """Remove the shares slot: no set of shares opens the vault any more."""
    if vault.slots.shares_info() is None:
        raise FieldnotesError(_("This vault has no recovery shares."))
    vault.rewrite_slots(lambda slots, key: slots.without_shares(), "vault.shares_removed")


def rotate_recovery_key(vault: Vault) -> str:
    """A new recovery key (returned, to show once); the old one stops working."""
    new_key = recovery.generate()
    vault.rewrite_slots(lambda slots, key: slots.with_new_recovery(key, new_key),
                        "vault.recovery_key_rotated")
    return recovery.format(new_key)


def share_text(made: shares.ShareSet, number: int, vault_name: str) -> str:
    """One share as a file: comment lines saying what it is, then its words. Any SLIP-39 tool
    reads the last line; Fieldnotes ignores the # lines."""
    return "".join([
        "# " + _("Fieldnotes recovery share {n} of {count} for the vault “{name}”.").format(
            n=number, count=made.count, name=vault_name) + "\n",
        "# " + _("Any {k} shares of set {set_id} unlock it; keep this one away from the "
                 "laptop.").format(k=made.threshold, set_id=made.identifier) + "\n",
        "# " + _("Made {time}. Plain SLIP-39: `shamir recover` reads the line below."
                 ).format(time=utc_now()[:16].replace("T", " ")) + "\n",
        made.mnemonics[number - 1] + "\n",
    ])


def write_share_files(made: shares.ShareSet, folder: Path, vault_name: str) -> list[Path]:
    """Each share to its own file (mode 0600) in ``folder``; an existing file is never
    overwritten, and nothing is written unless every name is free."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FieldnotesError(_("The folder {folder} does not exist.").format(folder=folder))
    paths = [folder / f"fieldnotes-share-{made.identifier}-{n}-of-{made.count}.txt"
             for n in range(1, made.count + 1)]
    taken = [p for p in paths if p.exists()]
    if taken:
        raise FieldnotesError(_("{name} already exists; no share file was written.").format(
            name=taken[0].name))
    for n, path in enumerate(paths, 1):
        userfiles.write_new_text(path, share_text(made, n, vault_name))
    return paths


def read_share_file(path: str | os.PathLike) -> str:
    path = Path(path)
    raw = userfiles.read_bytes(path, MAX_SHARE_TEXT + 1)
    if len(raw) > MAX_SHARE_TEXT:
        raise FieldnotesError(_("{name} is too long to be a recovery share.").format(
            name=path.name))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FieldnotesError(_("{name} is not a recovery share (it is not text).").format(
            name=path.name)) from None


def _combine(texts: list[str], names: list[str]) -> tuple[bytes, int]:
    """The secret of the shares, or a sentence naming the share that is wrong."""
    try:
        return shares.combine(texts)
    except shares.ShareTypo as exc:
        if exc.index == 0:
            raise FieldnotesError(_("These shares have typos that their checksums did not "
                                    "catch; check every word.")) from None
        raise FieldnotesError(_("The share {name} has a typo: a word is wrong, missing or "
                                "extra (its SLIP-39 checksum does not match).").format(
            name=names[exc.index - 1])) from None
    except shares.TooFewShares as exc:
        more = exc.need - exc.have
        raise FieldnotesError(ngettext(
            "One more share is needed: {have} given, {need} needed.",
            "{more} more shares are needed: {have} given, {need} needed.", more).format(
            more=more, have=exc.have, need=exc.need)) from None
    except shares.ShareNotInSet as exc:
        raise FieldnotesError(_("The share {name} is from another set of shares than the "
                                "first one given.").format(name=names[exc.index - 1])) from None
    except shares.ShareRepeated as exc:
        raise FieldnotesError(_("The share {name} was given twice (or is a copy of another)."
                                ).format(name=names[exc.index - 1])) from None


def recover(path: str | os.PathLike, texts: list[str], names: list[str],
            new_passphrase: str) -> Vault:
    """Unlock with K shares and set a new passphrase; returns the open vault."""
    if not new_passphrase:
        raise VaultError(_("The new passphrase must not be empty."))
    slots = Vault._check_files(Path(path))
    info = slots.shares_info()
    if info is None:
        raise FieldnotesError(_("This vault has no recovery shares; use the passphrase or the "
                                "recovery key."))
    secret, identifier = _combine(texts, names)
    # A set of shares that combines but is not this vault's is a failed unlock, as a wrong
    # passphrase or recovery key is: it counts toward the opt-in wipe. A typo, or too few
    # shares, is caught by the shares' own checksums before anything is tried: it does not.
    if identifier != info["identifier"]:
        wipe.count_failure(Path(path), slots)
        raise FieldnotesError(_("These shares are from set {old}; this vault now takes only "
                                "the shares of set {new}, made since.").format(
            old=identifier, new=info["identifier"]))
    try:
        vault_key = slots.unlock_with_shares(secret)
    except cerr.WrongShares:
        wipe.count_failure(Path(path), slots)
        raise FieldnotesError(_("These recovery shares do not unlock this vault.")) from None
    except cerr.CryptoError as exc:
        raise from_crypto(exc) from None
    vault = Vault(Path(path), vault_key, wipe.count_success(Path(path), slots))
    vault.change_passphrase(new_passphrase, action="vault.recovered_with_shares")
    return vault
