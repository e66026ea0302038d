"""Event summaries as the event list and the dashboard show them: rendered once per event, language and state
and kept in the ``fragments`` cache (docs/architecture.md, "Speed"). The visitor's own sign-up is not part of
them; the pages add it.

The pages read only each event's key, the fields of ``KEY_FIELDS``; the events whose summary is not cached yet
are then loaded whole, in one query.
"""

from collections.abc import Sequence
from datetime import datetime

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from events.models import Event

TEMPLATE = "events/_event_summary.html"
# What the summary shows that can change: an edit sets updated_at, a sign-up changes confirmed_count.
KEY_FIELDS = ("id", "updated_at", "confirmed_count")
type SummaryKey = tuple[int, datetime, int]  # an event's values of KEY_FIELDS


def event_summaries(keys: Sequence[SummaryKey]) -> dict[int, SafeString]:
    """Each event's summary by event id: one cache read for all of them, rendering only what is missing.

    An event deleted since the caller read its key has no summary.
    """
    fragments = caches["fragments"]
    language = get_language()
    cache_keys = {
        pk: f"event-summary:{pk}:{updated_at.timestamp()}:{confirmed_count}:{language}"
        for pk, updated_at, confirmed_count in keys
    }
    found = fragments.get_many(cache_keys.values())
    missing = [pk for pk, key in cache_keys.items() if key not in found]
    if missing:
        rendered = {
            # Stored under the key the caller read: should the event have changed since, the content is newer
            # than the key says, and the next read asks for the new key anyway.
            cache_keys[pk]: render_to_string(TEMPLATE, {"event": event})
            for pk, event in Event.objects.select_related("site").in_bulk(missing).items()
        }
        # The cache's own timeout bounds what the key does not name: a renamed site, a changed address.
        fragments.set_many(rendered)
        found |= rendered
    return {pk: found[key] for pk, key in cache_keys.items() if key in found}
