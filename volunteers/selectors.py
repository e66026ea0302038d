"""Reads of the volunteers app."""

from django.db.models import QuerySet

from volunteers.models import Site, User, Volunteer


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def volunteer_get_for_user(*, user: User) -> Volunteer | None:
    """The user's own profile with everything the profile form shows, or None."""
    return (
        Volunteer.objects.filter(user=user)
        .select_related("user")
        .prefetch_related("sites", "topics", "languages")
        .first()
    )
