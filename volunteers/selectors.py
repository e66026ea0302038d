"""Reads of the volunteers app."""

from django.db.models import Count, Q, QuerySet

from matching.enums import MatchStatus
from volunteers.models import Site, User, Volunteer


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def volunteer_get_for_dashboard(*, user: User) -> Volunteer | None:
    """The user's own profile with the number of requests waiting for their answer, or None.

    Its languages, topics and sites are loaded only when the dashboard's cached profile summary is missing."""
    return (
        Volunteer.objects.filter(user=user)
        .annotate(open_proposals=Count("matches", filter=Q(matches__status=MatchStatus.PROPOSED)))
        .first()
    )


def volunteer_get_for_user(*, user: User) -> Volunteer | None:
    """The user's own profile with everything the dashboard and the profile form show, or None."""
    return (
        Volunteer.objects.filter(user=user)
        .select_related("user")
        .prefetch_related("sites", "topics", "languages")
        .first()
    )
