"""Reads of the volunteers app."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from volunteers.models import Site, User, Volunteer, VolunteerLanguage, VolunteerTopic


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
    """The sites offered and the volunteer's sites, languages and topics, in one query.

    SQL of our own: through the ORM these are four queries, and compiling each costs more than the database takes
    to answer all four (0.9 against 0.1 ms), on a page whose speed is a goal (docs/architecture.md, "Speed").
    tests/volunteers/test_selectors.py checks it against the ORM.
    """
    tables = {
        "site": Site._meta.db_table,
        "chosen": Volunteer.sites.through._meta.db_table,
        "language": VolunteerLanguage._meta.db_table,
        "topic": VolunteerTopic._meta.db_table,
    }
    sql = f"""
        SELECT 'site', id, name, '' FROM {tables["site"]}
        UNION ALL SELECT 'chosen', site_id, '', '' FROM {tables["chosen"]} WHERE volunteer_id = %s
        UNION ALL SELECT 'language', NULL, language, level FROM {tables["language"]} WHERE volunteer_id = %s
        UNION ALL SELECT 'topic', NULL, topic, '' FROM {tables["topic"]} WHERE volunteer_id = %s
    """  # noqa: S608  (only table names are formatted in; the volunteer's id is a parameter)
    volunteer_id = volunteer.pk if volunteer is not None else None
    with connection.cursor() as cursor:
        cursor.execute(sql, [volunteer_id] * 3)
        rows = cursor.fetchall()
    return ProfileChoices(
        sites=sorted(((pk, name) for kind, pk, name, _ in rows if kind == "site"), key=lambda site: site[1]),
        chosen_sites=[pk for kind, pk, _, _ in rows if kind == "chosen"],
        languages={code: level for kind, _, code, level in rows if kind == "language"},
        topics=[topic for kind, _, topic, _ in rows if kind == "topic"],
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
