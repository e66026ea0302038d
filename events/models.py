from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.enums import Audience, EventKind, EventStatus, Recurrence, SignupRole, SignupStatus
from volunteers.enums import Language
from volunteers.models import Interest, Site, Volunteer


class TrainingType(models.Model):
    """A kind of training that qualifies, e.g. the Integrationslotsen basic training."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: the qualification does not expire.")
    )
    is_basic_training = models.BooleanField(
        _("basic training"),
        default=False,
        help_text=_("Attending it completes the basic training step on a new volunteer's way in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("training type")
        verbose_name_plural = _("training types")

    def __str__(self):
        return self.name


class EventFields(models.Model):
    """What a single event and a series (the template of its dates) have in common."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("organising site"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    venue = models.CharField(
        _("other place"), max_length=200, blank=True, help_text=_("Empty: at the organising site's address.")
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: unlimited."))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience, default=Audience.VOLUNTEERS)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpreter_languages = models.JSONField(_("interpreters needed for"), default=list, blank=True)
    training_type = models.ForeignKey(
        TrainingType,
        verbose_name=_("qualifies for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Attending grants or renews this qualification."),
    )

    class Meta:
        abstract = True

    @property
    def place(self) -> str:
        if self.venue:
            return self.venue
        if self.online_url:
            return str(_("Online"))
        return f"{self.site.name}, {self.site.address}"

    def language_names(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]

    def interpreter_language_names(self) -> list[str]:
        return [str(Language(code).label) for code in self.interpreter_languages if code in Language.values]


class EventSeries(EventFields):
    """A repeating event: its dates are materialised as Events; editing the series changes the coming ones."""

    recurrence = models.CharField(_("repeats"), max_length=20, choices=Recurrence)
    first_start = models.DateTimeField(_("first date and time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    count = models.PositiveSmallIntegerField(_("number of dates"), default=6)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1, count__lte=60), name="series_count_range"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="series_duration_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_recurrence_display()})"


class Event(EventFields):
    series = models.ForeignKey(
        EventSeries, verbose_name=_("series"), on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    series_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    signup_deadline = models.DateTimeField(
        _("sign-up deadline"), null=True, blank=True, help_text=_("Empty: until the event starts.")
    )
    status = models.CharField(_("status"), max_length=20, choices=EventStatus, default=EventStatus.DRAFT)
    # Counts participants confirmed; the database refuses a count above the capacity.
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    # Raised whenever what attendees were told changes (time, place, cancellation): the outbox's occurrence.
    change_number = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="event_confirmed_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(signup_deadline__isnull=True) | Q(signup_deadline__lte=F("starts_at")),
                name="event_deadline_before_start",
            ),
            models.UniqueConstraint(fields=["series", "series_position"], name="event_series_position_unique"),
        ]
        indexes = [
            # The lists walk this in order and stop after a page: no sort of all coming events.
            models.Index(fields=["starts_at", "id"], name="event_start"),
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["site", "starts_at"], name="event_site_start"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d.%m.%Y})"

    @property
    def deadline(self):
        return self.signup_deadline or self.starts_at

    @property
    def free_places(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


class Signup(models.Model):
    """A place at an event: confirmed, on the waiting list, or cancelled (the row is kept).

    It is a volunteer's, or, at an information evening, that of someone interested who has no account yet
    (``interest``, signed up through the link in their invitation).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    # Deleting a volunteer or an interest entry anonymises their sign-ups: the counts stay, the person goes.
    volunteer = models.ForeignKey(Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="signups")
    interest = models.ForeignKey(
        Interest,
        verbose_name=_("interested (no account yet)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
    )
    role = models.CharField(_("role"), max_length=20, choices=SignupRole, default=SignupRole.PARTICIPANT)
    interpreter_language = models.CharField(_("interprets"), max_length=8, choices=Language, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SignupStatus)
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    # Raised at each promotion from the waiting list: the outbox's occurrence for the promotion mail.
    promotion_number = models.PositiveSmallIntegerField(default=0, editable=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["event", "volunteer"], name="signup_once_per_event"),
            models.UniqueConstraint(fields=["event", "interest"], name="signup_interest_once_per_event"),
            models.CheckConstraint(
                condition=Q(volunteer__isnull=True) | Q(interest__isnull=True), name="signup_one_person"
            ),
            models.CheckConstraint(
                condition=Q(role=SignupRole.PARTICIPANT, interpreter_language="")
                | (Q(role=SignupRole.INTERPRETER) & ~Q(interpreter_language="")),
                name="signup_interpreter_has_language",
            ),
            models.CheckConstraint(
                condition=~Q(status=SignupStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
                name="signup_waitlist_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="signup_event_status"),
            models.Index(fields=["volunteer", "status"], name="signup_volunteer_status"),
        ]

    def __str__(self):
        return f"{self.person_name or '—'} @ {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status != SignupStatus.CANCELLED

    # Who the sign-up is for: load ``volunteer__user`` and ``interest`` along with it.
    @property
    def person_name(self) -> str:
        if self.volunteer_id:
            return str(self.volunteer.user)
        return self.interest.name if self.interest_id else ""

    @property
    def first_name(self) -> str:
        if self.volunteer_id:
            return self.volunteer.user.first_name
        return self.interest.name if self.interest_id else ""

    @property
    def contact_email(self) -> str:
        if self.volunteer_id:
            return self.volunteer.user.email
        return self.interest.email if self.interest_id else ""

    @property
    def contact_language(self) -> str:
        if self.volunteer_id:
            return self.volunteer.user.language
        return self.interest.language if self.interest_id else ""


class Qualification(models.Model):
    """What a volunteer is trained for; attending a qualifying training grants or renews it."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="qualifications")
    training_type = models.ForeignKey(TrainingType, on_delete=models.PROTECT, related_name="qualifications")
    acquired_on = models.DateField(_("acquired on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["training_type__name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "training_type"], name="qualification_once_per_type"),
        ]

    def __str__(self):
        return str(self.training_type)


class EventMessage(models.Model):
    """A message a coordinator sent to everyone signed up (kept: who wrote what to whom, when)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")

    def __str__(self):
        return self.subject
