"""The hard criteria and the score in SQL: the database scores every volunteer for one request and returns only
the best few ids, the coordinator's page's copy of criteria.py.

Ranking one request against ten thousand volunteers must take under 50 ms, database included; loading them all
into Python does not fit that, so only the ids of the best leave the database (``matching.selectors.ranked_for``
then loads those and ranks them with the reference).
"""

from datetime import date

from django.db import connection

from events.models import Qualification
from matching.models import Match
from matching.ranking.criteria import OPEN_MATCH, Need, Weights
from volunteers.enums import AVAILABILITY_ALL, LanguageLevel, Municipality
from volunteers.models import PoliceCertificate, Volunteer, VolunteerLanguage, VolunteerTopic


def shortlist(*, need: Need, weights: Weights, limit: int, today: date) -> list[int]:
    """Ids of the ``limit`` best candidates, scored in SQL exactly as ``criteria._points`` scores them.

    Same terms, same order of the float operations (double precision on PostgreSQL and SQLite alike), same
    tie-break (fewer active matches, then the lower id). Hard criteria as in ``criteria.check_eligible``; those
    already asked for the request are left out. One plain query with grouped joins rather than the ORM, whose
    correlated subqueries per volunteer are slower. The sites are two subqueries that the database hashes once
    (chose the requested site; chose none): joined as all volunteers' sites grouped, the query for a German and
    Arabic request took 35-57 ms instead of 33-35 ms (psql on the bench's data, median of 9, four rounds).
    """
    if limit <= 0 or not need.languages:
        return []
    params: dict[str, object] = {
        "basic": str(LanguageLevel.BASIC),
        "today": today,
        "site_id": need.site_id,
        "any_site": need.site_id is None,
        # "Elsewhere" on both sides says nothing about living near each other (criteria._same_municipality).
        "same_municipality": need.municipality not in ("", Municipality.OTHER),
        "municipality": need.municipality,
        "any_gender": not need.gender_preference,
        "gender": need.gender_preference,
        "any_certificate": not need.children,
        "request_id": need.request_id,
        "limit": limit,
        "topic_weight": weights.topic,
        "municipality_weight": weights.municipality,
        "site_weight": weights.site,
        "availability_weight": weights.availability,
        "training_weight": weights.training,
        "caseload_weight": weights.caseload,
        "basic_language_weight": weights.basic_language,
    }

    def listed(name: str, values: list) -> str:
        """The placeholders of an IN list, one named parameter per value (NULL, which matches nothing, if none)."""
        params.update({f"{name}_{number}": value for number, value in enumerate(values)})
        return ", ".join(f"%({name}_{number})s" for number in range(len(values))) or "NULL"

    usable_levels = listed("usable", [str(level) for level in LanguageLevel.usable()])
    languages = listed("language", sorted(need.languages))
    open_statuses = listed("status", OPEN_MATCH)
    topics = listed("topic", sorted(need.topics))
    # The shared weekly slots, bit by bit: portable where bit_count() is not (SQLite).
    wanted = need.availability & AVAILABILITY_ALL
    slot_bits = [bit for bit in range(wanted.bit_length()) if wanted >> bit & 1]
    slots = " + ".join(f"((v.availability >> {bit}) & 1)" for bit in slot_bits) or "0"
    tables = {
        "volunteer": Volunteer._meta.db_table,
        "language": VolunteerLanguage._meta.db_table,
        "topic": VolunteerTopic._meta.db_table,
        "site": Volunteer.sites.through._meta.db_table,
        "match": Match._meta.db_table,
        "qualification": Qualification._meta.db_table,
        "certificate": PoliceCertificate._meta.db_table,
    }
    sql = f"""
        WITH spoken AS (
            SELECT volunteer_id,
                SUM(CASE WHEN level IN ({usable_levels}) THEN 1 ELSE 0 END) AS usable,
                SUM(CASE WHEN level = %(basic)s THEN 1 ELSE 0 END) AS basic
            FROM {tables["language"]} WHERE language IN ({languages}) GROUP BY volunteer_id
        ), open_matches AS (
            SELECT volunteer_id, COUNT(*) AS n FROM {tables["match"]}
            WHERE status IN ({open_statuses}) AND volunteer_id IS NOT NULL GROUP BY volunteer_id
        ), shared_topics AS (
            SELECT volunteer_id, COUNT(*) AS n FROM {tables["topic"]}
            WHERE topic IN ({topics}) GROUP BY volunteer_id
        ), trained AS (
            SELECT volunteer_id, COUNT(*) AS n FROM {tables["qualification"]}
            WHERE valid_until IS NULL OR valid_until >= %(today)s GROUP BY volunteer_id
        ), scored AS (
            SELECT v.id, COALESCE(m.n, 0) AS active,
                CAST(%(topic_weight)s AS DOUBLE PRECISION) * COALESCE(t.n, 0)
                + CAST(%(municipality_weight)s AS DOUBLE PRECISION)
                    * (CASE WHEN %(same_municipality)s AND v.municipality = %(municipality)s THEN 1 ELSE 0 END)
                + CAST(%(site_weight)s AS DOUBLE PRECISION)
                    * (CASE WHEN %(any_site)s
                        OR v.id IN (SELECT volunteer_id FROM {tables["site"]} WHERE site_id = %(site_id)s)
                        OR v.id NOT IN (SELECT volunteer_id FROM {tables["site"]})
                    THEN 1 ELSE 0 END)
                + CAST(%(availability_weight)s AS DOUBLE PRECISION) * ({slots})
                + CAST(%(training_weight)s AS DOUBLE PRECISION) * COALESCE(q.n, 0)
                + CAST(%(caseload_weight)s AS DOUBLE PRECISION) * (v.capacity - COALESCE(m.n, 0)) / v.capacity
                + CAST(%(basic_language_weight)s AS DOUBLE PRECISION) * l.basic AS score
            FROM {tables["volunteer"]} v
            JOIN spoken l ON l.volunteer_id = v.id AND l.usable > 0
            LEFT JOIN open_matches m ON m.volunteer_id = v.id
            LEFT JOIN shared_topics t ON t.volunteer_id = v.id
            LEFT JOIN trained q ON q.volunteer_id = v.id
            WHERE COALESCE(m.n, 0) < v.capacity
                AND NOT (v.paused_at IS NOT NULL AND (v.paused_until IS NULL OR v.paused_until >= %(today)s))
                AND v.ended_at IS NULL
                AND (%(any_gender)s OR v.gender = %(gender)s)
                AND (%(any_certificate)s OR EXISTS (
                    SELECT 1 FROM {tables["certificate"]} p
                    WHERE p.volunteer_id = v.id AND p.cleared_for_children AND p.next_due >= %(today)s
                ))
                AND v.id NOT IN (
                    SELECT volunteer_id FROM {tables["match"]}
                    WHERE request_id = %(request_id)s AND volunteer_id IS NOT NULL
                )
        )
        SELECT id FROM scored ORDER BY score DESC, active, id LIMIT %(limit)s
    """  # noqa: S608  (only table names and placeholders are formatted in; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
