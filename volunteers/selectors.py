"""Reads of the volunteers app."""

from django.db.models import QuerySet

from volunteers.models import Site, User, Volunteer


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def volunteer_get_for_user(*, user: User) -> Volunteer | None:
    """The user's own profile, or None (one query; its languages, topics and sites are read where needed)."""
    volunteer = next(iter(Volunteer.objects.filter(user=user)), None)  # user is unique: no ORDER BY
    if volunteer is not None:
        volunteer.user = user
    return volunteer
