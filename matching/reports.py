"""What the matching app counts for the funders' report: newcomers' requests and matches (see
``volunteers.reports``). Anonymised requests count like any other: what the statistics need stays on them."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Count, Q

from matching.enums import ContactMethod, MatchStatus, RequestStatus
from matching.models import HelpRequest, Match
from volunteers.reports import Period, in_sites


@dataclass(frozen=True)
class RequestCounts:
    total: int  # requests received within the period
    through_counselling: int  # sent by a counselling service or to be answered through one; the rest came directly
    by_municipality: dict[str, int]
    by_site: dict[int | None, int]  # None: no site chosen
    by_language: Counter  # a request may name several languages
    by_topic: Counter  # and several topics
    by_month: dict[date, int]


def request_counts(*, period: Period, sites: list[int] | None) -> RequestCounts:
    """One query: a year has a few thousand requests at most, counted here by what each names."""
    requests = in_sites(
        HelpRequest.objects.filter(created_at__gte=period.since, created_at__lt=period.until), sites, field="site_id"
    )
    rows = requests.order_by().values_list(
        "municipality", "site_id", "languages", "topics", "contact_method", "submitted_by_counsellor", "created_at"
    )
    municipalities, site_ids, languages, topics, months = Counter(), Counter(), Counter(), Counter(), Counter()
    through_counselling = 0
    for municipality, site_id, request_languages, request_topics, contact_method, by_counsellor, created_at in rows:
        municipalities[municipality] += 1
        site_ids[site_id] += 1
        languages.update(set(request_languages))
        topics.update(set(request_topics))
        months[period.month_of(created_at)] += 1
        through_counselling += by_counsellor or contact_method == ContactMethod.COUNSELLING
    return RequestCounts(
        total=sum(municipalities.values()),
        through_counselling=through_counselling,
        by_municipality=dict(municipalities),
        by_site=dict(site_ids),
        by_language=languages,
        by_topic=topics,
        by_month=dict(months),
    )


@dataclass(frozen=True)
class MatchCounts:
    proposed: int  # proposals made within the period
    accepted: int  # proposals a volunteer accepted within the period: the help began
    declined: int
    active: int  # matches running at the period's end
    closed: int  # accepted matches that ended within the period
    outcomes: dict[str, int]  # requests that ended within the period: closed by outcome, and "rejected"
    days_to_match: float | None  # median days from the request to the accepted match, over those accepted
    accepted_by_month: dict[date, int]


def match_counts(*, period: Period, sites: list[int] | None) -> MatchCounts:
    """Three queries."""
    matches = in_sites(Match.objects.order_by(), sites, field="request__site_id")
    accepted = Q(responded_at__isnull=False) & ~Q(status=MatchStatus.DECLINED)
    figures = matches.aggregate(
        proposed=Count("pk", filter=Q(proposed_at__gte=period.since, proposed_at__lt=period.until)),
        declined=Count(
            "pk", filter=Q(status=MatchStatus.DECLINED, responded_at__gte=period.since, responded_at__lt=period.until)
        ),
        active=Count(
            "pk",
            filter=accepted
            & Q(responded_at__lt=period.until)
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=period.until)),
        ),
        closed=Count("pk", filter=accepted & Q(closed_at__gte=period.since, closed_at__lt=period.until)),
    )
    began = matches.filter(accepted, responded_at__gte=period.since, responded_at__lt=period.until).values_list(
        "responded_at", "request__created_at"
    )
    days, months = [], Counter()
    for responded_at, requested_at in began:
        days.append((responded_at - requested_at).total_seconds() / 86400)
        months[period.month_of(responded_at)] += 1

    ended = in_sites(
        HelpRequest.objects.filter(
            status__in=[RequestStatus.CLOSED, RequestStatus.REJECTED],
            ended_at__gte=period.since,
            ended_at__lt=period.until,
        ),
        sites,
        field="site_id",
    )
    outcomes = Counter()
    for status, outcome, count in ended.order_by().values_list("status", "outcome").annotate(count=Count("pk")):
        outcomes[RequestStatus.REJECTED.value if status == RequestStatus.REJECTED else outcome] += count
    return MatchCounts(
        proposed=figures["proposed"],
        accepted=len(days),
        declined=figures["declined"],
        active=figures["active"],
        closed=figures["closed"],
        outcomes=dict(outcomes),
        days_to_match=median(days) if days else None,
        accepted_by_month=dict(months),
    )
