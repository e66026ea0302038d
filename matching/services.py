"""Writes of the matching app. Every step of a request's life is logged (RequestLog)."""

import re
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import ContactMethod, LogAction, MatchStatus, Outcome, RequestStatus
from matching.models import HelpRequest, Match, RequestLog
from outbox.services import mail_queue, outbox_dispatch
from volunteers.enums import HourKind, LegalTextKind, OnboardingStep
from volunteers.models import HourEntry, Site, User, Volunteer
from volunteers.selectors import legal_text_current, site_coordinators
from volunteers.services import LegalTextError, hours_log, onboarding_reach_for

REFERENCE_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B, 2/Z)


class MatchError(Exception):
    """A step that is not possible in the request's current state; the message is for the user."""


def _log(request: HelpRequest, action: str, user: User | None = None, note: str = "") -> None:
    RequestLog.objects.create(request=request, user=user, action=action, note=note[:200])


def _new_reference() -> str:
    while True:
        reference = "MM-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not HelpRequest.objects.filter(reference=reference).exists():
            return reference


def _consent_version(language: str) -> str:
    """The version of the consent text the form showed (the current one, from the volunteers app's legal texts)."""
    current = legal_text_current(kind=LegalTextKind.REQUEST_CONSENT, language=language)
    if current is None:
        raise LegalTextError("No consent text for requests has been published.")
    return current.version


@transaction.atomic
def request_submit(
    *,
    first_name: str,
    contact_method: str,
    phone: str,
    email: str,
    counselling_service: str,
    submitted_by_counsellor: bool,
    municipality: str,
    site: Site | None,
    languages: list[str],
    topics: list[str],
    availability: int,
    gender_preference: str,
    children_involved: bool,
    message: str,
    language: str,
) -> HelpRequest:
    """Store a newcomer's request with their consent; confirm by mail when they gave an address.

    Only the way of contact they chose is kept: the other contact fields are dropped.
    """
    request = HelpRequest.objects.create(
        reference=_new_reference(),
        first_name=first_name,
        contact_method=contact_method,
        phone=phone if contact_method == ContactMethod.PHONE else "",
        email=email if contact_method == ContactMethod.EMAIL else "",
        counselling_service=counselling_service if contact_method == ContactMethod.COUNSELLING else "",
        submitted_by_counsellor=submitted_by_counsellor,
        municipality=municipality,
        site=site,
        languages=sorted(languages),
        topics=sorted(topics),
        availability=availability,
        gender_preference=gender_preference,
        children_involved=children_involved,
        message=message,
        language=language,
        consent_version=_consent_version(language),
        consent_given_at=timezone.now(),
        consent_language=language,
    )
    _log(request, LogAction.SUBMITTED)
    if request.email:
        mail_queue(
            cause=f"matching.request:{request.pk}",
            recipient=request.email,
            kind="matching.received",
            language=language,
            template="matching/mail/received",
            context={"request": request, "sites": list(Site.objects.order_by("name"))},
            site_id=request.site_id,
        )
    return request


def request_log_view(*, request: HelpRequest, user: User, action: str = LogAction.VIEWED) -> None:
    """Record that someone saw the request's personal data."""
    _log(request, action, user)


@transaction.atomic
def match_propose(
    *, request: HelpRequest, volunteer: Volunteer, by: User, score: float = 0, reasons: list[str] | None = None
) -> Match:
    """Propose the request to a volunteer, who is told by mail and answers in their area of the portal."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.NEW:
        raise MatchError(_("This request is not open for a proposal."))
    if Match.objects.filter(request=request, volunteer=volunteer).exists():
        raise MatchError(_("This volunteer has already been asked for this request."))
    if volunteer.ended_at:
        raise MatchError(_("This volunteer has ended their volunteering."))
    if volunteer.is_paused(timezone.localdate()):
        raise MatchError(_("This volunteer is taking a break."))
    match = Match.objects.create(
        request=request, volunteer=volunteer, proposed_by=by, score=score, reasons=reasons or []
    )
    request.status = RequestStatus.PROPOSED
    request.save(update_fields=["status"])
    _log(request, LogAction.PROPOSED, by, note=str(volunteer))
    mail_queue(
        cause=f"matching.match:{match.pk}",
        recipient=volunteer.user.email,
        kind="matching.proposed",
        language=volunteer.user.language,
        template="matching/mail/proposed",
        context={"match": match, "volunteer": volunteer},
        site_id=request.site_id,
    )
    return match


def _proposal_answer(match: Match, status: MatchStatus) -> Match:
    """The volunteer's answer to a proposal, on the locked row: one answer only."""
    match = Match.objects.select_for_update(of=("self",)).select_related("request", "volunteer__user").get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise MatchError(_("This proposal is no longer open."))
    match.status = status
    match.responded_at = timezone.now()
    match.save(update_fields=["status", "responded_at"])
    return match


