"""What the volunteers app counts for the funders' report: volunteers, the way in and confirmed hours.

The report (``machmit.reports``) asks each app for its own counts over a period and a set of sites and composes
them. These functions only count: they return plain figures, never a person, and the report decides what it may
show (small counts are hidden there). ``sites`` is a list of site ids, or ``None`` for the whole centre, which
also counts what names no site.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import median

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from volunteers.enums import HourStatus, OnboardingStep
from volunteers.models import HourEntry, Onboarding, OnboardingMilestone, Volunteer, VolunteerLanguage


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included, in the centre's time zone."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of each month the period touches."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month += relativedelta(months=1)
        return months

    def month_of(self, moment: datetime) -> date:
        return timezone.localtime(moment).date().replace(day=1)


def in_sites(queryset: QuerySet, sites: list[int] | None, *, field: str) -> QuerySet:
    """The rows of ``sites`` (through ``field``, e.g. "site_id"); all rows for the whole centre."""
    return queryset if sites is None else queryset.filter(**{f"{field}__in": sites})


@dataclass(frozen=True)
class VolunteerCounts:
    engaged: int  # had a profile during the period and had not ended before it: active + paused + ended
    active: int  # of those, at the period's end neither on a break nor ended
    paused: int  # at the period's end on a break (the portal keeps each volunteer's latest break only)
    ended: int  # ended their volunteering within the period
    new: int  # profiles created within the period
    by_municipality: dict[str, int]  # the engaged, by where they live
    by_site: dict[int, int]  # the engaged, by the sites they chose (one may choose both)
    by_language: dict[str, int]  # the engaged, by each language they offer


def volunteer_counts(*, period: Period, sites: list[int] | None) -> VolunteerCounts:
    """Four queries."""
    volunteers = Volunteer.objects.filter(created_at__lt=period.until).exclude(ended_at__lt=period.since)
    if sites is not None:
        chosen = Volunteer.sites.through.objects.filter(volunteer=OuterRef("pk"), site_id__in=sites)
        volunteers = volunteers.filter(Exists(chosen))
    ended = Q(ended_at__lt=period.until)
    paused = ~ended & Q(paused_at__lt=period.until) & (Q(paused_until=None) | Q(paused_until__gte=period.end))
    figures = volunteers.aggregate(
        engaged=Count("pk"),
        ended=Count("pk", filter=ended),
        paused=Count("pk", filter=paused),
        new=Count("pk", filter=Q(created_at__gte=period.since)),
    )
    choices = in_sites(Volunteer.sites.through.objects.filter(volunteer__in=volunteers), sites, field="site_id")
    return VolunteerCounts(
        engaged=figures["engaged"],
        active=figures["engaged"] - figures["ended"] - figures["paused"],
        paused=figures["paused"],
        ended=figures["ended"],
        new=figures["new"],
        by_municipality=dict(volunteers.order_by().values_list("municipality").annotate(count=Count("pk"))),
        by_site=dict(choices.order_by().values_list("site_id").annotate(count=Count("pk"))),
        by_language=dict(
            VolunteerLanguage.objects.filter(volunteer__in=volunteers)
            .order_by()
            .values_list("language")
            .annotate(count=Count("pk"))
        ),
    )


@dataclass(frozen=True)
class StepCounts:
    reached: int  # people who reached the step within the period
    median_days: float | None  # from the start of their way in to the step, over those people


@dataclass(frozen=True)
class OnboardingCounts:
    started: int  # ways in begun within the period, those whose person is gone included
    steps: dict[str, StepCounts]  # every step after the first, in order


def onboarding_counts(*, period: Period, sites: list[int] | None) -> OnboardingCounts:
    """Two queries."""
    onboardings = in_sites(Onboarding.objects.all(), sites, field="site_id")
    started = onboardings.filter(started_at__gte=period.since, started_at__lt=period.until).count()
    reached = OnboardingMilestone.objects.filter(
        onboarding__in=onboardings, reached_at__gte=period.since, reached_at__lt=period.until
    ).values_list("step", "reached_at", "onboarding__started_at")
    days: dict[str, list[float]] = {step: [] for step in list(OnboardingStep)[1:]}
    for step, reached_at, started_at in reached:
        if step in days:
            days[step].append((reached_at - started_at).total_seconds() / 86400)
    return OnboardingCounts(
        started=started,
        steps={
            step: StepCounts(reached=len(values), median_days=median(values) if values else None)
            for step, values in days.items()
        },
    )


@dataclass(frozen=True)
class Hours:
    hours: Decimal
    people: int  # the volunteers whose hours these are (the deleted not counted)


def _hours(value) -> Decimal:
    """A sum of hours as PostgreSQL (a decimal) or SQLite (a float, or nothing for no rows) hands it back."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class HourCounts:
    total: Hours
    by_kind: dict[str, Hours]
    by_month: dict[date, Hours]  # by the first day of the month


def hour_counts(*, period: Period, sites: list[int] | None) -> HourCounts:
    """The confirmed hours given within the period. Three queries (the people behind a sum cannot be added up)."""
    entries = in_sites(
        HourEntry.objects.filter(status=HourStatus.CONFIRMED, date__gte=period.start, date__lte=period.end),
        sites,
        field="site_id",
    ).order_by()
    figures = {"hours": Sum("hours"), "people": Count("volunteer", distinct=True)}
    total = entries.aggregate(**figures)
    by_kind = entries.values_list("kind").annotate(**figures).values_list("kind", "hours", "people")
    by_month = (
        entries.annotate(month=TruncMonth("date"))
        .values_list("month")
        .annotate(**figures)
        .values_list("month", "hours", "people")
    )
    return HourCounts(
        total=Hours(_hours(total["hours"]), total["people"]),
        by_kind={kind: Hours(_hours(hours), people) for kind, hours, people in by_kind},
        by_month={month: Hours(_hours(hours), people) for month, hours, people in by_month},
    )
