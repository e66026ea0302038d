"""Event summaries as the event list and the dashboard show them: rendered once per event, language and state
and kept in the ``fragments`` cache (docs/architecture.md, "Speed"). The visitor's own sign-up is not part of
them; the pages add it.

The pages read only the fields of ``KEY_FIELDS`` for their events; the events whose summary is not cached yet
are then loaded whole, in one query.
"""

from collections.abc import Sequence

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from events.models import Event

TEMPLATE = "events/_event_summary.html"
# What the summary shows that can change: an edit sets updated_at, a sign-up changes confirmed_count.
KEY_FIELDS = ("id", "updated_at", "confirmed_count")


def _key(event: Event, language: str) -> str:
    return f"event-summary:{event.pk}:{event.updated_at.timestamp()}:{event.confirmed_count}:{language}"


def event_summaries(events: Sequence[Event]) -> dict[int, SafeString]:
    """Each event's summary by event id: one cache read for all of them, rendering only what is missing.

    An event deleted since the caller read it has no summary.
    """
    fragments = caches["fragments"]
    language = get_language()
    keys = {event.pk: _key(event, language) for event in events}
    found = fragments.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    rendered = {}
    if missing:
        for pk, event in Event.objects.select_related("site").in_bulk(missing).items():
            # Stored under the key the caller read: should the event have changed since, the content is newer
            # than the key says, and the next read asks for the new key anyway.
            rendered[keys[pk]] = render_to_string(TEMPLATE, {"event": event})
        # The cache's own timeout bounds what the key does not name: a renamed site, a changed address.
        fragments.set_many(rendered)
    return {pk: found.get(key) or rendered[key] for pk, key in keys.items() if key in found or key in rendered}
