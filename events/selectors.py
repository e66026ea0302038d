"""Reads of the events app. Every list here runs a fixed number of queries, whatever its length."""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Case, Count, Max, Prefetch, QuerySet, Sum, Value, When
from django.utils import timezone

from events.enums import EventKind, EventStatus, SignupRole, SignupStatus
from events.models import Event, Qualification, Signup
from events.permissions import events_visible_to
from events.summaries import SummaryKey
from volunteers.enums import Language
from volunteers.models import Interest, User, Volunteer
from volunteers.selectors import volunteer_get_for_user


def event_list(*, user: User, site_id: int | None = None, kind: str = "", month: date | None = None) -> QuerySet[Event]:
    """Coming events the user may see, soonest first, filtered by site, kind and month."""
    events = events_visible_to(user).filter(ends_at__gte=timezone.now())
    if site_id:
        events = events.filter(site_id=site_id)
    if kind:
        events = events.filter(kind=kind)
    if month:
        local = timezone.get_current_timezone()
        start = datetime(month.year, month.month, 1, tzinfo=local)
        end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=local)
        events = events.filter(starts_at__gte=start, starts_at__lt=end)
    return events.order_by("starts_at", "id")


def public_event_list() -> QuerySet[Event]:
    """Coming public events, for the public feed."""
    return event_list(user=AnonymousUser()).select_related("site")


def feed_version(events: QuerySet[Event]) -> str:
    """Changes whenever a calendar feed of these events may have: an event added, removed (the sum of the ids
    tells a swap) or edited; and every hour, as events age out of the feeds."""
    summary = events.order_by().aggregate(count=Count("id"), ids=Sum("id"), changed=Max("updated_at"))
    changed = summary["changed"].timestamp() if summary["changed"] else 0
    return f"{summary['count']}-{summary['ids'] or 0}-{changed}-{timezone.now():%Y%m%d%H}"


def own_signup(*, user: User, event: Event) -> Signup | None:
    """The user's active sign-up for the event, if any, with ``waitlist_position`` (1 for the first on the
    waiting list; None when not waiting), in one query; none for visitors and users without a profile.

    Written in SQL: the page that shows it is the portal's busiest, and through the ORM, building this query with
    its counting subquery cost more than the database's answer.
    """
    volunteer = volunteer_get_for_user(user=user)
    if volunteer is None:
        return None
    table = Signup._meta.db_table
    # Those ahead joined the waiting list earlier; at the same moment, the lower id is ahead.
    sql = f"""
        SELECT own.*, (
            SELECT COUNT(*) FROM {table} other
            WHERE other.event_id = own.event_id AND other.status = %s
              AND (other.waitlisted_at < own.waitlisted_at
                   OR (other.waitlisted_at = own.waitlisted_at AND other.id < own.id))
        ) AS ahead
        FROM {table} own
        WHERE own.event_id = %s AND own.volunteer_id = %s AND own.status <> %s
    """  # noqa: S608  (only the table name is formatted in; the values are parameters)
    params = [SignupStatus.WAITLISTED, event.pk, volunteer.pk, SignupStatus.CANCELLED]
    signup = next(iter(Signup.objects.raw(sql, params)), None)  # at most one: (event, volunteer) is unique
    if signup is not None:
        signup.waitlist_position = signup.ahead + 1 if signup.status == SignupStatus.WAITLISTED else None
    return signup


def signup_statuses(*, user: User, event_ids: list[int]) -> dict[int, SignupStatus]:
    """The status of the user's active sign-ups for the given events, by event id (one query, none for visitors
    and users without a profile). In SQL, as the event list asks on every page (docs/architecture.md, "Speed")."""
    volunteer = volunteer_get_for_user(user=user)
    if volunteer is None or not event_ids:
        return {}
    placeholders = ", ".join(["%s"] * len(event_ids))
    sql = f"""
        SELECT event_id, status FROM {Signup._meta.db_table}
        WHERE volunteer_id = %s AND status <> %s AND event_id IN ({placeholders})
    """  # noqa: S608  (only the table name and placeholders are formatted in; the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [volunteer.pk, SignupStatus.CANCELLED, *event_ids])
        return {event_id: SignupStatus(status) for event_id, status in cursor.fetchall()}


