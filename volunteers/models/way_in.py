"""The way in: interest entries from the Mitmachen page and each person's steps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from volunteers.enums import (
    InterfaceLanguage,
    Language,
    OnboardingStep,
    WayToHelp,
)
from volunteers.models.people import Site, User


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
    consent_language = models.CharField(_("consent language"), max_length=8, choices=InterfaceLanguage)
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
