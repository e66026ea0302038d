"""Recognition: the hours volunteers give and the documents that confirm them.

Both outlive the person: ending the volunteering keeps them, and deleting the account empties ``volunteer``, so
that the statistics keep the hours as anonymous totals.
"""

import secrets
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from volunteers.enums import DocumentKind, DocumentLanguage, HourKind, HourStatus
from volunteers.models.people import Site, User, Volunteer

MAX_HOURS_PER_ENTRY = Decimal(24)


class HourEntry(models.Model):
    """Time given to the centre on one day.

    Attendance records its entry confirmed, with the event's duration (``source`` "signup:<id>", one per
    sign-up); helpers log their time with a newcomer ("match:<id>") and volunteers other work (no source),
    which a coordinator confirms, corrects or declines. Only confirmed hours count.
    """

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, related_name="hours", verbose_name=_("volunteer")
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    kind = models.CharField(_("kind of activity"), max_length=20, choices=HourKind)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("what was done"), max_length=150)
    source = models.CharField(_("recorded from"), max_length=40, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=HourStatus, default=HourStatus.LOGGED)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("confirmed by")
    )
    decided_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hours")
        verbose_name_plural = _("hours")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_HOURS_PER_ENTRY),
                name="hour_entry_hours_in_a_day",
                violation_error_message=_("Hours are more than 0 and at most 24 a day."),
            ),
            models.UniqueConstraint(
                fields=["source"], condition=Q(source__startswith="signup:"), name="hour_entry_once_per_signup"
            ),
            models.CheckConstraint(
                condition=Q(status=HourStatus.LOGGED) | Q(decided_at__isnull=False), name="hour_entry_decided_at"
            ),
        ]
        indexes = [
            # Both carry the hours, so that the sums of the dashboard and of the Ehrenamtskarte's list read the
            # index alone (PostgreSQL; the list took 91 ms without, 53 ms with: make bench, "Recognition").
            models.Index(fields=["volunteer", "status", "date"], include=["hours"], name="hour_entry_volunteer"),
            models.Index(fields=["status", "date"], include=["volunteer", "hours"], name="hour_entry_status_date"),
            # The hours waiting for a coordinator, for the desk's count and oldest: 38 ms without, 20 ms with, over
            # the bench's 50,000 waiting entries ("admin: desk").
            models.Index(
                fields=["site", "created_at"], condition=Q(status=HourStatus.LOGGED), name="hour_entry_waiting"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.hours} h {self.activity}"


def _verification_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """A certificate of engagement, or a confirmation for the Ehrenamtskarte, as issued.

    ``content`` keeps what the document states (hours per year, kinds of activity, trainings), so that it can
    be downloaded again unchanged and its verification address (``code``, secret) shows the same figures. The
    person's name is printed from their account and kept nowhere else here.
    """

    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind, default=DocumentKind.ENGAGEMENT)
    code = models.CharField(max_length=16, unique=True, default=_verification_code, editable=False)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, related_name="certificates", verbose_name=_("volunteer")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing site"))
    language = models.CharField(_("language"), max_length=8, choices=DocumentLanguage)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    hours_total = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    content = models.JSONField(_("content"), default=dict)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    issuer_name = models.CharField(_("issued by"), max_length=150)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="certificate_period"),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"MM-{self.issued_at:%Y}-{self.pk:05d}"
