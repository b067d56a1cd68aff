"""Controlled vocabularies, in the spirit of the HURIDOCS event documentation formats.

Keys are stable identifiers stored in records, bundles and JSON; labels are what people read,
marked with N_() and translated where shown: ``label(vocab.EVENT_TYPES, code)``.
"""

from fieldnotes.i18n import N_, _

EVENT_TYPES = {
    "arbitrary_detention": N_("Arbitrary detention"),
    "enforced_disappearance": N_("Enforced disappearance"),
    "incommunicado_detention": N_("Incommunicado detention / denial of a lawyer"),
    "rsdl": N_("Residential surveillance at a designated location"),
    "torture_ill_treatment": N_("Torture or ill-treatment"),
    "forced_confession": N_("Forced or televised confession"),
    "licence_revoked": N_("Licence revoked or suspended"),
    "harassment_of_family": N_("Harassment of family"),
    "surveillance": N_("Surveillance"),
    "threats_intimidation": N_("Threats or intimidation"),
    "raid_search_seizure": N_("Raid, search or seizure"),
    "travel_ban": N_("Exit ban or travel restriction"),
    "house_arrest": N_("House arrest"),
    "forced_eviction": N_("Forced eviction"),
    "death_in_custody": N_("Death in custody"),
    "trial": N_("Trial"),
    "sentence": N_("Sentence"),
    "release": N_("Release"),
    "release_on_bail": N_("Release on bail / pending trial"),
    "other": N_("Other"),
}

ROLES = {
    "victim": N_("Victim"),
    "witness": N_("Witness"),
    "perpetrator": N_("Perpetrator"),
    "lawyer": N_("Lawyer"),
    "relative": N_("Relative"),
    "source": N_("Source"),
}

CONSENT_SCOPES = {
    "internal": N_("Internal use only (this vault)"),
    "share_named": N_("Share with the named organisations"),
    "publish_anonymised": N_("Publish anonymised"),
    "publish_named": N_("Publish with name"),
    "withdrawn": N_("Consent withdrawn"),
}

CONSENT_METHODS = {
    "written": N_("Written, signed"),
    "oral_recorded": N_("Oral, recorded"),
    "oral_witnessed": N_("Oral, witnessed"),
    "oral": N_("Oral"),
    "other": N_("Other"),
}

SEX = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other"), "unknown": N_("Unknown")}

RISK_LEVELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"), "critical": N_("Critical")}

CASE_STATUS = {"open": N_("Open"), "closed": N_("Closed")}

RECORD_TYPES = {
    "case": N_("Case"),
    "person": N_("Person"),
    "event": N_("Event"),
    "testimony": N_("Testimony"),
    "note": N_("Note"),
    "attachment": N_("Attachment"),
    "link": N_("Link"),
}


def label(vocabulary: dict[str, str], code: str | None) -> str:
    """The translated label of ``code``; an unknown code is shown as it is."""
    if code in vocabulary:
        return _(vocabulary[code])
    return code or ""


def record_type_label(code: str) -> str:
    return label(RECORD_TYPES, code)
