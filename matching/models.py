from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.enums import ContactMethod, GenderPreference, LogAction, MatchStatus, Outcome, RequestStatus
from volunteers.enums import DayPart, HelpTopic, InterfaceLanguage, Language, Municipality, Weekday, availability_bit
from volunteers.models import Site, Volunteer


class HelpRequest(models.Model):
    """A newcomer's request for a helper, from the public form at /hilfe/.

    Personal data (name, contact, free text) is kept only while the request is open or the help runs;
    ``matching.services.requests_anonymise_due`` blanks it some months after the end and keeps what the
    statistics need (site, municipality, languages, topics, dates, outcome).
    """

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=80)
    contact_method = models.CharField(_("how to reach"), max_length=20, choices=ContactMethod)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    counselling_service = models.CharField(_("counselling service"), max_length=150, blank=True)
    submitted_by_counsellor = models.BooleanField(_("submitted by a counsellor"), default=False)
    municipality = models.CharField(_("municipality"), max_length=32, choices=Municipality)
    site = models.ForeignKey(
        Site, verbose_name=_("preferred site"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    languages = models.JSONField(_("languages"), default=list)
    topics = models.JSONField(_("help topics"), default=list)
    availability = models.PositiveIntegerField(_("availability"), default=0)
    gender_preference = models.CharField(
        _("helper's gender"), max_length=10, choices=GenderPreference, blank=True, default=GenderPreference.NONE
    )
    children_involved = models.BooleanField(_("children involved"), default=False)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    language = models.CharField(_("language of the request"), max_length=8, choices=InterfaceLanguage)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_language = models.CharField(_("consent language"), max_length=8, choices=InterfaceLanguage)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus, default=RequestStatus.NEW)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    feedback = models.TextField(_("feedback"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [models.Index(fields=["status", "ended_at"], name="request_status_ended")]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_method=ContactMethod.PHONE, phone__gt="")
                | Q(contact_method=ContactMethod.EMAIL, email__gt="")
                | Q(contact_method=ContactMethod.COUNSELLING, counselling_service__gt="")
                | Q(anonymised_at__isnull=False),
                name="request_has_way_to_reach",
            ),
        ]

    def __str__(self):
        return self.reference

    def language_names(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]

    def topic_names(self) -> list[str]:
        return [str(HelpTopic(code).label) for code in self.topics if code in HelpTopic.values]

    def availability_names(self) -> list[str]:
        return [
            f"{weekday.label} {day_part.label}"
            for weekday in Weekday
            for day_part in DayPart
            if self.availability & availability_bit(weekday, day_part)
        ]


class Match(models.Model):
    """A request proposed to a volunteer: declined, or accepted and active until closed."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.SET_NULL, null=True, related_name="matches"
    )
    status = models.CharField(_("status"), max_length=20, choices=MatchStatus, default=MatchStatus.PROPOSED)
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="match_once_per_volunteer"),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE]),
                name="match_one_open_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.request} → {self.volunteer or '—'}"


class RequestLog(models.Model):
    """Who did or saw what with a request, and when: every view of its personal data and every step."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=LogAction)
    note = models.CharField(_("note"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("log entry")
        verbose_name_plural = _("request log")

    def __str__(self):
        return f"{self.request}: {self.get_action_display()}"
