from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from volunteers.enums import (
    AVAILABILITY_ALL,
    DayPart,
    EndReason,
    Gender,
    HelpTopic,
    InterfaceLanguage,
    Language,
    LanguageLevel,
    Municipality,
    OnboardingStep,
    WayToHelp,
    Weekday,
    availability_bit,
)

MAX_CAPACITY = 10


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account: a volunteer, a coordinator (staff assigned to sites) or both. Logs in by e-mail."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=InterfaceLanguage,
        default=InterfaceLanguage.GERMAN,
        help_text=_("Pages and e-mails for this person use this language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def admin_language(self) -> str:
        """The language of the coordination area and of mails to a coordinator: German or English."""
        return self.language if self.language in settings.ADMIN_LANGUAGES else settings.ADMIN_LANGUAGES[0]


class Site(models.Model):
    """One of the centre's offices. Coordinators are assigned to sites and manage what belongs to them."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    street = models.CharField(_("street"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    opening_hours = models.TextField(_("opening hours"), max_length=500, blank=True)
    coordinators = models.ManyToManyField(
        User,
        verbose_name=_("coordinators"),
        related_name="coordinated_sites",
        blank=True,
        limit_choices_to={"is_staff": True},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class Volunteer(models.Model):
    """A volunteer's profile: what the centre needs to invite them to events and match them."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="volunteer")
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    municipality = models.CharField(_("municipality"), max_length=32, choices=Municipality)
    sites = models.ManyToManyField(Site, verbose_name=_("preferred sites"), related_name="volunteers", blank=True)
    availability = models.PositiveIntegerField(
        _("weekly availability"),
        default=0,
        help_text=_("Bit mask: one bit per weekday and part of the day."),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("newcomers at once"), default=1, validators=[MaxValueValidator(MAX_CAPACITY)]
    )
    about = models.TextField(_("about me"), max_length=1000, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_language = models.CharField(_("consent language"), max_length=8)
    event_reminders = models.BooleanField(
        _("event reminders"), default=True, help_text=_("Reminder e-mails before events one is signed up for.")
    )
    # A break the volunteer takes: no proposals and no reminders while it lasts (``Volunteer.unavailable_on``).
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_until = models.DateField(_("paused until"), null=True, blank=True, help_text=_("Empty: until resumed."))
    # The end of the volunteering (``services.volunteer_end``): no proposals, sign-ups or mail afterwards.
    ended_at = models.DateTimeField(_("volunteering ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=20, choices=EndReason, blank=True)
    ended_by = models.ForeignKey(
        User, verbose_name=_("ended by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The secret part of the personal calendar feed's address; a new one revokes the old address.
    calendar_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__lte=MAX_CAPACITY), name="volunteer_capacity_at_most_max"
            ),
            models.CheckConstraint(
                condition=models.Q(availability__lte=AVAILABILITY_ALL), name="volunteer_availability_valid_mask"
            ),
        ]

    def __str__(self):
        return str(self.user)

    @staticmethod
    def unavailable_on(today: date, *, path: str = "") -> models.Q:
        """Volunteers on a break on ``today`` or no longer volunteering: no proposals, reminders or mail along
        the way in. ``path`` leads to the volunteer from another model ("volunteer__")."""
        paused = models.Q(**{f"{path}paused_at__isnull": False}) & (
            models.Q(**{f"{path}paused_until__isnull": True}) | models.Q(**{f"{path}paused_until__gte": today})
        )
        return paused | models.Q(**{f"{path}ended_at__isnull": False})

    def is_paused(self, today: date) -> bool:
        return self.paused_at is not None and (self.paused_until is None or self.paused_until >= today)

    @property
    def availability_slots(self) -> list[tuple[Weekday, DayPart]]:
        return [
            (weekday, day_part)
            for weekday in Weekday
            for day_part in DayPart
            if self.availability & availability_bit(weekday, day_part)
        ]


class VolunteerLanguage(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=Language)
    level = models.CharField(_("level"), max_length=8, choices=LanguageLevel)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "language"], name="volunteer_language_unique"),
        ]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_level_display()})"


class VolunteerTopic(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("help topic"), max_length=16, choices=HelpTopic)

    class Meta:
        verbose_name = _("help topic")
        verbose_name_plural = _("help topics")
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "topic"], name="volunteer_topic_unique"),
        ]

    def __str__(self):
        return self.get_topic_display()


