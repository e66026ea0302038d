"""The volunteers app's models, one module per concern; import them from here."""

from volunteers.models.audit import LoginFailure, ProfileView
from volunteers.models.legal import Consent, LegalText, LegalTextTranslation
from volunteers.models.people import (
    MAX_CAPACITY,
    PoliceCertificate,
    Site,
    User,
    UserManager,
    Volunteer,
    VolunteerLanguage,
    VolunteerTopic,
)
from volunteers.models.recognition import MAX_HOURS_PER_ENTRY, Certificate, HourEntry
from volunteers.models.way_in import Interest, Onboarding, OnboardingMilestone

__all__ = [
    "MAX_CAPACITY",
    "MAX_HOURS_PER_ENTRY",
    "Certificate",
    "Consent",
    "HourEntry",
    "Interest",
    "LegalText",
    "LegalTextTranslation",
    "LoginFailure",
    "Onboarding",
    "OnboardingMilestone",
    "PoliceCertificate",
    "ProfileView",
    "Site",
    "User",
    "UserManager",
    "Volunteer",
    "VolunteerLanguage",
    "VolunteerTopic",
]
