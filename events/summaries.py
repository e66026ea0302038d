"""Event summaries as the event list and the dashboard show them: rendered once per event, language and state
and kept in the ``fragments`` cache (docs/architecture.md, "Speed"). The visitor's own sign-up is not part of
them; the pages add it."""

from collections.abc import Sequence

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from events.models import Event

TEMPLATE = "events/_event_summary.html"


def _key(event: Event, language: str) -> str:
    # What the summary shows that can change: an edit sets updated_at, a sign-up changes confirmed_count.
    return f"event-summary:{event.pk}:{event.updated_at.timestamp()}:{event.confirmed_count}:{language}"


def event_summaries(events: Sequence[Event]) -> list[SafeString]:
    """Each event's summary, in order: one cache read for all of them, rendering only what is missing."""
    fragments = caches["fragments"]
    language = get_language()
    keys = [_key(event, language) for event in events]
    found = fragments.get_many(keys)
    missing = {
        key: render_to_string(TEMPLATE, {"event": event})
        for key, event in zip(keys, events, strict=True)
        if key not in found
    }
    if missing:
        # The cache's own timeout bounds what the key does not name: a renamed site, a changed address.
        fragments.set_many(missing)
    return [found[key] if key in found else missing[key] for key in keys]
