"""Writes of the events app: sign-ups, the waiting list, cancellations, series, attendance, messages.

Capacity is guarded twice: the event row is locked while seats are counted (select_for_update), and the
database refuses a confirmed count above the capacity (a check constraint).
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import islice

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.calendars import calendar_build
from events.enums import EventStatus, Recurrence, SignupRole, SignupStatus
from events.models import Event, EventMessage, EventSeries, Qualification, Signup, TrainingType
from outbox.models import Mail
from outbox.services import Attachment, mail_queue, outbox_dispatch
from volunteers.enums import LanguageLevel
from volunteers.models import User, Volunteer

REMINDER_CHUNK = 500
USABLE_LEVELS = (LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.GOOD)
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


class SignupError(Exception):
    """A sign-up or cancellation that is not possible; the message is for the volunteer."""


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("site").get(pk=event.pk)


def _check_open(event: Event, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise SignupError(_("This event has been cancelled."))
    if event.status != EventStatus.PUBLISHED:
        raise SignupError(_("This event is not open for sign-up."))
    if now >= event.deadline:
        raise SignupError(_("The sign-up deadline for this event has passed."))


def _event_calendar(event: Event) -> Attachment:
    return Attachment(
        filename="veranstaltung.ics",
        content=calendar_build([event], name=event.title).decode(),
        mimetype="text/calendar",
    )


def _queue_signup_mail(
    signup: Signup,
    *,
    kind: str,
    occurrence: str,
    template: str,
    context: dict | None = None,
    dispatch: bool = True,
    calendar: Attachment | None = None,
) -> Mail | None:
    """A mail about a sign-up, with the event's calendar file (pass ``calendar`` when it is built already)."""
    volunteer = signup.volunteer
    return mail_queue(
        cause=f"events.signup:{signup.pk}",
        recipient=volunteer.user.email,
        kind=kind,
        occurrence=occurrence,
        language=volunteer.user.language,
        template=template,
        context={"event": signup.event, "volunteer": volunteer, "signup": signup, **(context or {})},
        site_id=signup.event.site_id,
        dispatch=dispatch,
        attachments=[calendar or _event_calendar(signup.event)],
    )


@transaction.atomic
def signup_create(*, event: Event, volunteer: Volunteer, interpreter_language: str = "") -> Signup:
    """Sign a volunteer up: confirmed while places are free, else on the waiting list.

    With ``interpreter_language`` the volunteer comes as interpreter for that language; interpreters do not
    take participants' places.
    """
    event = _locked(event)
    now = timezone.now()
    _check_open(event, now)
    signup = Signup.objects.filter(event=event, volunteer=volunteer).first()
    if signup is not None and signup.is_active:
        raise SignupError(_("You are already signed up for this event."))
    signup = signup or Signup(event=event, volunteer=volunteer)
    signup.event = event
    signup.attended = None

    if interpreter_language:
        if interpreter_language not in event.interpreter_languages:
            raise SignupError(_("This event needs no interpreter for that language."))
        if not volunteer.languages.filter(language=interpreter_language, level__in=USABLE_LEVELS).exists():
            raise SignupError(_("Your profile does not list this language at a level good enough to interpret."))
        signup.role = SignupRole.INTERPRETER
        signup.interpreter_language = interpreter_language
        signup.status = SignupStatus.CONFIRMED
        signup.waitlisted_at = None
    else:
        signup.role = SignupRole.PARTICIPANT
        signup.interpreter_language = ""
        if event.capacity is None or event.confirmed_count < event.capacity:
            signup.status = SignupStatus.CONFIRMED
            signup.waitlisted_at = None
            Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + 1)
        else:
            signup.status = SignupStatus.WAITLISTED
            signup.waitlisted_at = now
    signup.save()
    return signup


