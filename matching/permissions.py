"""Who may see a newcomer's request: the coordinators of its site (both sites' when it names none),
superusers, and, once they accepted, its helper. Nobody else, volunteers and the public included."""

from django.db.models import QuerySet

from matching.enums import MatchStatus
from matching.models import HelpRequest, Match
from volunteers.models import User
from volunteers.permissions import coordinator_site_ids, for_coordinator_sites


def requests_for_user(user: User, queryset: QuerySet[HelpRequest] | None = None) -> QuerySet[HelpRequest]:
    queryset = HelpRequest.objects.all() if queryset is None else queryset
    return for_coordinator_sites(user, queryset, site_field="site_id", or_no_site=True)


def can_manage_request(user: User, request: HelpRequest) -> bool:
    """``requests_for_user`` for one request, without a query (the admin asks several times a page)."""
    if user.is_active and user.is_superuser:
        return True
    site_ids = coordinator_site_ids(user)
    return bool(site_ids) and (request.site_id is None or request.site_id in site_ids)


def matches_of_volunteer(user: User) -> QuerySet[Match]:
    """The proposals and matches of the signed-in volunteer: the only way a volunteer reaches a request."""
    return Match.objects.filter(volunteer__user=user).select_related("request", "request__site")


def may_see_contact(match: Match) -> bool:
    return match.status in (MatchStatus.ACTIVE, MatchStatus.CLOSED)
