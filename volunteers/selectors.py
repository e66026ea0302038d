"""Reads of the volunteers app."""

from django.db.models import Exists, OuterRef, QuerySet

from volunteers.models import Site, User, Volunteer


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def site_list_with_choice(*, volunteer: Volunteer | None) -> list[tuple[int, str, bool]]:
    """Every site as (id, name, chosen by the volunteer), by name, in one query."""
    sites = site_list()
    if volunteer is None:
        return [(pk, name, False) for pk, name in sites.values_list("pk", "name")]
    chosen = Volunteer.sites.through.objects.filter(volunteer=volunteer, site=OuterRef("pk"))
    return list(sites.annotate(chosen=Exists(chosen)).values_list("pk", "name", "chosen"))


def volunteer_get_for_user(*, user: User) -> Volunteer | None:
    """The user's own profile, or None. The authentication backend has usually read it with the user; otherwise
    this is one query. Its languages, topics and sites are read where needed."""
    try:
        return user.volunteer
    except Volunteer.DoesNotExist:
        return None