@transaction.atomic
def signup_cancel(*, signup: Signup, by_coordinator: bool = False) -> Signup:
    """Cancel a sign-up (volunteers until the deadline); a freed place goes to the waiting list at once."""
    event = _locked(signup.event)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if not signup.is_active:
        raise SignupError(_("This sign-up has already been cancelled."))
    if not by_coordinator and timezone.now() >= event.deadline:
        raise SignupError(_("The deadline has passed: please tell the coordinators if you cannot come."))
    was_seat = signup.status == SignupStatus.CONFIRMED and signup.role == SignupRole.PARTICIPANT
    signup.status = SignupStatus.CANCELLED
    signup.waitlisted_at = None
    signup.save(update_fields=["status", "waitlisted_at", "updated_at"])
    if was_seat:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") - 1)
        event.confirmed_count -= 1
        _promote_from_waitlist(event)
    return signup


def _promote_from_waitlist(event: Event) -> list[Signup]:
    """Fill free places from the waiting list in order; each promoted volunteer is told by mail.

    The caller holds the event's lock and passes its current confirmed count.
    """
    if event.status != EventStatus.PUBLISHED:
        return []
    free = None if event.capacity is None else event.capacity - event.confirmed_count
    waiting = Signup.objects.select_for_update(of=("self",)).filter(event=event, status=SignupStatus.WAITLISTED)
    waiting = waiting.select_related("volunteer__user").order_by("waitlisted_at", "id")
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    for signup in promoted:
        signup.status = SignupStatus.CONFIRMED
        signup.waitlisted_at = None
        signup.promotion_number += 1
        signup.event = event
        signup.save(update_fields=["status", "waitlisted_at", "promotion_number", "updated_at"])
        if signup.volunteer is not None:
            _queue_signup_mail(
                signup,
                kind="events.promoted",
                occurrence=str(signup.promotion_number),
                template="events/mail/promoted",
            )
    if promoted:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + len(promoted))
        event.confirmed_count += len(promoted)
    return promoted


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel an event and tell everyone signed up or waiting."""
    event = _locked(event)
    if event.status == EventStatus.CANCELLED:
        return event
    event.status = EventStatus.CANCELLED
    event.change_number += 1
    event.save(update_fields=["status", "change_number", "updated_at"])
    signups = event.signups.exclude(status=SignupStatus.CANCELLED).exclude(volunteer=None)
    calendar = _event_calendar(event)
    for signup in signups.select_related("volunteer__user"):
        signup.event = event
        _queue_signup_mail(
            signup,
            kind="events.cancelled",
            occurrence=str(event.change_number),
            template="events/mail/cancelled",
            calendar=calendar,
        )
    return event


WHERE_AND_WHEN = ("site", "starts_at", "ends_at", "venue", "online_url")
EDITABLE_EVENT_FIELDS = [
    field.name for field in Event._meta.concrete_fields if field.editable and not field.primary_key
]


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
    return _promote_from_waitlist(_locked(event))


@transaction.atomic
def event_changed_notify(*, event: Event) -> Event:
    """Tell everyone signed up or waiting that the time or place of an event changed.

    Raises the change number: calendars update the entry, and reminders follow the new time.
    """
    event = _locked(event)
    event.change_number += 1
    event.save(update_fields=["change_number", "updated_at"])
    if event.status != EventStatus.PUBLISHED:
        return event
    signups = event.signups.exclude(status=SignupStatus.CANCELLED).exclude(volunteer=None)
    calendar = _event_calendar(event)
    for signup in signups.select_related("volunteer__user"):
        signup.event = event
        _queue_signup_mail(
            signup,
            kind="events.changed",
            occurrence=str(event.change_number),
            template="events/mail/changed",
            calendar=calendar,
        )
    return event


def reminders_queue_due(*, now: datetime | None = None) -> int:
    """Queue the reminders that are due: one per confirmed volunteer, lead time and event start.

    The occurrence is the lead time and the start it was computed for, so an event moved to a new time
    gets fresh reminders; one that became due in the past because of the move goes out only while the
    event is still more than EVENT_REMINDER_LATEST_MINUTES away. Cancelled events get none, nor do
    volunteers who switched reminders off. Returns the number of mails queued.
    """
    now = now or timezone.now()
    latest = now + timedelta(minutes=settings.EVENT_REMINDER_LATEST_MINUTES)
    queued = 0
    calendars: dict[int, Attachment] = {}
    for hours in settings.EVENT_REMINDER_LEAD_HOURS:
        due = (
            Signup.objects.filter(
                status=SignupStatus.CONFIRMED,
                event__status=EventStatus.PUBLISHED,
                event__starts_at__gt=latest,
                event__starts_at__lte=now + timedelta(hours=hours),
                volunteer__event_reminders=True,
            )
            .select_related("event__site", "volunteer__user")
            .order_by("id")
        )
        for chunk in _chunks(due.iterator(chunk_size=REMINDER_CHUNK), REMINDER_CHUNK):
            occurrences = {signup.pk: f"{hours}h@{signup.event.starts_at.isoformat()}" for signup in chunk}
            already = set(
                Mail.objects.filter(
                    kind="events.reminder", cause__in=[f"events.signup:{signup.pk}" for signup in chunk]
                ).values_list("cause", "occurrence")
            )
            for signup in chunk:
                if (f"events.signup:{signup.pk}", occurrences[signup.pk]) in already:
                    continue
                if signup.event_id not in calendars:  # one calendar file per event, not per attendee
                    calendars[signup.event_id] = _event_calendar(signup.event)
                mail = _queue_signup_mail(
                    signup,
                    kind="events.reminder",
                    occurrence=occurrences[signup.pk],
                    template="events/mail/reminder",
                    context={"hours": hours},
                    dispatch=False,
                    calendar=calendars[signup.event_id],
                )
                queued += mail is not None
    if queued:
        outbox_dispatch()
    return queued


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
        _promote_from_waitlist(event)
        saved.append(event)
    for surplus in by_position.values():
        if surplus.starts_at >= now:
            event_cancel(event=surplus)
    return saved


@transaction.atomic
def signup_attendance_mark(*, signup: Signup, attended: bool, by: User) -> Signup:
    """Record whether someone came; attending a qualifying training grants or renews the qualification."""
    signup.attended = attended
    signup.attendance_marked_by = by
    signup.attendance_marked_at = timezone.now()
    signup.save(update_fields=["attended", "attendance_marked_by", "attendance_marked_at", "updated_at"])
    event = signup.event
    if attended and event.training_type_id and signup.volunteer_id:
        qualification_grant(
            volunteer=signup.volunteer,
            training_type=event.training_type,
            acquired_on=timezone.localdate(event.ends_at),
            event=event,
        )
    return signup


@transaction.atomic
def qualification_grant(
    *, volunteer: Volunteer, training_type: TrainingType, acquired_on: date, event: Event | None = None
) -> Qualification:
    valid_until = None
    if training_type.validity_months:
        valid_until = acquired_on + relativedelta(months=training_type.validity_months)
    qualification, _created = Qualification.objects.update_or_create(
        volunteer=volunteer,
        training_type=training_type,
        defaults={"acquired_on": acquired_on, "valid_until": valid_until, "event": event},
    )
    return qualification


@transaction.atomic
def event_message_send(*, event: Event, subject: str, body: str, by: User) -> EventMessage:
    """Write to everyone confirmed for an event (participants and interpreters), through the outbox."""
    message = EventMessage.objects.create(event=event, subject=subject, body=body, sent_by=by)
    signups = event.signups.filter(status=SignupStatus.CONFIRMED).exclude(volunteer=None)
    for signup in signups.select_related("volunteer__user", "event__site"):
        mail_queue(
            cause=f"events.message:{message.pk}",
            recipient=signup.volunteer.user.email,
            kind="events.message",
            language=signup.volunteer.user.language,
            template="events/mail/message",
            context={"event": event, "volunteer": signup.volunteer, "message": message},
            site_id=event.site_id,
        )
    return message
