"""Reads of the matching app: the candidates for a request, narrowed in SQL by the hard criteria and then
scored in Python (matching/ranking.py)."""

from dataclasses import fields
from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import Qualification
from matching.enums import MatchStatus, RequestStatus
from matching.models import HelpRequest, Match
from matching.ranking import Candidate, Need, Ranked, Weights, assign_batch, rank
from volunteers.enums import LanguageLevel
from volunteers.models import PoliceCertificate, Volunteer, VolunteerLanguage, VolunteerTopic

USABLE_LEVELS = [LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.GOOD]
OPEN_MATCH = [MatchStatus.PROPOSED, MatchStatus.ACTIVE]


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


def _count(queryset) -> Coalesce:
    return Coalesce(
        Subquery(queryset.order_by().values("volunteer_id").annotate(n=Count("id")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


def candidate_volunteers(*, need: Need | None, today: date | None = None) -> QuerySet[Volunteer]:
    """Volunteers meeting the hard criteria, in SQL: a free place and, for a given need, a shared usable
    language, the stated gender, and a valid police certificate when children are involved."""
    today = today or timezone.localdate()
    certificate = PoliceCertificate.objects.filter(
        volunteer=OuterRef("pk"), cleared_for_children=True, next_due__gte=today
    )
    volunteers = Volunteer.objects.annotate(
        active=_count(Match.objects.filter(volunteer=OuterRef("pk"), status__in=OPEN_MATCH)),
        valid_for_children=Exists(certificate),
        qualification_count=_count(
            Qualification.objects.filter(volunteer=OuterRef("pk")).filter(
                Q(valid_until__isnull=True) | Q(valid_until__gte=today)
            )
        ),
    )
    volunteers = volunteers.filter(capacity__gt=F("active"))
    if need is None:
        return volunteers
    usable = VolunteerLanguage.objects.filter(
        volunteer=OuterRef("pk"), language__in=need.languages, level__in=USABLE_LEVELS
    )
    volunteers = volunteers.filter(Exists(usable))
    if need.gender_preference:
        volunteers = volunteers.filter(gender=need.gender_preference)
    if need.children:
        volunteers = volunteers.filter(valid_for_children=True)
    return volunteers


def candidates_for(*, need: Need | None, today: date | None = None) -> list[Candidate]:
    """The candidates as the ranking needs them (all with a free place when ``need`` is None): four queries,
    whatever their number."""
    rows = list(
        candidate_volunteers(need=need, today=today).values_list(
            "pk",
            "user__first_name",
            "user__last_name",
            "municipality",
            "availability",
            "gender",
            "capacity",
            "active",
            "valid_for_children",
            "qualification_count",
        )
    )
    ids = [row[0] for row in rows]
    languages: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    for pk, language, level in VolunteerLanguage.objects.filter(volunteer_id__in=ids).values_list(
        "volunteer_id", "language", "level"
    ):
        languages[pk][language] = level
    topics: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, topic in VolunteerTopic.objects.filter(volunteer_id__in=ids).values_list("volunteer_id", "topic"):
        topics[pk].add(topic)
    sites: dict[int, set[int]] = {pk: set() for pk in ids}
    for pk, site_id in Volunteer.sites.through.objects.filter(volunteer_id__in=ids).values_list(
        "volunteer_id", "site_id"
    ):
        sites[pk].add(site_id)
    candidates = []
    for row in rows:
        pk, first_name, last_name, municipality, availability, gender, capacity, active, for_children, trained = row
        candidates.append(
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
                active=active,
                valid_for_children=for_children,
                qualifications=trained,
            )
        )
    return candidates


def suggestions_for(*, request: HelpRequest, limit: int = 10) -> list[Ranked]:
    """The best-fitting volunteers for one request, with their reasons; those already asked left out."""
    need = need_for(request)
    asked = set(Match.objects.filter(request=request).values_list("volunteer_id", flat=True))
    candidates = [c for c in candidates_for(need=need) if c.volunteer_id not in asked]
    return rank(need, candidates, weights(), limit=limit)


def batch_proposal(*, requests: QuerySet[HelpRequest]) -> list[tuple[HelpRequest, Ranked]]:
    """The best overall assignment of the open requests given (capacities respected)."""
    open_requests = list(requests.filter(status=RequestStatus.NEW).order_by("created_at"))
    needs = {request.pk: need_for(request) for request in open_requests}
    candidates = {candidate.volunteer_id: candidate for candidate in candidates_for(need=None)}
    assignment = assign_batch(list(needs.values()), list(candidates.values()), weights())
    proposals = []
    for request in open_requests:
        volunteer_id = assignment.get(request.pk)
        if volunteer_id is not None:
            ranked = rank(needs[request.pk], [candidates[volunteer_id]], weights())
            proposals.append((request, ranked[0]))
    return proposals
