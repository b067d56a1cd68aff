"""The audit log's actions in words, for a reader of a report (a court, a UN mechanism).

The audit log records each action as a code (``bundle.imported``, ``review.set``): the code is
what the entry's hash covers, so a report prints it too, in parentheses after the phrase that
says what happened in the reader's language. An action this table does not know (one written
by a later version of Fieldnotes) is printed as its code alone, never dropped.
"""

from __future__ import annotations

from fieldnotes.i18n import N_, _

PHRASES = {
    "vault.created": N_("Vault created"),
    "vault.passphrase_changed": N_("Passphrase changed"),
    "vault.recovered": N_("Vault opened with the recovery key (passphrase reset)"),
    "record.created": N_("Record created"),
    "record.edited": N_("Record edited"),
    "record.deleted": N_("Record deleted"),
    "record.purged": N_("Record purged"),
    "attachment.added": N_("Attachment added"),
    "attachment.saved_copy": N_("Decrypted copy of an attachment saved"),
    "attachment.purged": N_("Attachment purged"),
    "attachment.working_copy": N_("Working copy of an attachment made"),
    "attachment.recovered": N_("Interrupted recording recovered"),
    "attachment.recording_lost": N_("Interrupted recording lost"),
    "vault.store_migrated": N_("Attachments moved into the sealed store"),
    "bundle.exported": N_("Bundle exported"),
    "bundle.imported": N_("Bundle imported"),
    "bundle.refused": N_("Bundle refused"),
    "receipt.created": N_("Receipt created"),
    "receipt.imported": N_("Receipt imported"),
    "review.set": N_("Review decision recorded"),
    "identity.secret_exported": N_("Secret key exported"),
    "contact.added": N_("Contact added"),
    "contact.verified": N_("Contact verified"),
    "contact.revoked": N_("Contact revoked"),
    "delivered.purged": N_("Delivered records purged"),
    "vault.loss_acknowledged": N_("Loss of history acknowledged"),
    "vault.shares_made": N_("Recovery shares made"),
    "vault.shares_removed": N_("Recovery shares removed"),
    "vault.recovery_key_rotated": N_("New recovery key made"),
    "vault.recovered_with_shares": N_("Vault opened with recovery shares (passphrase reset)"),
    "vault.wipe_policy": N_("Wipe setting changed"),
    "setup.applied": N_("Setup file applied"),
    "vault.key_strength_changed": N_("Passphrase key strength changed"),
}


def describe(code: str) -> str:
    """What happened, in the reader's language, with the recorded code in parentheses; an
    unknown code as it is."""
    if code not in PHRASES:
        return code
    return _("{action} ({code})").format(action=_(PHRASES[code]), code=code)
