from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    COUNSELLING = "counselling", _("Through my counselling service")


class GenderPreference(models.TextChoices):
    NONE = "", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")
    DIVERSE = "diverse", _("A diverse person")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    PROPOSED = "proposed", _("Proposed to a volunteer")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    HELPED = "helped", _("Helped")
    PARTLY = "partly", _("Partly helped")
    NO_CONTACT = "no_contact", _("No contact came about")
    WITHDRAWN = "withdrawn", _("Withdrawn by the newcomer")
    OTHER = "other", _("Other")


class LogAction(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    VIEWED = "viewed", _("viewed")
    PROPOSED = "proposed", _("proposed to a volunteer")
    ACCEPTED = "accepted", _("accepted by the volunteer")
    DECLINED = "declined", _("declined by the volunteer")
    CONTACT_VIEWED = "contact_viewed", _("contact data viewed by the helper")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    ANONYMISED = "anonymised", _("anonymised")
    HANDED_BACK = "handed_back", _("handed back: the helper ended their volunteering")
    WITHDRAWN = "withdrawn", _("withdrawn by the newcomer")
