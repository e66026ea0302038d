"""The coordinators' desk: the admin's first page, what needs doing now at the coordinator's sites (issue 17).

Each line is a count of rows in one admin list, linking to that list narrowed to exactly those rows: the admin's
own queryset (so a coordinator counts only their sites' rows, the centre's lead both sites') narrowed by the
function of the list's ``DeskFilter`` line. The count and the list cannot disagree, since they are one query.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import admin
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from events.admin.events import EventDeskFilter
from events.models import Event
from events.selectors import events_with_interpreters_missing
from matching.models import HelpRequest
from outbox.models import Mail
from volunteers.admin import DeskFilter
from volunteers.models import HourEntry, Onboarding, Volunteer

# The desk's lines, in the order a coordinator works through them: (model, key of its admin's DeskFilter line).
LINES = [
    (HelpRequest, "new"),
    (HelpRequest, "unanswered"),
    (HelpRequest, "checkin"),
    (Onboarding, "follow_up"),
    (Onboarding, "waiting"),
    (HourEntry, "waiting"),
    (Volunteer, "certificate_due"),
    (Mail, "failed"),
]  # and last the coming week's events, counted from their table below the lines


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    url: str
    waiting_since: datetime | None  # the oldest row's date, where the line says since when it waits


@dataclass(frozen=True)
class Desk:
    lines: list[Line]
    events: list[Event]  # the coming week's, with their places, waiting lists and missing interpreters


def desk_for(request) -> Desk:
    """The desk of the person signed in: one query per line, and two for the week's events with their count."""
    events_admin = admin.site.get_model_admin(Event)
    events = events_with_interpreters_missing(
        EventDeskFilter.lines["coming_week"].narrow(events_admin.get_queryset(request))
    )
    lines = [_line(request, model, key) for model, key in LINES]
    week = EventDeskFilter.lines["coming_week"]
    lines.append(Line(str(week.label), len(events), _list_url(Event, EventDeskFilter, "coming_week"), None))
    return Desk(lines=lines, events=events)


def _line(request, model, key: str) -> Line:
    model_admin = admin.site.get_model_admin(model)
    desk_filter = next(f for f in model_admin.list_filter if isinstance(f, type) and issubclass(f, DeskFilter))
    line = desk_filter.lines[key]
    rows = line.narrow(model_admin.get_queryset(request))
    if line.waiting_since:
        figures = rows.aggregate(count=Count("pk"), oldest=Min(line.waiting_since))
        count, oldest = figures["count"], figures["oldest"]
    else:
        count, oldest = rows.count(), None
    url = _list_url(model, desk_filter, key)
    return Line(str(line.label), count, url, timezone.localtime(oldest) if oldest else None)


def _list_url(model, desk_filter: type[DeskFilter], key: str) -> str:
    """The model's admin list narrowed to one line of its desk filter."""
    opts = model._meta
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{desk_filter.parameter_name}={key}"