class PoliceCertificate(models.Model):
    """The inspection of a volunteer's extended police certificate (§72a SGB VIII), never the document.

    Deleted when the volunteer stops volunteering (§72a(5)).
    """

    volunteer = models.OneToOneField(Volunteer, on_delete=models.CASCADE, related_name="police_certificate")
    inspected_on = models.DateField(_("inspected on"))
    certificate_date = models.DateField(_("certificate dated"))
    inspected_by = models.ForeignKey(
        User, verbose_name=_("inspected by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    next_due = models.DateField(_("next inspection due"))
    cleared_for_children = models.BooleanField(
        _("cleared for work with children"), help_text=_("Yes: the certificate has no relevant entry.")
    )

    class Meta:
        verbose_name = _("police certificate inspection")
        verbose_name_plural = _("police certificate inspections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(certificate_date__lte=models.F("inspected_on")),
                name="police_certificate_dated_before_inspection",
            ),
            models.CheckConstraint(
                condition=models.Q(next_due__gt=models.F("inspected_on")), name="police_certificate_due_after"
            ),
        ]

    def __str__(self):
        return f"{self.volunteer}: {self.inspected_on:%d.%m.%Y}"

    def is_valid_for_children(self, on: date) -> bool:
        return self.cleared_for_children and on <= self.next_due


class Interest(models.Model):
    """Someone who would like to volunteer and left a way to reach them on the Mitmachen page, without an
    account. Kept only until the invitation's purpose is over: ``interests_delete_stale`` deletes it after
    ``VOLUNTEER_INTEREST_DELETE_AFTER_DAYS``."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    ways = models.JSONField(_("ways to help"), default=list)
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    language = models.CharField(_("language for e-mails"), max_length=8, choices=InterfaceLanguage)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_language = models.CharField(_("consent language"), max_length=8)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("interest in volunteering")
        verbose_name_plural = _("interests in volunteering")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def language_names(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]

    def way_names(self) -> list[str]:
        return [str(WayToHelp(way).label) for way in self.ways if way in WayToHelp.values]


class Onboarding(models.Model):
    """One person's way in, from first interest to the follow-up talk after their first assignment.

    It starts with an interest entry (the Mitmachen form) or with an account that has none, and follows the
    person when their account is linked to the entry. ``step`` is the furthest step reached, since
    ``step_reached_at``; each step's date and who moved it are kept in ``OnboardingMilestone``. When the
    interest entry is deleted and there is no account, the path stays without a person, for the statistics.
    """

    interest = models.OneToOneField(
        Interest, on_delete=models.SET_NULL, null=True, blank=True, related_name="onboarding"
    )
    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="onboarding")
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    needs_certificate = models.BooleanField(
        _("needs a police certificate"),
        default=False,
        help_text=_("The chosen work brings contact with children (§72a SGB VIII)."),
    )
    step = models.CharField(_("step"), max_length=20, choices=OnboardingStep, default=OnboardingStep.INTERESTED)
    step_reached_at = models.DateTimeField(_("at this step since"))
    started_at = models.DateTimeField(_("started"), db_index=True)

    class Meta:
        verbose_name = _("way in")
        verbose_name_plural = _("ways in")
        indexes = [models.Index(fields=["step", "step_reached_at"], name="onboarding_step")]

    def __str__(self):
        return self.name or str(_("(deleted)"))

    @property
    def name(self) -> str:
        """The account's name once the profile gives one, before that the name on the interest entry."""
        if self.user_id and self.user.get_full_name():
            return self.user.get_full_name()
        if self.interest_id:
            return self.interest.name
        return self.user.email if self.user_id else ""

    @property
    def contact_email(self) -> str:
        if self.user_id:
            return self.user.email
        return self.interest.email if self.interest_id else ""

    @property
    def contact_language(self) -> str:
        if self.user_id:
            return self.user.language
        return self.interest.language if self.interest_id else InterfaceLanguage.GERMAN

    @property
    def next_step(self) -> OnboardingStep | None:
        return OnboardingStep(self.step).following(needs_certificate=self.needs_certificate)


class OnboardingMilestone(models.Model):
    """A step reached on someone's way in: when, and who moved it (empty: the portal, from attendance or an
    accepted match)."""

    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="milestones")
    step = models.CharField(_("step"), max_length=20, choices=OnboardingStep)
    reached_at = models.DateTimeField(_("reached"))
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("set by")
    )

    class Meta:
        verbose_name = _("step reached")
        verbose_name_plural = _("steps reached")
        ordering = ["reached_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["onboarding", "step"], name="onboarding_step_once"),
        ]
        indexes = [models.Index(fields=["reached_at"], name="onboarding_milestone_reached")]

    def __str__(self):
        return self.get_step_display()
