"""The volunteers app's models, one module per concern; import them from here."""

from volunteers.models.audit import LoginFailure, ProfileView
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
    "HourEntry",
    "Interest",
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
