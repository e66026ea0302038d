from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    FORUM = "forum", _("Exchange forum")
    INTERCULTURAL = "intercultural", _("Intercultural event")
    TRAINING = "training", _("Training")
    SUPERVISION = "supervision", _("Supervision")
    NETWORK = "network", _("Network meeting")
    INFO = "info", _("Information evening")


class Audience(models.TextChoices):
    VOLUNTEERS = "volunteers", _("Volunteers only")
    PUBLIC = "public", _("Open to everyone, newcomers welcome")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignupRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    INTERPRETER = "interpreter", _("Interpreter")
