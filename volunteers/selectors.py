"""Reads of the volunteers app."""

from dataclasses import dataclass

from django.db.models import QuerySet

from volunteers.models import Site, User, Volunteer


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


@dataclass(frozen=True)
class ProfileChoices:
    """What the profile form shows beyond the volunteer's own row."""

    sites: list[tuple[int, str]]  # every site as (id, name), by name
    chosen_sites: list[int]
    languages: dict[str, str]  # language code: level
    topics: list[str]


def profile_choices(*, volunteer: Volunteer | None) -> ProfileChoices:
    """The sites offered and the volunteer's sites, languages and topics."""
    sites = list(site_list().values_list("pk", "name"))
    if volunteer is None:
        return ProfileChoices(sites=sites, chosen_sites=[], languages={}, topics=[])
    return ProfileChoices(
        sites=sites,
        chosen_sites=list(volunteer.sites.values_list("pk", flat=True)),
        languages=dict(volunteer.languages.values_list("language", "level")),
        topics=list(volunteer.topics.values_list("topic", flat=True)),
    )


def volunteer_get_for_user(*, user: User) -> Volunteer | None:
    """The user's own profile, or None (also for visitors). The authentication backend has usually read it with
    the user; otherwise this is one query. Its languages, topics and sites are read where needed."""
    if not user.is_authenticated:
        return None
    try:
        return user.volunteer
    except Volunteer.DoesNotExist:
        return None
