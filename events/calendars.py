"""iCalendar files of events, made with the icalendar library. UIDs are stable: a calendar that imported an
event once updates it (SEQUENCE follows the event's change number) instead of adding a second copy."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.enums import EventStatus
from events.models import Event


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@machmit-stade.de"


def calendar_build(events: Iterable[Event], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event (its site must be loaded, e.g. with select_related)."""
    calendar = Calendar()
    calendar.add("prodid", "-//MachMit Landkreis Stade//Portal//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("sequence", event.change_number)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        entry.add("location", event.place)
        url = settings.SITE_URL + reverse("events:detail", args=[event.pk])
        entry.add("url", event.online_url or url)
        entry.add("description", f"{event.description}\n\n{url}".strip())
        entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()
