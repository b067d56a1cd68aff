"""One error family for the whole core.

Every error a user can meet is a :class:`FieldnotesError` whose ``str()`` is one plain sentence
written for the person in front of the screen ("This bundle is not addressed to this vault.").
The CLI prints it and exits 1; the app shows it in the window. Anything that is not a
FieldnotesError is a bug: it is reported as one, without content, and never as a traceback.
Messages never contain record content, passphrases or keys.
"""

from __future__ import annotations

from fieldnotes import sentences
from fieldnotes.i18n import _


class FieldnotesError(Exception):
    """Base of every error the user may see. The message is the sentence shown to them."""

    def __init__(self, message: str):
        # One line, always: a message with a newline would break the CLI's one-line contract.
        super().__init__(" ".join(str(message).split()))
        # Its code and fields when made while fieldnotes.sentences.keeping() (an import log).
        self.neutral = sentences.neutral(message)

    @property
    def message(self) -> str:
        return str(self)


class VaultError(FieldnotesError):
    """The vault cannot be created, opened or used (missing, damaged, locked...)."""


class WrongPassphrase(VaultError):
    pass


class WrongRecoveryKey(VaultError):
    """A well-formed recovery key that does not unlock this vault (counts toward a wipe)."""


class VaultMissing(VaultError):
    pass


class VaultDamaged(VaultError):
    pass


class VaultInUse(VaultError):
    """The vault is open in another window or command (fieldnotes/open_lock.py)."""


class DiskFull(VaultError):
    """A write failed for want of space; it was rolled back and the vault is unchanged."""


class NotFound(FieldnotesError):
    pass


class ValidationError(FieldnotesError):
    """A record, field or value does not fit the model."""


class Refused(FieldnotesError):
    """The action is not allowed (read-only record, unverified contact, consent...)."""


class AttachmentCorrupt(FieldnotesError):
    pass


class BundleRejected(FieldnotesError):
    """A bundle, card or receipt failed a check; nothing was changed."""


class Cancelled(FieldnotesError):
    def __init__(self, message: str | None = None):
        super().__init__(message or _("The operation was cancelled; nothing was changed."))


def crypto_sentence(exc: Exception) -> str:
    """A crypto error's sentence in the current language (crypto/ marks its templates N_)."""
    template = getattr(exc, "template", None)
    if not isinstance(template, str):
        return str(exc)
    return _(template).format(**exc.fields) if exc.fields else _(template)


def from_crypto(exc: Exception) -> FieldnotesError:
    """Wrap a ``crypto.errors.CryptoError`` into the core's family, keeping its sentence."""
    from crypto import errors as ce

    sentence = crypto_sentence(exc)
    if isinstance(exc, ce.WrongPassphrase):
        return WrongPassphrase(sentence)
    if isinstance(exc, ce.WrongRecoveryKey):
        return WrongRecoveryKey(sentence)
    if isinstance(exc, ce.KeySlotsDamaged):
        return VaultDamaged(sentence)
    if isinstance(exc, ce.NotForThisIdentity | ce.EnvelopeDamaged | ce.BadSignature):
        return BundleRejected(sentence)
    return FieldnotesError(sentence)
