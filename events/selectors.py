"""Reads of the events app. Every list here runs a fixed number of queries, whatever its length."""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from events.enums import EventStatus, SignupStatus
from events.models import Event, Qualification, Signup
from events.permissions import events_visible_to
from events.summaries import KEY_FIELDS
from volunteers.models import User, Volunteer
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


def public_feed_version() -> str:
    """Changes whenever the public feed's content may have: an event added, edited, ended; and every hour."""
    summary = public_event_list().order_by().aggregate(count=Count("id"), changed=Max("updated_at"))
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"{summary['count']}-{summary['changed'].timestamp() if summary['changed'] else 0}-{hour}"


def own_signup(*, user: User, event: Event) -> Signup | None:
    """The user's active sign-up for the event, if any, with ``waitlist_position`` (1 for the first on the
    waiting list; None when not waiting), in one query; none for visitors and users without a profile."""
    volunteer = volunteer_get_for_user(user=user)
    if volunteer is None:
        return None
    ahead = (
        Signup.objects.filter(event_id=OuterRef("event_id"), status=SignupStatus.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("event_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    signups = (
        Signup.objects.filter(volunteer=volunteer, event=event)
        .exclude(status=SignupStatus.CANCELLED)
        .annotate(ahead=Subquery(ahead))
        .order_by()
    )
    signup = next(iter(signups), None)  # at most one: (event, volunteer) is unique
    if signup is not None:
        signup.waitlist_position = (signup.ahead or 0) + 1 if signup.status == SignupStatus.WAITLISTED else None
    return signup


def signup_statuses(*, user: User, event_ids: list[int]) -> dict[int, SignupStatus]:
    """The status of the user's active sign-ups for the given events, by event id (one query, none for visitors
    and users without a profile)."""
    volunteer = volunteer_get_for_user(user=user)
    if volunteer is None:
        return {}
    signups = (
        Signup.objects.filter(volunteer=volunteer, event__in=event_ids)
        .exclude(status=SignupStatus.CANCELLED)
        .order_by()
        .values_list("event_id", "status")
    )
    return {event_id: SignupStatus(status) for event_id, status in signups}


def my_signups(*, volunteer: Volunteer) -> QuerySet:
    """The volunteer's coming events they are signed up or waiting for, soonest first: each as the event's
    summary key (events/summaries.py) and the sign-up's status."""
    return (
        Signup.objects.filter(volunteer=volunteer, event__ends_at__gte=timezone.now())
        .exclude(status=SignupStatus.CANCELLED)
        .order_by("event__starts_at", "event_id")
        .values_list(*(f"event__{field}" for field in KEY_FIELDS), "status")
    )


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
        .select_related("volunteer__user")
        .order_by("status", "waitlisted_at", "created_at")
    )
