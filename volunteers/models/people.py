"""Accounts, sites, volunteer profiles and the inspection of police certificates."""

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
    consent_language = models.CharField(_("consent language"), max_length=8, choices=InterfaceLanguage)
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
    # For the Ehrenamtskarte's years of engagement: when someone started before their first hours in the portal.
    engaged_since = models.DateField(
        _("volunteering with the centre since"),
        null=True,
        blank=True,
        help_text=_("Only for work before the portal recorded hours; otherwise the first confirmed hours count."),
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
