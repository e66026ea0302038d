"""Mails along a new volunteer's way in that point to events: the invitation to an information evening, and
the nudge to someone who has waited at one step longer than ``ONBOARDING_NUDGE_AFTER_DAYS``.

The way in itself (``volunteers.Onboarding``) belongs to the volunteers app; what attendance completes is
recorded by ``signup_attendance_mark``. People on a break or whose volunteering ended get no mail along the
way (``volunteers.selectors.onboardings_reachable``).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from events import selectors
from events.models import Event
from events.services._mail import invitation_token
from outbox.models import Mail
from outbox.selectors import MailKey, mail_queued_keys
from outbox.services import mail_queue, outbox_dispatch
from volunteers.enums import OnboardingStep
from volunteers.models import Onboarding, User
from volunteers.selectors import onboardings_reachable
from volunteers.services import onboarding_reach

# The steps at which someone waits for something they can do themselves (at the others the centre acts).
NUDGE_STEPS = [
    OnboardingStep.INVITED,
    OnboardingStep.INFO_EVENING,
    OnboardingStep.TRAINING,
    OnboardingStep.CERTIFICATE,
]


def _mail_key(onboarding: Onboarding, kind: str, occurrence: str) -> MailKey:
    return MailKey(f"volunteers.onboarding:{onboarding.pk}", onboarding.contact_email, kind, occurrence)


def _context(onboarding: Onboarding) -> dict:
    """What every mail along the way needs: whom it greets, and, without an account, the address at which
    they sign up for an information evening (in their language)."""
    context = {
        "name": onboarding.name,
        "has_account": bool(onboarding.user_id),
        "language": onboarding.contact_language,
    }
    if not onboarding.user_id:
        context["invitation_token"] = invitation_token(onboarding)
    return context


def onboarding_invite(
    *, onboarding: Onboarding, by: User | None = None, occurrence: str = "", evenings: list[Event] | None = None
) -> Mail | None:
    """Invite someone to the coming information evenings (``evenings``, read here when not given), and record
    the step. Nothing happens while no evening is open for sign-up: the invitation waits for one
    (``invitations_queue``)."""
    if evenings is None:
        evenings = selectors.info_evenings_coming(site_id=onboarding.site_id)
    if not evenings:
        return None
    key = _mail_key(onboarding, "events.invitation", occurrence)
    mail = mail_queue(
        **key._asdict(),
        language=onboarding.contact_language,
        template="events/mail/invitation",
        context={**_context(onboarding), "events": evenings},
        site_id=onboarding.site_id,
    )
    onboarding_reach(onboarding=onboarding, step=OnboardingStep.INVITED, by=by)
    return mail


def invitations_queue(*, now: datetime | None = None) -> int:
    """Invite everyone who showed interest and has no invitation yet (the beat task every five minutes).
    Returns the number of mails queued."""
    now = now or timezone.now()
    waiting = onboardings_reachable(
        Onboarding.objects.filter(step=OnboardingStep.INTERESTED), today=timezone.localdate(now)
    )
    evenings_by_site: dict[int | None, list[Event]] = {}  # read once per site, not once per person
    queued = 0
    for onboarding in waiting.order_by("id"):
        if onboarding.site_id not in evenings_by_site:
            evenings_by_site[onboarding.site_id] = selectors.info_evenings_coming(site_id=onboarding.site_id)
        evenings = evenings_by_site[onboarding.site_id]
        queued += onboarding_invite(onboarding=onboarding, evenings=evenings) is not None
    return queued


def onboarding_nudge(*, onboarding: Onboarding, occurrence: str, dispatch: bool = True) -> Mail | None:
    """Remind someone of what comes next on their way in, with the coming dates where they can act."""
    next_step = onboarding.next_step
    context = {**_context(onboarding), "next_step": next_step}
    if next_step == OnboardingStep.INFO_EVENING:
        context["events"] = selectors.info_evenings_coming(site_id=onboarding.site_id)
    elif next_step == OnboardingStep.TRAINING:
        context["events"] = selectors.basic_trainings_coming(site_id=onboarding.site_id)
    key = _mail_key(onboarding, "events.onboarding_nudge", occurrence)
    return mail_queue(
        **key._asdict(),
        language=onboarding.contact_language,
        template="events/mail/onboarding_nudge",
        context=context,
        site_id=onboarding.site_id,
        dispatch=dispatch,
    )


def nudges_queue(*, now: datetime | None = None) -> int:
    """Nudge everyone who has waited at one step longer than ``ONBOARDING_NUDGE_AFTER_DAYS``: once per step
    (the beat task every hour). Returns the number of mails queued."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ONBOARDING_NUDGE_AFTER_DAYS)
    waiting = onboardings_reachable(
        Onboarding.objects.filter(step__in=NUDGE_STEPS, step_reached_at__lte=cutoff), today=timezone.localdate(now)
    )
    keys = {
        _mail_key(onboarding, "events.onboarding_nudge", onboarding.step): onboarding
        for onboarding in waiting.order_by("id")
    }
    already = mail_queued_keys(keys=keys)
    queued = 0
    for key, onboarding in keys.items():
        if key not in already:
            queued += onboarding_nudge(onboarding=onboarding, occurrence=key.occurrence, dispatch=False) is not None
    if queued:
        outbox_dispatch()
    return queued
