"""The one error family of the crypto layer.

Every error is a :class:`CryptoError`. Its ``str()`` is a single plain
sentence written for the person using the app: no traceback, no technical
jargon, and never a secret or a piece of protected content. Each class has a
default sentence, so ``raise WrongPassphrase()`` is enough; a more specific
sentence can be passed as the only argument.

crypto/ imports nothing of fieldnotes, so it cannot translate: each sentence is marked with
``N_()`` (for the catalogs) and kept as a template with its fields; fieldnotes.errors
translates it in the user's language (``fieldnotes.errors.crypto_sentence``).

Misuse by a programmer (a key of the wrong length, a recipient list that is
empty, a trusted comment with a newline) raises ``ValueError``/``TypeError``
instead: those are bugs, not situations a user can act on.
"""


def N_(message: str) -> str:
    """Mark a sentence for the translation catalogs (it is translated in fieldnotes)."""
    return message


class CryptoError(Exception):
    """Base class. ``str(error)`` is the sentence to show the user (in English);
    ``template`` and ``fields`` let the core show it translated."""

    default_message = N_("A cryptographic operation failed.")

    def __init__(self, message: str | None = None, **fields) -> None:
        self.template = message if message is not None else self.default_message
        self.fields = fields
        super().__init__(self.template)

    def __str__(self) -> str:
        return self.template.format(**self.fields) if self.fields else self.template


class WrongPassphrase(CryptoError):
    default_message = N_("The passphrase is not correct.")


class WrongRecoveryKey(CryptoError):
    """A recovery key with valid checksums that does not unlock this vault."""

    default_message = N_("This recovery key does not unlock this vault.")


class WrongShares(CryptoError):
    """Shares that combine (their checksums are right) but do not unlock this vault."""

    default_message = N_("These recovery shares do not unlock this vault.")


class RecoveryKeyTypo(CryptoError):
    """The checksums of a typed recovery key show a typo (or a wrong length)."""

    default_message = N_("The recovery key has a typo.")


class KeySlotsDamaged(CryptoError):
    default_message = N_("keyslots.json is damaged.")


class KdfTooCostly(KeySlotsDamaged):
    """A slot asks for more Argon2id memory or passes than Fieldnotes ever sets."""

    default_message = N_("keyslots.json asks for more memory or time to unlock than Fieldnotes sets.")


class IdentityDamaged(CryptoError):
    """The identity keys kept inside the vault cannot be read."""

    default_message = N_("The vault's identity keys are damaged.")


class CardError(CryptoError):
    """A public card does not parse, or its fingerprint does not match its keys."""

    default_message = N_("This is not a valid Fieldnotes card.")


class BadSignature(CryptoError):
    default_message = N_("The signature is not valid.")


class NotForThisIdentity(CryptoError):
    default_message = N_("This bundle is not addressed to this vault.")


class EnvelopeDamaged(CryptoError):
    default_message = N_("The bundle is damaged or incomplete (decryption failed).")
