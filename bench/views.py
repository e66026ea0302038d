from django.shortcuts import render

from events.models import Event

BARE_ROWS = 50


def bare(request):
    """The "bare Django page" of DECISIONS.md: 50 rows of the events table in a minimal template."""
    events = Event.objects.order_by("starts_at", "id").values("id", "title", "starts_at")[:BARE_ROWS]
    return render(request, "bench/bare.html", {"events": events})
