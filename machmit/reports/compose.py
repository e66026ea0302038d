"""The funders' report: each app counts its own (``<app>/reports.py``), and this module lays the counts out as
sections of tables and charts, hiding what could single out a person (``figures``)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.enums import EventKind
from events.reports import EventCounts, event_counts
from machmit.reports import figures
from machmit.reports.charts import Chart, bar_chart, column_chart
from machmit.reports.figures import Figure
from matching.enums import Outcome, RequestStatus
from matching.reports import MatchCounts, RequestCounts, match_counts, request_counts
from volunteers.enums import HelpTopic, HourKind, Language, Municipality, OnboardingStep
from volunteers.models import Site
from volunteers.reports import (
    HourCounts,
    Hours,
    OnboardingCounts,
    Period,
    VolunteerCounts,
    hour_counts,
    onboarding_counts,
    volunteer_counts,
)


@dataclass(frozen=True)
class Row:
    label: str
    figures: list[Figure]


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]  # the heads of the figures' columns
    rows: list[Row]
    total: Row | None = None


@dataclass(frozen=True)
class Section:
    slug: str  # the sheet's and the anchor's name
    title: str
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    scope: str  # "MachMit Stade", or the whole centre
    period: Period
    previous: Period
    sections: list[Section]
    created_at: datetime

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def previous_label(self) -> str:
        return period_label(self.previous)

    @property
    def legend(self) -> str:
        return str(figures.LEGEND)


def period_label(period: Period) -> str:
    return f"{date_format(period.start, 'SHORT_DATE_FORMAT')} – {date_format(period.end, 'SHORT_DATE_FORMAT')}"


@dataclass(frozen=True)
class Counts:
    """What the apps counted for one period."""

    volunteers: VolunteerCounts
    onboarding: OnboardingCounts
    hours: HourCounts
    events: EventCounts
    requests: RequestCounts
    matches: MatchCounts


def counts(*, period: Period, sites: list[int] | None) -> Counts:
    return Counts(
        volunteers=volunteer_counts(period=period, sites=sites),
        onboarding=onboarding_counts(period=period, sites=sites),
        hours=hour_counts(period=period, sites=sites),
        events=event_counts(period=period, sites=sites),
        requests=request_counts(period=period, sites=sites),
        matches=match_counts(period=period, sites=sites),
    )


def report_build(*, period: Period, sites: list[Site], whole_centre: bool = False) -> Report:
    """The report for ``sites``, or for the whole centre (``sites`` being all of them, and what names no site
    counting too), and its comparison with the period of the same length before. A fixed number of queries,
    whatever the data."""
    site_ids = None if whole_centre else [site.pk for site in sites]
    previous = period.previous()
    now, before = counts(period=period, sites=site_ids), counts(period=previous, sites=site_ids)
    return Report(
        scope=_("MachMit, the whole centre") if whole_centre else ", ".join(f"MachMit {site.name}" for site in sites),
        period=period,
        previous=previous,
        sections=[
            _overview(now, before, previous),
            _volunteers(now.volunteers, sites),
            _onboarding(now.onboarding),
            _events(now.events),
            _trainings(now.events),
            _requests(now.requests, sites, whole_centre=whole_centre),
            _matches(now.matches),
            _hours(now.hours),
            _trend(now, period),
        ],
        created_at=timezone.now(),
    )


def _partition(title: str, column: str, parts: list[tuple[str, int]], total_label: str) -> Table:
    """A table of counts of people that add up to its total."""
    shown, total = figures.protect(
        [figures.people(count) for _label, count in parts], figures.people(sum(count for _label, count in parts))
    )
    return Table(
        title,
        [column],
        [Row(label, [figure]) for (label, _count), figure in zip(parts, shown, strict=True)],
        Row(total_label, [total]),
    )


def _key_figures(counts: Counts) -> list[tuple[str, Figure]]:
    return [
        (_("Volunteers engaged"), figures.people(counts.volunteers.engaged)),
        (_("New volunteers"), figures.people(counts.volunteers.new)),
        (_("Ways in begun"), figures.people(counts.onboarding.started)),
        (_("Events held"), figures.number(sum(kind.events for kind in counts.events.by_kind.values()))),
        (
            _("Places taken at events"),
            figures.people(sum(kind.participants for kind in counts.events.by_kind.values())),
        ),
        (_("Requests from newcomers"), figures.people(counts.requests.total)),
        (_("Matches begun"), figures.people(counts.matches.accepted)),
        (_("Confirmed volunteer hours"), figures.hours(counts.hours.total.hours, people=counts.hours.total.people)),
    ]


def _overview(now: Counts, before: Counts, previous: Period) -> Section:
    rows = [
        Row(label, [current, earlier, figures.change(current, earlier)])
        for (label, current), (_label, earlier) in zip(_key_figures(now), _key_figures(before), strict=True)
    ]
    columns = [_("This period"), _("Previous period (%(period)s)") % {"period": period_label(previous)}]
    return Section("overview", _("Overview"), [Table(_("Key figures"), [*columns, _("Difference")], rows)])


def _volunteers(counts: VolunteerCounts, sites: list[Site]) -> Section:
    tables = [
        _partition(
            _("Volunteers engaged in the period"),
            _("Volunteers"),
            [
                (_("Active at the period's end"), counts.active),
                (_("On a break at the period's end"), counts.paused),
                (_("Ended within the period"), counts.ended),
            ],
            _("Engaged in the period"),
        ),
        Table(
            _("New volunteers"),
            [_("Volunteers")],
            [Row(_("Profiles created in the period"), [figures.people(counts.new)])],
        ),
        _partition(
            _("Volunteers by municipality"),
            _("Volunteers"),
            [(str(label), counts.by_municipality.get(value, 0)) for value, label in Municipality.choices],
            _("Engaged in the period"),
        ),
    ]
    if len(sites) > 1:
        tables.append(
            Table(
                _("Volunteers by the site they chose (one may choose both)"),
                [_("Volunteers")],
                [Row(site.name, [figures.people(counts.by_site.get(site.pk, 0))]) for site in sites],
            )
        )
    tables.append(
        Table(
            _("Languages volunteers offer"),
            [_("Volunteers")],
            [
                Row(str(label), [figures.people(counts.by_language[value])])
                for value, label in Language.choices
                if counts.by_language.get(value)
            ],
        )
    )
    return Section("volunteers", _("Volunteers"), tables)


def _onboarding(counts: OnboardingCounts) -> Section:
    rows = [Row(_("Ways in begun"), [figures.people(counts.started), figures.median_days(None, people=0)])]
    for step, step_counts in counts.steps.items():
        rows.append(
            Row(
                str(OnboardingStep(step).label),
                [
                    figures.people(step_counts.reached),
                    figures.median_days(step_counts.median_days, people=step_counts.reached),
                ],
            )
        )
    table = Table(
        _("The way in for new volunteers"), [_("Reached in the period"), _("Median days since the start")], rows
    )
    return Section("onboarding", _("Way in"), [table])


def _columns(parts: list[list[Figure]], total: list[Figure]) -> tuple[list[list[Figure]], list[Figure]]:
    """``figures.protect`` for each column of a table whose rows add up to its total row."""
    for column, column_total in enumerate(total):
        shown, total[column] = figures.protect([row[column] for row in parts], column_total)
        for row, figure in zip(parts, shown, strict=True):
            row[column] = figure
    return parts, total


def _events(counts: EventCounts) -> Section:
    kinds = list(counts.by_kind.items())
    rows = [
        [
            figures.number(c.events),
            figures.number(c.open_to_newcomers),
            figures.people(c.participants),
            figures.people(c.interpreters),
        ]
        for _kind, c in kinds
    ]
    events = sum(c.events for _kind, c in kinds)
    open_to_newcomers = sum(c.open_to_newcomers for _kind, c in kinds)
    total = [
        figures.number(events),
        figures.number(open_to_newcomers),
        figures.people(sum(c.participants for _kind, c in kinds)),
        figures.people(sum(c.interpreters for _kind, c in kinds)),
    ]
    rows, total = _columns(rows, total)
    table = Table(
        _("Events by kind"),
        [_("Events held"), _("Open to newcomers"), _("Places taken"), _("Interpreter assignments")],
        [Row(str(EventKind(kind).label), row) for (kind, _c), row in zip(kinds, rows, strict=True)],
        Row(_("All events"), total),
    )
    share = figures.percent(open_to_newcomers, events)
    return Section(
        "events",
        _("Events"),
        [table],
        charts=[
            bar_chart("chart-events", _("Events held by kind"), [(row.label, row.figures[0]) for row in table.rows])
        ],
        notes=[_("Share of events open to newcomers: %(share)s %%") % {"share": share}],
    )


def _trainings(counts: EventCounts) -> Section:
    trainings = sorted(counts.trainings.items(), key=lambda item: (not item[0], item[0]))
    rows = [
        [figures.number(c.held), figures.people(c.participants), figures.people(c.qualified)] for _n, c in trainings
    ]
    total = [
        figures.number(sum(c.held for _n, c in trainings)),
        figures.people(sum(c.participants for _n, c in trainings)),
        figures.people(sum(c.qualified for _n, c in trainings)),
    ]
    rows, total = _columns(rows, total)
    table = Table(
        _("Trainings"),
        [_("Trainings held"), _("Places taken"), _("Qualifications granted or renewed")],
        [Row(name or _("Other trainings"), row) for (name, _c), row in zip(trainings, rows, strict=True)],
        Row(_("All trainings"), total),
    )
    return Section("trainings", _("Trainings"), [table])


def _requests(counts: RequestCounts, sites: list[Site], *, whole_centre: bool) -> Section:
    received = _("Requests received")
    tables = [
        _partition(
            _("How the requests came"),
            _("Requests"),
            [
                (_("Directly from the newcomer"), counts.total - counts.through_counselling),
                (_("Through a counselling service"), counts.through_counselling),
            ],
            received,
        ),
        _partition(
            _("Requests by municipality"),
            _("Requests"),
            [(str(label), counts.by_municipality.get(value, 0)) for value, label in Municipality.choices],
            received,
        ),
    ]
    if len(sites) > 1:
        parts = [(site.name, counts.by_site.get(site.pk, 0)) for site in sites]
        if whole_centre:
            parts.append((_("No site chosen"), counts.by_site.get(None, 0)))
        tables.append(_partition(_("Requests by site"), _("Requests"), parts, received))
    languages = [
        (str(label), figures.people(counts.by_language[value]))
        for value, label in Language.choices
        if counts.by_language.get(value)
    ]
    tables += [
        Table(
            _("Requests by language (one may name several)"),
            [_("Requests")],
            [Row(label, [f]) for label, f in languages],
        ),
        Table(
            _("Requests by topic (one may name several)"),
            [_("Requests")],
            [Row(str(label), [figures.people(counts.by_topic.get(value, 0))]) for value, label in HelpTopic.choices],
        ),
    ]
    return Section(
        "requests",
        _("Requests from newcomers"),
        tables,
        charts=[bar_chart("chart-languages", _("Requests by language"), languages)],
    )


def _matches(counts: MatchCounts) -> Section:
    figures_table = Table(
        _("Matches"),
        [_("Matches")],
        [
            Row(_("Proposed to a volunteer"), [figures.people(counts.proposed)]),
            Row(_("Accepted: the help began"), [figures.people(counts.accepted)]),
            Row(_("Declined by the volunteer"), [figures.people(counts.declined)]),
            Row(_("Active at the period's end"), [figures.people(counts.active)]),
            Row(_("Ended within the period"), [figures.people(counts.closed)]),
            Row(
                _("Median days from the request to the accepted match"),
                [figures.median_days(counts.days_to_match, people=counts.accepted)],
            ),
        ],
    )
    outcomes = [(str(label), counts.outcomes.get(value, 0)) for value, label in Outcome.choices]
    outcomes.append((_("Rejected by the centre"), counts.outcomes.get(RequestStatus.REJECTED, 0)))
    ended = _partition(_("Outcome of the requests that ended"), _("Requests"), outcomes, _("Requests ended"))
    return Section("matches", _("Matches"), [figures_table, ended])


def _hours(counts: HourCounts) -> Section:
    by_kind = [counts.by_kind.get(value, Hours(Decimal(0), 0)) for value in HourKind.values]
    parts = [figures.hours(kind.hours, people=kind.people) for kind in by_kind]
    parts, total = figures.protect(parts, figures.hours(counts.total.hours, people=counts.total.people))
    table = Table(
        _("Confirmed volunteer hours by kind of activity"),
        [_("Hours")],
        [Row(str(label), [figure]) for (_value, label), figure in zip(HourKind.choices, parts, strict=True)],
        Row(_("All confirmed hours"), [total]),
    )
    return Section("hours", _("Volunteer hours"), [table])


def _trend(counts: Counts, period: Period) -> Section:
    months = period.months()
    rows = []
    for month in months:
        hours = counts.hours.by_month.get(month, Hours(Decimal(0), 0))
        rows.append(
            [
                figures.people(counts.requests.by_month.get(month, 0)),
                figures.people(counts.matches.accepted_by_month.get(month, 0)),
                figures.hours(hours.hours, people=hours.people),
            ]
        )
    total = [
        figures.people(sum(counts.requests.by_month.values())),
        figures.people(sum(counts.matches.accepted_by_month.values())),
        figures.hours(counts.hours.total.hours, people=counts.hours.total.people),
    ]
    rows, total = _columns(rows, total)
    labels = [date_format(month, "YEAR_MONTH_FORMAT") for month in months]
    table = Table(
        _("Month by month"),
        [_("Requests"), _("Matches begun"), _("Confirmed hours")],
        [Row(label, row) for label, row in zip(labels, rows, strict=True)],
        Row(_("The whole period"), total),
    )
    short = [_month_short(month, len(months)) for month in months]
    charts = [
        column_chart(
            f"chart-trend-{column}", title, [(label, row[column]) for label, row in zip(short, rows, strict=True)]
        )
        for column, title in enumerate(
            [_("Requests per month"), _("Matches begun per month"), _("Confirmed hours per month")]
        )
    ]
    return Section("trend", _("Month by month"), [table], charts=charts)


def _month_short(month: date, count: int) -> str:
    """A month's label under its bar: every month in a year, January and July in longer periods."""
    if count <= 12 or month.month in (1, 7):
        return date_format(month, "M y" if count > 12 else "M")
    return ""
