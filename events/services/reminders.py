"""Reminders before an event, queued by the beat task ``events.queue_reminders`` every minute."""

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from events.enums import EventStatus, SignupStatus
from events.models import Signup
from events.services._mail import event_calendar, signup_mail_key, signup_mail_queue
from outbox.selectors import mail_queued_keys
from outbox.services import Attachment, outbox_dispatch
from volunteers.models import Volunteer

REMINDER_CHUNK = 500


def reminders_queue_due(*, now: datetime | None = None) -> int:
    """Queue the reminders that are due: one per confirmed volunteer (or person without an account, at an
    information evening), lead time and event start.

    The occurrence is the lead time and the start it was computed for, so an event moved to a new time
    gets fresh reminders; one that became due in the past because of the move goes out only while the
    event is still more than EVENT_REMINDER_LATEST_MINUTES away. Cancelled events get none, nor do
    volunteers who switched reminders off or are unavailable. Returns the number of mails queued.
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
            )
            .filter(Q(volunteer__event_reminders=True) | Q(interest__isnull=False))
            .exclude(Volunteer.unavailable_on(timezone.localdate(now), path="volunteer__"))
            .select_related("event__site", "volunteer__user", "interest__onboarding")
            .order_by("id")
        )
        for chunk in _chunks(due.iterator(chunk_size=REMINDER_CHUNK), REMINDER_CHUNK):
            # Every minute most due reminders are in the outbox already: one question per chunk tells which,
            # so that only the new ones are rendered.
            keys = {
                signup.pk: signup_mail_key(
                    signup=signup, kind="events.reminder", occurrence=f"{hours}h@{signup.event.starts_at.isoformat()}"
                )
                for signup in chunk
            }
            already = mail_queued_keys(keys=keys.values())
            for signup in chunk:
                key = keys[signup.pk]
                if key in already:
                    continue
                if signup.event_id not in calendars:  # one calendar file per event, not per attendee
                    calendars[signup.event_id] = event_calendar(signup.event)
                mail = signup_mail_queue(
                    signup=signup,
                    kind=key.kind,
                    occurrence=key.occurrence,
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
