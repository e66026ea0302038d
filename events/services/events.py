"""Events and series: a coordinator's edits, cancellation, copies, and a series' dates.

A change of time or place and a cancellation raise the event's change number and mail everyone signed up
or waiting (``_mail.attendees_mail_queue``); places that an edit frees go to the waiting list at once.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from events.enums import EventStatus, Recurrence
from events.models import Event, EventSeries, Signup
from events.services._mail import attendees_mail_queue
from events.services.signups import event_locked, waitlist_promote

SERIES_FIELDS = [
    "site",
    "kind",
    "title",
    "description",
    "venue",
    "online_url",
    "capacity",
    "audience",
    "languages",
    "interpreter_languages",
    "training_type",
]
WHERE_AND_WHEN = ("site", "starts_at", "ends_at", "venue", "online_url")
EDITABLE_EVENT_FIELDS = [
    field.name for field in Event._meta.concrete_fields if field.editable and not field.primary_key
]


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel an event and tell everyone signed up or waiting."""
    event = event_locked(event)
    if event.status == EventStatus.CANCELLED:
        return event
    event.status = EventStatus.CANCELLED
    event.change_number += 1
    event.save(update_fields=["status", "change_number", "updated_at"])
    attendees_mail_queue(event=event, kind="events.cancelled", template="events/mail/cancelled")
    return event


@transaction.atomic
def event_save(*, event: Event, changed: Iterable[str]) -> list[Signup]:
    """Save a coordinator's edit of one event: tell attendees when time or place changed, and fill places
    that a higher capacity freed from the waiting list. Returns the promoted sign-ups."""
    is_new = event.pk is None
    if is_new:
        event.save()
    else:
        # Counters belong to the sign-up services: a form's stale copy must never overwrite them.
        event.save(update_fields=[*EDITABLE_EVENT_FIELDS, "updated_at"])
    if not is_new and event.status == EventStatus.PUBLISHED and set(changed) & set(WHERE_AND_WHEN):
        event_changed_notify(event=event)
    return waitlist_promote(event=event_locked(event))


@transaction.atomic
def event_changed_notify(*, event: Event) -> Event:
    """Tell everyone signed up or waiting that the time or place of an event changed.

    Raises the change number: calendars update the entry, and reminders follow the new time.
    """
    event = event_locked(event)
    event.change_number += 1
    event.save(update_fields=["change_number", "updated_at"])
    if event.status != EventStatus.PUBLISHED:
        return event
    attendees_mail_queue(event=event, kind="events.changed", template="events/mail/changed")
    return event


@transaction.atomic
def event_duplicate(*, event: Event) -> Event:
    """A draft copy of an event, without its sign-ups, for the coordinator to adjust."""
    copy = Event(
        **{field: getattr(event, field) for field in SERIES_FIELDS},
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        signup_deadline=event.signup_deadline,
        status=EventStatus.DRAFT,
    )
    copy.save()
    return copy


def series_dates(series: EventSeries) -> list[datetime]:
    """The series' start times, computed in local time so that they stay put across daylight saving."""
    first = timezone.localtime(series.first_start)
    naive = first.replace(tzinfo=None)
    steps = {
        Recurrence.WEEKLY: lambda i: naive + timedelta(weeks=i),
        Recurrence.FORTNIGHTLY: lambda i: naive + timedelta(weeks=2 * i),
        Recurrence.MONTHLY: lambda i: naive + relativedelta(months=i),
    }
    return [timezone.make_aware(steps[series.recurrence](i)) for i in range(series.count)]


@transaction.atomic
def series_save(*, series: EventSeries) -> list[Event]:
    """Save a series and bring its coming dates in line with it; past and cancelled dates stay as they were.

    Missing dates are created (published), a shortened series cancels its surplus dates, a date edited on
    its own is overwritten by the next edit of the whole series.
    """
    series.save()
    now = timezone.now()
    duration = timedelta(minutes=series.duration_minutes)
    events = series.events.select_for_update(of=("self",)).select_related("site")
    by_position = {event.series_position: event for event in events}
    saved = []
    for position, start in enumerate(series_dates(series)):
        event = by_position.pop(position, None)
        if event is None:
            if start < now:
                continue
            event = Event(series=series, series_position=position, status=EventStatus.PUBLISHED)
        elif event.starts_at < now or event.status == EventStatus.CANCELLED:
            continue
        before = [getattr(event, field, None) for field in WHERE_AND_WHEN] if event.pk else None
        for field in SERIES_FIELDS:
            setattr(event, field, getattr(series, field))
        # Nobody loses a confirmed place because the series got smaller.
        if event.capacity is not None and event.capacity < event.confirmed_count:
            event.capacity = event.confirmed_count
        event.starts_at, event.ends_at = start, start + duration
        event.save()
        if before is not None and before != [getattr(event, field) for field in WHERE_AND_WHEN]:
            event = event_changed_notify(event=event)
        waitlist_promote(event=event)
        saved.append(event)
    for surplus in by_position.values():
        if surplus.starts_at >= now:
            event_cancel(event=surplus)
    return saved
