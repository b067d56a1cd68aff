"""Controlled vocabularies, in the spirit of the HURIDOCS event documentation formats.

Keys are stable identifiers stored in records and bundles; labels are what people read.
"""

EVENT_TYPES = {
    "arbitrary_detention": "Arbitrary detention",
    "enforced_disappearance": "Enforced disappearance",
    "incommunicado_detention": "Incommunicado detention / denial of a lawyer",
    "rsdl": "Residential surveillance at a designated location",
    "torture_ill_treatment": "Torture or ill-treatment",
    "forced_confession": "Forced or televised confession",
    "licence_revoked": "Licence revoked or suspended",
    "harassment_of_family": "Harassment of family",
    "surveillance": "Surveillance",
    "threats_intimidation": "Threats or intimidation",
    "raid_search_seizure": "Raid, search or seizure",
    "travel_ban": "Exit ban or travel restriction",
    "house_arrest": "House arrest",
    "forced_eviction": "Forced eviction",
    "death_in_custody": "Death in custody",
    "trial": "Trial",
    "sentence": "Sentence",
    "release": "Release",
    "release_on_bail": "Release on bail / pending trial",
    "other": "Other",
}

ROLES = {
    "victim": "Victim",
    "witness": "Witness",
    "perpetrator": "Perpetrator",
    "lawyer": "Lawyer",
    "relative": "Relative",
    "source": "Source",
}

CONSENT_SCOPES = {
    "internal": "Internal use only (this vault)",
    "share_named": "Share with the named organisations",
    "publish_anonymised": "Publish anonymised",
    "publish_named": "Publish with name",
    "withdrawn": "Consent withdrawn",
}

CONSENT_METHODS = {
    "written": "Written, signed",
    "oral_recorded": "Oral, recorded",
    "oral_witnessed": "Oral, witnessed",
    "oral": "Oral",
    "other": "Other",
}

SEX = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"}

RISK_LEVELS = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}

CASE_STATUS = {"open": "Open", "closed": "Closed"}
