"""Writes of the way in: interest entries and each person's steps from first interest to the follow-up talk."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox.selectors import MailKey, mail_queued_keys
from outbox.services import mail_queue, outbox_dispatch
from volunteers.enums import LegalTextKind, OnboardingStep, WayToHelp
from volunteers.models import (
    Interest,
    Onboarding,
    OnboardingMilestone,
    Site,
    User,
    Volunteer,
)
from volunteers.selectors import legal_text_current, onboardings_follow_up_due, site_coordinators
from volunteers.services.legal import LegalTextError
from volunteers.services.profiles import user_language_update


@transaction.atomic
def interest_create(
    *,
    name: str,
    email: str,
    phone: str,
    languages: Iterable[str],
    ways: Iterable[str],
    site: Site | None,
    language: str,
) -> Interest:
    """Someone's interest in volunteering, from the Mitmachen page, with their consent (given in ``language``).

    Their way in starts here; the invitation to an information evening follows (``events.invite_interested``).
    """
    interest = Interest.objects.create(
        name=name,
        email=email,
        phone=phone,
        languages=list(languages),
        ways=list(ways),
        site=site,
        language=language,
        consent_version=_interest_consent_version(language),
        consent_given_at=timezone.now(),
        consent_language=language,
    )
    _onboarding_start(
        interest=interest,
        site=site,
        # Accompanying newcomers brings contact with their children; coordinators may change this.
        needs_certificate=WayToHelp.ACCOMPANY in interest.ways,
    )
    return interest


def _interest_consent_version(language: str) -> str:
    current = legal_text_current(kind=LegalTextKind.INTEREST_CONSENT, language=language)
    if current is None:
        raise LegalTextError("No consent text for the Mitmachen form has been published.")
    return current.version


@transaction.atomic
def interests_delete_stale(*, now: datetime | None = None) -> int:
    """Delete the interest entries older than ``VOLUNTEER_INTEREST_DELETE_AFTER_DAYS``: their purpose, an
    invitation to start, is over. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.VOLUNTEER_INTEREST_DELETE_AFTER_DAYS)
    deleted, _per_model = Interest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _onboarding_start(
    *, interest: Interest | None = None, user: User | None = None, site: Site | None, needs_certificate: bool
) -> Onboarding:
    now = timezone.now()
    onboarding = Onboarding.objects.create(
        interest=interest,
        user=user,
        site=site,
        needs_certificate=needs_certificate,
        step=OnboardingStep.INTERESTED,
        step_reached_at=now,
        started_at=now,
    )
    OnboardingMilestone.objects.create(onboarding=onboarding, step=OnboardingStep.INTERESTED, reached_at=now)
    return onboarding


@transaction.atomic
def onboarding_link_account(*, user: User, language: str) -> Onboarding | None:
    """A new account's address is confirmed: it continues the way in that an interest entry with the same
    address began (nothing is typed again), or starts one. ``language`` is the one the person confirmed in;
    their mail follows it.

    Staff and volunteers who had a profile before the way in existed are not put on it.
    """
    if user.is_staff or Onboarding.objects.filter(user=user).exists() or Volunteer.objects.filter(user=user).exists():
        return None
    user_language_update(user=user, language=language)
    onboarding = (
        Onboarding.objects.select_for_update()
        .filter(user=None, interest__email__iexact=user.email)
        .order_by("-started_at")
        .first()
    )
    if onboarding is None:
        return _onboarding_start(user=user, site=None, needs_certificate=False)
    onboarding.user = user
    onboarding.save(update_fields=["user"])
    return onboarding


@transaction.atomic
def onboarding_reach(
    *, onboarding: Onboarding, step: OnboardingStep, by: User | None = None, at: datetime | None = None
) -> bool:
    """Record that someone reached a step (by a coordinator, or by the portal when ``by`` is None).

    A step is recorded once, with its first date. Steps may come out of order (a training before the
    information evening): the path stands at the furthest step reached. Reaching the first assignment
    sends the welcome. Returns whether the step was new.
    """
    onboarding = Onboarding.objects.select_for_update(of=("self",)).select_related("user").get(pk=onboarding.pk)
    at = at or timezone.now()
    _milestone, created = OnboardingMilestone.objects.get_or_create(
        onboarding=onboarding, step=step, defaults={"reached_at": at, "by": by}
    )
    if not created:
        return False
    if OnboardingStep(step).rank > OnboardingStep(onboarding.step).rank:
        onboarding.step = step
        onboarding.step_reached_at = at
        onboarding.save(update_fields=["step", "step_reached_at"])
    if step == OnboardingStep.FIRST_ASSIGNMENT and onboarding.user_id:
        mail_queue(
            cause=f"volunteers.onboarding:{onboarding.pk}",
            recipient=onboarding.user.email,
            kind="volunteers.welcome",
            language=onboarding.user.language,
            template="volunteers/mail/welcome",
            context={"user": onboarding.user},
            site_id=onboarding.site_id,
        )
    return True


def onboarding_reach_for(
    *,
    user: User | None = None,
    interest: Interest | None = None,
    step: OnboardingStep,
    by: User | None = None,
    at: datetime | None = None,
) -> bool:
    """``onboarding_reach`` for the way in of an account or an interest entry, if they are on one."""
    if user is not None:
        onboarding = Onboarding.objects.filter(user=user).first()
    elif interest is not None:
        onboarding = Onboarding.objects.filter(interest=interest).first()
    else:
        return False
    return onboarding is not None and onboarding_reach(onboarding=onboarding, step=step, by=by, at=at)


def onboardings_follow_up_remind(*, now: datetime | None = None) -> int:
    """Tell the coordinators of a new volunteer's site (both sites' when none is chosen) that the follow-up talk
    is due, about four weeks after the first assignment (``ONBOARDING_FOLLOW_UP_AFTER_DAYS``). Once per person
    and coordinator, until the talk is noted. Returns the number of mails queued."""
    due = list(onboardings_follow_up_due(Onboarding.objects.all(), now=now).select_related("user", "site"))
    coordinators = site_coordinators()
    mails = {
        MailKey(f"volunteers.onboarding:{onboarding.pk}", coordinator.email, "volunteers.follow_up_due"): (
            onboarding,
            coordinator,
        )
        for onboarding in due
        for coordinator in coordinators.of(onboarding.site_id)
    }
    already = mail_queued_keys(keys=mails)
    queued = 0
    for key, (onboarding, coordinator) in mails.items():
        if key in already:
            continue
        mail = mail_queue(
            **key._asdict(),
            language=coordinator.admin_language,
            template="volunteers/mail/follow_up_due",
            context={"onboarding": onboarding, "coordinator": coordinator},
            site_id=onboarding.site_id,
            dispatch=False,
        )
        queued += mail is not None
    if queued:
        outbox_dispatch()
    return queued
