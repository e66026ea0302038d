"""Reads of the matching app: the candidates for a request, narrowed in SQL by the hard criteria and then
scored in Python (the package matching/ranking/).

For one request, ``suggestions_for`` lets the database score every candidate with the same formula
(``matching.ranking.shortlist``), loads the few best, and has ``matching.ranking.rank`` rank those and write the
reasons. For a batch, ``batch_proposal`` loads every volunteer with a free place and hands them to
``matching.ranking.assign_batch``, and keeps the result for a while.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from events.models import Qualification
from matching.enums import ContactMethod, MatchStatus, RequestStatus
from matching.models import HelpRequest, Match
from matching.ranking import OPEN_MATCH, Candidate, Need, Ranked, Weights, assign_batch, rank, score, shortlist
from volunteers.enums import LanguageLevel
from volunteers.models import PoliceCertificate, Volunteer, VolunteerLanguage, VolunteerTopic


def matches_open(*, volunteer: Volunteer) -> list[tuple[int, str, str]]:
    """The volunteer's proposals waiting for an answer and their active matches as (id, status, the request's
    reference), oldest first, in one query and without personal data: the dashboard counts the first and
    offers the second for logging hours."""
    return list(
        Match.objects.filter(volunteer=volunteer, status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE])
        .order_by("proposed_at", "pk")
        .values_list("pk", "status", "request__reference")
    )


def weights() -> Weights:
    """The ranking weights, as settings.MATCHING_WEIGHTS overrides them."""
    overrides = getattr(settings, "MATCHING_WEIGHTS", {})
    known = {field.name for field in fields(Weights)}
    return Weights(**{name: value for name, value in overrides.items() if name in known})


def need_for(request: HelpRequest) -> Need:
    return Need(
        request_id=request.pk,
        languages=frozenset(request.languages),
        topics=frozenset(request.topics),
        municipality=request.municipality,
        site_id=request.site_id,
        availability=request.availability,
        gender_preference=request.gender_preference,
        children=request.children_involved,
    )


def candidate_volunteers(
    *, need: Need | None, today: date | None = None, volunteer_ids: list[int] | None = None
) -> QuerySet[Volunteer]:
    """Volunteers not on a break who meet the hard criteria that SQL checks cheaply: for a given need, a shared usable
    language, the stated gender, and a valid police certificate when children are involved. (Free places
    are checked against the open matches in ``candidates_for``.)"""
    today = today or timezone.localdate()
    volunteers = Volunteer.objects.exclude(Volunteer.unavailable_on(today))
    if volunteer_ids is not None:
        volunteers = volunteers.filter(pk__in=volunteer_ids)
    if need is None:
        return volunteers
    usable = VolunteerLanguage.objects.filter(
        volunteer=OuterRef("pk"), language__in=need.languages, level__in=LanguageLevel.usable()
    )
    volunteers = volunteers.filter(Exists(usable))
    if need.gender_preference:
        volunteers = volunteers.filter(gender=need.gender_preference)
    if need.children:
        volunteers = volunteers.filter(
            police_certificate__cleared_for_children=True, police_certificate__next_due__gte=today
        )
    return volunteers


def candidates_for(
    *, need: Need | None, today: date | None = None, volunteer_ids: list[int] | None = None
) -> list[Candidate]:
    """The candidates as the ranking needs them (all with a free place when ``need`` is None).

    Seven queries, whatever their number. For one need only the languages and topics that matter to it
    are loaded: the ranking looks at no others.
    """
    today = today or timezone.localdate()
    volunteers = candidate_volunteers(need=need, today=today, volunteer_ids=volunteer_ids)
    # The per-volunteer figures, for the chosen volunteers only when there is a choice.
    chosen = Q() if volunteer_ids is None else Q(volunteer_id__in=volunteer_ids)
    active = dict(
        Match.objects.filter(chosen, status__in=OPEN_MATCH, volunteer__isnull=False)
        .values("volunteer_id")
        .annotate(n=Count("id"))
        .values_list("volunteer_id", "n")
    )
    trained = dict(
        Qualification.objects.filter(chosen, Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("volunteer_id")
        .annotate(n=Count("id"))
        .values_list("volunteer_id", "n")
    )
    cleared = set(
        PoliceCertificate.objects.filter(chosen, cleared_for_children=True, next_due__gte=today).values_list(
            "volunteer_id", flat=True
        )
    )
    rows = [
        row
        for row in volunteers.values_list(
            "pk", "user__first_name", "user__last_name", "municipality", "availability", "gender", "capacity"
        )
        if row[6] > active.get(row[0], 0)
    ]
    # Of the chosen volunteers by id, as the figures above: a subquery of the candidates cost more to build.
    languages_of = VolunteerLanguage.objects.filter(chosen)
    topics_of = VolunteerTopic.objects.filter(chosen)
    if need is not None:
        languages_of = languages_of.filter(language__in=need.languages)
        topics_of = topics_of.filter(topic__in=need.topics)
    languages: dict[int, dict[str, str]] = defaultdict(dict)
    for pk, language, level in languages_of.values_list("volunteer_id", "language", "level"):
        languages[pk][language] = level
    topics: dict[int, set[str]] = defaultdict(set)
    for pk, topic in topics_of.values_list("volunteer_id", "topic"):
        topics[pk].add(topic)
    sites: dict[int, set[int]] = defaultdict(set)
    for pk, site_id in Volunteer.sites.through.objects.filter(chosen).values_list("volunteer_id", "site_id"):
        sites[pk].add(site_id)
    return [
        Candidate(
            volunteer_id=pk,
            name=f"{first_name} {last_name}".strip(),
            languages=languages[pk],
            topics=frozenset(topics[pk]),
            municipality=municipality,
            site_ids=frozenset(sites[pk]),
            availability=availability,
            gender=gender,
            capacity=capacity,
            active=active.get(pk, 0),
            valid_for_children=pk in cleared,
            qualifications=trained.get(pk, 0),
        )
        for pk, first_name, last_name, municipality, availability, gender, capacity in rows
    ]


def suggestions_for(*, request: HelpRequest, limit: int = 10) -> list[Ranked]:
    """The best-fitting volunteers for one request, with their reasons; those already asked left out."""
    need = need_for(request)
    return ranked_for(need=need, limit=limit)


def ranked_for(*, need: Need, limit: int, today: date | None = None) -> list[Ranked]:
    """The ``limit`` best volunteers for a need (without those already asked for its request), best first.

    The database scores every candidate and returns the best ids; ``rank`` then orders those same candidates
    by the reference formula and writes their reasons, so the result equals ``rank`` over all candidates
    (tests/matching/test_ranking_db.py compares them).
    """
    today = today or timezone.localdate()
    current = weights()
    ids = shortlist(need=need, weights=current, limit=limit, today=today)
    return rank(need, candidates_for(need=need, today=today, volunteer_ids=ids), current, limit=limit)


def fit_for(*, request: HelpRequest, volunteer_id: int) -> Ranked | None:
    """How one volunteer fits one request, or None when they miss a hard criterion."""
    need = need_for(request)
    ranked = rank(need, candidates_for(need=need, volunteer_ids=[volunteer_id]), weights())
    return ranked[0] if ranked else None


@dataclass(frozen=True)
class BatchProposal:
    """The best overall assignment of a set of open requests as computed at one moment: for each request matched,
    the volunteer proposed, as they were then."""

    computed_at: datetime
    volunteers: dict[int, Candidate]  # request id -> the volunteer proposed for it


def batch_proposal(*, open_requests: list[HelpRequest], fresh: bool = False) -> BatchProposal:
    """The best overall assignment of these open requests (capacities respected, nobody asked twice).

    Computing it takes about a second at full scale (bench/matching.py), far more than an admin page may take, so
    it is kept in the shared cache for ``MATCHING_BATCH_KEEP_SECONDS``, under the set of requests it covers: a
    request arriving, proposed or reopened makes another set and so a new computation. A volunteer's change
    shows after that time, or at once with ``fresh``; proposing checks each pair against the data of the moment
    (``fit_for``).
    """
    ids = ",".join(str(request.pk) for request in sorted(open_requests, key=lambda request: request.pk))
    key = f"matching:batch:{hashlib.sha256(ids.encode()).hexdigest()}"
    proposal = None if fresh else cache.get(key)
    if proposal is None:
        proposal = _batch_compute(open_requests)
        cache.set(key, proposal, settings.MATCHING_BATCH_KEEP_SECONDS)
    return proposal


def _batch_compute(open_requests: list[HelpRequest]) -> BatchProposal:
    needs = [need_for(request) for request in open_requests]
    candidates = {candidate.volunteer_id: candidate for candidate in candidates_for(need=None)}
    asked: dict[int, set[int]] = defaultdict(set)
    earlier = Match.objects.filter(request__in=[need.request_id for need in needs], volunteer__isnull=False)
    for request_id, volunteer_id in earlier.values_list("request_id", "volunteer_id"):
        asked[request_id].add(volunteer_id)
    assignment = assign_batch(needs, list(candidates.values()), weights(), asked=asked)
    return BatchProposal(
        computed_at=timezone.now(),
        volunteers={request_id: candidates[volunteer_id] for request_id, volunteer_id in assignment.items()},
    )


def batch_fits(proposal: BatchProposal, requests: list[HelpRequest]) -> list[tuple[HelpRequest, Ranked]]:
    """Each of these requests with the volunteer proposed for it, their score and the reasons in the active
    language (written for the page shown only: for hundreds of rows they took most of a second)."""
    current = weights()
    fits = []
    for request in requests:
        volunteer = proposal.volunteers[request.pk]
        points, reasons = score(need_for(request), volunteer, current)
        fits.append(
            (request, Ranked(volunteer_id=volunteer.volunteer_id, name=volunteer.name, score=points, reasons=reasons))
        )
    return fits


def _contact_key(value: str) -> str:
    """A way of contact as it compares: without case and extra spaces (phone numbers are in E.164 form on both
    sides: ``check_phone`` stored them so, and ``WithdrawForm`` writes the visitor's so)."""
    return " ".join(value.split()).casefold()


def request_for_withdrawal(*, reference: str, contact: str) -> HelpRequest | None:
    """The open request with this number whose way of contact is ``contact`` (the phone number or e-mail address
    given, or the counselling service's name); None otherwise, whichever of the two did not fit."""
    request = HelpRequest.objects.filter(
        reference=reference.strip().upper(),
        status__in=[RequestStatus.NEW, RequestStatus.PROPOSED, RequestStatus.ACTIVE],
        anonymised_at__isnull=True,
    ).first()
    if request is None:
        return None
    given = {
        ContactMethod.PHONE: request.phone,
        ContactMethod.EMAIL: request.email,
        ContactMethod.COUNSELLING: request.counselling_service,
    }.get(request.contact_method, "")
    return request if given and _contact_key(given) == _contact_key(contact) else None


def matches_of(*, volunteer: Volunteer) -> QuerySet[Match]:
    """A volunteer's matches with their requests' references, never the newcomer's data (their data page)."""
    return volunteer.matches.select_related("request").only(
        "status", "proposed_at", "responded_at", "closed_at", "request__reference"
    )


# The coordinators' desk (machmit/desk.py): each narrows the requests a coordinator may see to those of one line,
# the same function for the count on the desk and the list it links to (matching.admin.RequestDeskFilter).


def requests_new(requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    """Requests waiting for a helper to be proposed."""
    return requests.filter(status=RequestStatus.NEW)


def requests_unanswered(requests: QuerySet[HelpRequest], *, now=None) -> QuerySet[HelpRequest]:
    """Requests whose proposal has waited ``MATCHING_PROPOSAL_ANSWER_DAYS`` or longer for the volunteer's answer
    (a request has one open match at most: no row twice)."""
    before = (now or timezone.now()) - timedelta(days=settings.MATCHING_PROPOSAL_ANSWER_DAYS)
    return requests.filter(matches__status=MatchStatus.PROPOSED, matches__proposed_at__lte=before)


def requests_checkin_due(requests: QuerySet[HelpRequest], *, now=None) -> QuerySet[HelpRequest]:
    """Requests whose helper has accompanied them for ``MATCHING_CHECKIN_AFTER_DAYS`` within the last week: the
    helper was asked how it goes (``checkins_queue_due``); the coordinators ask the newcomer."""
    reached = (now or timezone.now()) - timedelta(days=settings.MATCHING_CHECKIN_AFTER_DAYS)
    return requests.filter(
        matches__status=MatchStatus.ACTIVE,
        matches__responded_at__lte=reached,
        matches__responded_at__gt=reached - timedelta(days=7),
    )
