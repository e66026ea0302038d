"""Who may see a newcomer's request: the coordinators of its site (both sites' when it names none),
superusers, and, once they accepted, its helper. Nobody else, volunteers and the public included."""

from django.db.models import Q, QuerySet

from matching.enums import MatchStatus
from matching.models import HelpRequest, Match
from volunteers.models import User
from volunteers.permissions import coordinator_site_ids


def requests_for_user(user: User, queryset: QuerySet[HelpRequest] | None = None) -> QuerySet[HelpRequest]:
    queryset = HelpRequest.objects.all() if queryset is None else queryset
    if user.is_active and user.is_superuser:
        return queryset
    site_ids = coordinator_site_ids(user)
    if not site_ids:
        return queryset.none()
    return queryset.filter(Q(site_id__in=site_ids) | Q(site__isnull=True))


def can_manage_request(user: User, request: HelpRequest) -> bool:
    return requests_for_user(user).filter(pk=request.pk).exists()


def matches_of_volunteer(user: User) -> QuerySet[Match]:
    """The proposals and matches of the signed-in volunteer: the only way a volunteer reaches a request."""
    return Match.objects.filter(volunteer__user=user).select_related("request", "request__site")


def may_see_contact(match: Match) -> bool:
    return match.status in (MatchStatus.ACTIVE, MatchStatus.CLOSED)