@transaction.atomic
def match_accept(*, match: Match) -> Match:
    """The volunteer takes the request on: the help begins, and the newcomer hears of it in their language.
    For a new volunteer it is the first assignment on their way in."""
    match = _proposal_answer(match, MatchStatus.ACTIVE)
    request = match.request
    request.status = RequestStatus.ACTIVE
    request.save(update_fields=["status"])
    _log(request, LogAction.ACCEPTED, match.volunteer.user)
    onboarding_reach_for(user=match.volunteer.user, step=OnboardingStep.FIRST_ASSIGNMENT)
    if request.email:
        mail_queue(
            cause=f"matching.match:{match.pk}",
            recipient=request.email,
            kind="matching.accepted",
            language=request.language,
            template="matching/mail/accepted",
            context={"request": request, "match": match},
            site_id=request.site_id,
        )
    return match


@transaction.atomic
def match_hours_log(*, match: Match, day: date, hours: Decimal, activity: str) -> HourEntry:
    """A helper logs time spent with the newcomer of their active match, for the coordinators of the
    request's site to confirm. What was done is one line, without the newcomer's name."""
    if match.status != MatchStatus.ACTIVE or match.volunteer_id is None:
        raise MatchError(_("This help has ended. Please ask the coordinators to add the time."))
    if match.responded_at and day < timezone.localdate(match.responded_at):
        raise MatchError(_("This date lies before you took this request on."))
    first_name = match.request.first_name
    # As a word: "Ali" is in "Qualifikation", and the newcomer is not.
    if len(first_name) >= 3 and re.search(rf"\b{re.escape(first_name)}\b", activity, re.IGNORECASE):
        raise MatchError(_("Please describe what you did without the newcomer's name."))
    return hours_log(
        volunteer=match.volunteer,
        site=match.request.site,
        kind=HourKind.ACCOMPANYING,
        day=day,
        hours=hours,
        activity=activity,
        source=f"match:{match.pk}",
    )


@transaction.atomic
def match_decline(*, match: Match) -> Match:
    """The volunteer cannot take it on: the request is open again for the coordinators."""
    match = _proposal_answer(match, MatchStatus.DECLINED)
    HelpRequest.objects.filter(pk=match.request_id).update(status=RequestStatus.NEW)
    _log(match.request, LogAction.DECLINED, match.volunteer.user)
    return match


@transaction.atomic
def matches_hand_back(*, volunteer: Volunteer, by: User) -> list[HelpRequest]:
    """A volunteer's volunteering ends: their open proposals and running matches close, each request is open
    again, and the coordinators of its site are told that it needs a new helper. Returns the requests."""
    matches = Match.objects.select_for_update(of=("self",)).filter(
        volunteer=volunteer, status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE]
    )
    now = timezone.now()
    coordinators = site_coordinators()
    requests = []
    for match in matches.select_related("request"):
        request = match.request
        Match.objects.filter(pk=match.pk).update(status=MatchStatus.CLOSED, closed_at=now)
        HelpRequest.objects.filter(pk=request.pk).update(status=RequestStatus.NEW)
        _log(request, LogAction.HANDED_BACK, by)
        for coordinator in coordinators.of(request.site_id):
            mail_queue(
                cause=f"matching.match:{match.pk}",
                recipient=coordinator.email,
                kind="matching.handed_back",
                language=coordinator.admin_language,
                template="matching/mail/handed_back",
                context={"request": request, "volunteer": volunteer, "was_active": match.status == MatchStatus.ACTIVE},
                site_id=request.site_id,
            )
        requests.append(request)
    return requests


def volunteer_forget(*, volunteer: Volunteer) -> None:
    """A volunteer's account is being deleted: the logs of the requests proposed to them stop naming them. Their
    matches stay for the statistics; the database empties ``volunteer`` on them."""
    RequestLog.objects.filter(
        request__matches__volunteer=volunteer, note__in=[str(volunteer), volunteer.user.email]
    ).update(note="")


