"""The volunteers app's forms, one module per concern; import them from here."""

from volunteers.forms.legal import ConsentForm
from volunteers.forms.people import (
    AccountDeleteForm,
    AvailabilityField,
    InterestForm,
    NotificationSettingsForm,
    PauseForm,
    PublicForm,
    VolunteeringEndForm,
    VolunteerProfileForm,
    check_phone,
    site_choices,
)
from volunteers.forms.recognition import CertificateRequestForm, HoursLogForm

__all__ = [
    "AccountDeleteForm",
    "AvailabilityField",
    "CertificateRequestForm",
    "ConsentForm",
    "HoursLogForm",
    "InterestForm",
    "NotificationSettingsForm",
    "PauseForm",
    "PublicForm",
    "VolunteerProfileForm",
    "VolunteeringEndForm",
    "check_phone",
    "site_choices",
]