def my_signups(*, volunteer: Volunteer) -> list[tuple[SummaryKey, SignupStatus]]:
    """The volunteer's coming events they are signed up or waiting for, soonest first: each as the event's
    summary key (events/summaries.py) and the sign-up's status. In SQL, as the dashboard asks on every visit
    (docs/architecture.md, "Speed")."""
    sql = f"""
        SELECT event.id, event.updated_at, event.confirmed_count, signup.status
        FROM {Signup._meta.db_table} signup JOIN {Event._meta.db_table} event ON event.id = signup.event_id
        WHERE signup.volunteer_id = %s AND signup.status <> %s AND event.ends_at >= %s
        ORDER BY event.starts_at, event.id
    """  # noqa: S608  (only table names are formatted in; the values are parameters)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [volunteer.pk, SignupStatus.CANCELLED, now])
        rows = cursor.fetchall()
    return [
        # SQLite hands datetimes back naive, in UTC; the key must equal the one the ORM reads.
        (
            (pk, updated_at if timezone.is_aware(updated_at) else updated_at.replace(tzinfo=UTC), count),
            SignupStatus(status),
        )
        for pk, updated_at, count, status in rows
    ]


def calendar_events(*, volunteer: Volunteer) -> QuerySet[Event]:
    """The events in a volunteer's personal feed: signed up or waiting, the last 90 days and all to come.

    Cancelled events stay in the feed (as cancelled), so that phone calendars remove them.
    """
    since = timezone.now() - timedelta(days=90)
    signed_up = Signup.objects.filter(volunteer=volunteer).exclude(status=SignupStatus.CANCELLED)
    return (
        Event.objects.filter(pk__in=signed_up.values("event_id"), ends_at__gte=since)
        .exclude(status=EventStatus.DRAFT)
        .select_related("site")
        .order_by("starts_at")
    )


def volunteer_qualifications(*, volunteer: Volunteer) -> QuerySet:
    """The volunteer's qualifications, by training name, as rows of (name, acquired_on, valid_until)."""
    return (
        Qualification.objects.filter(volunteer=volunteer)
        .order_by("training_type__name")
        .values_list("training_type__name", "acquired_on", "valid_until", named=True)
    )


def attendee_rows(*, event: Event) -> QuerySet[Signup]:
    """Everyone signed up or waiting, for the attendee list (CSV)."""
    return (
        event.signups.exclude(status=SignupStatus.CANCELLED)
        .select_related("volunteer__user", "interest")
        .order_by("status", "waitlisted_at", "created_at")
    )


def _open_for_signup(events: QuerySet[Event], *, site_id: int | None, limit: int) -> list[Event]:
    """Those of ``events`` that are published and still open for sign-up, soonest first, ``site_id``'s first."""
    now = timezone.now()
    events = events.filter(status=EventStatus.PUBLISHED, starts_at__gt=now).exclude(signup_deadline__lte=now)
    first = Case(When(site_id=site_id, then=0), default=1) if site_id else Value(0)
    return list(events.select_related("site").order_by(first, "starts_at", "id")[:limit])


def info_evenings_coming(*, site_id: int | None) -> list[Event]:
    """The information evenings an invitation lists (``ONBOARDING_INVITATION_EVENINGS``)."""
    events = Event.objects.filter(kind=EventKind.INFO)
    return _open_for_signup(events, site_id=site_id, limit=settings.ONBOARDING_INVITATION_EVENINGS)


def basic_trainings_coming(*, site_id: int | None) -> list[Event]:
    """The coming dates of the basic training, which completes that step on the way in, as many as an
    invitation lists evenings."""
    events = Event.objects.filter(training_type__is_basic_training=True)
    return _open_for_signup(events, site_id=site_id, limit=settings.ONBOARDING_INVITATION_EVENINGS)


def interest_signups(*, interest: Interest, event_ids: list[int]) -> dict[int, Signup]:
    """The sign-ups of someone without an account for these events, by event."""
    signups = Signup.objects.filter(interest=interest, event_id__in=event_ids).exclude(status=SignupStatus.CANCELLED)
    return {signup.event_id: signup for signup in signups}


def signups_of(*, volunteer: Volunteer) -> QuerySet[Signup]:
    """All of a volunteer's sign-ups, past and cancelled ones too, with their events (their data page)."""
    return volunteer.signups.select_related("event").order_by("-event__starts_at")


def events_coming_week(events: QuerySet[Event], *, now: datetime | None = None) -> QuerySet[Event]:
    """The events of the coming seven days that take place (the coordinators' desk: ``machmit/desk.py``)."""
    now = now or timezone.now()
    return events.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=7)).exclude(
        status=EventStatus.CANCELLED
    )


def events_with_interpreters_missing(events: QuerySet[Event]) -> list[Event]:
    """The events in order, each with ``interpreters_missing``: the names of the languages it needs interpreters
    for that no confirmed interpreter covers yet (two queries)."""
    confirmed = Signup.objects.filter(role=SignupRole.INTERPRETER, status=SignupStatus.CONFIRMED)
    rows = list(events.order_by("starts_at").prefetch_related(Prefetch("signups", confirmed, to_attr="interpreters")))
    for event in rows:
        covered = {signup.interpreter_language for signup in event.interpreters}
        event.interpreters_missing = [
            str(Language(code).label) for code in event.interpreter_languages if code not in covered
        ]
    return rows