def _end(request: HelpRequest, *, status: str, action: str, by: User, outcome: str = "", feedback: str = "") -> None:
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status in (RequestStatus.CLOSED, RequestStatus.REJECTED):
        raise MatchError(_("This request has already ended."))
    now = timezone.now()
    Match.objects.filter(request=request, status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE]).update(
        status=MatchStatus.CLOSED, closed_at=now
    )
    HelpRequest.objects.filter(pk=request.pk).update(status=status, outcome=outcome, feedback=feedback, ended_at=now)
    _log(request, action, by)


@transaction.atomic
def request_close(*, request: HelpRequest, outcome: str, feedback: str = "", by: User) -> None:
    """End the help (or the attempt) with an outcome; a running match ends with it."""
    _end(request, status=RequestStatus.CLOSED, action=LogAction.CLOSED, by=by, outcome=outcome, feedback=feedback)


@transaction.atomic
def request_reject(*, request: HelpRequest, by: User) -> None:
    """Not a request the centre can take on (spam, a duplicate, outside the county)."""
    _end(request, status=RequestStatus.REJECTED, action=LogAction.REJECTED, by=by)


def requests_anonymise_due(*, now: datetime | None = None) -> int:
    """Blank the personal data of requests that ended more than MATCHING_ANONYMISE_AFTER_DAYS ago.

    What the statistics need stays: site, municipality, languages, topics, dates, status and outcome.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MATCHING_ANONYMISE_AFTER_DAYS)
    due = HelpRequest.objects.filter(
        status__in=[RequestStatus.CLOSED, RequestStatus.REJECTED], ended_at__lt=cutoff, anonymised_at__isnull=True
    )
    count = 0
    for request in due.iterator():
        with transaction.atomic():
            _anonymise(request, now=now)
        count += 1
    return count


def _anonymise(request: HelpRequest, *, now: datetime) -> None:
    HelpRequest.objects.filter(pk=request.pk).update(
        first_name="",
        phone="",
        email="",
        counselling_service="",
        message="",
        feedback="",
        availability=0,
        gender_preference="",
        anonymised_at=now,
    )
    Match.objects.filter(request=request).update(reasons=[])
    _log(request, LogAction.ANONYMISED)


@transaction.atomic
def request_withdraw(*, request: HelpRequest, by: User | None = None) -> None:
    """The newcomer takes the request back (on the withdrawal page, or on the phone with a coordinator, ``by``):
    an open proposal or match ends, its volunteer is told without details, and the request is anonymised at once,
    since its purpose is over."""
    helpers = [
        match.volunteer
        for match in Match.objects.filter(
            request=request, status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE], volunteer__isnull=False
        ).select_related("volunteer__user")
    ]
    _end(request, status=RequestStatus.CLOSED, action=LogAction.WITHDRAWN, by=by, outcome=Outcome.WITHDRAWN)
    for volunteer in helpers:
        mail_queue(
            cause=f"matching.request:{request.pk}",
            recipient=volunteer.user.email,
            kind="matching.withdrawn",
            language=volunteer.user.language,
            template="matching/mail/withdrawn",
            context={"volunteer": volunteer, "reference": request.reference},
            site_id=request.site_id,
        )
    _anonymise(request, now=timezone.now())


def checkins_queue_due(*, now: datetime | None = None) -> int:
    """Ask helpers how it goes, four weeks into an active match (once per match)."""
    now = now or timezone.now()
    due = Match.objects.filter(
        status=MatchStatus.ACTIVE, responded_at__lte=now - timedelta(days=settings.MATCHING_CHECKIN_AFTER_DAYS)
    ).select_related("request", "volunteer__user")
    queued = 0
    for match in due.exclude(volunteer=None):
        mail = mail_queue(
            cause=f"matching.match:{match.pk}",
            recipient=match.volunteer.user.email,
            kind="matching.checkin",
            occurrence=f"{settings.MATCHING_CHECKIN_AFTER_DAYS}d",
            language=match.volunteer.user.language,
            template="matching/mail/checkin",
            context={"match": match, "volunteer": match.volunteer},
            site_id=match.request.site_id,
            dispatch=False,
        )
        queued += mail is not None
    if queued:
        outbox_dispatch()
    return queued
