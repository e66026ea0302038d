"""Reads of the volunteers app."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import median

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from volunteers.enums import LEGAL_TEXT_FALLBACK, HourKind, HourStatus, LegalTextKind, OnboardingStep
from volunteers.models import (
    Consent,
    HourEntry,
    Interest,
    LegalText,
    Onboarding,
    OnboardingMilestone,
    ProfileView,
    Site,
    User,
    Volunteer,
)


def site_list() -> QuerySet[Site]:
    return Site.objects.order_by("name")


@dataclass(frozen=True)
class ProfileChoices:
    """What the profile form shows beyond the volunteer's own row."""

    sites: list[tuple[int, str]]  # every site as (id, name), by name
    chosen_sites: list[int]
    languages: dict[str, str]  # language code: level
    topics: list[str]


def profile_choices(*, volunteer: Volunteer | None) -> ProfileChoices:
    """The sites offered and the volunteer's sites, languages and topics."""
    sites = list(site_list().values_list("pk", "name"))
    if volunteer is None:
        return ProfileChoices(sites=sites, chosen_sites=[], languages={}, topics=[])
    return ProfileChoices(
        sites=sites,
        chosen_sites=list(volunteer.sites.values_list("pk", flat=True)),
        languages=dict(volunteer.languages.values_list("language", "level")),
        topics=list(volunteer.topics.values_list("topic", flat=True)),
    )


def volunteer_get_for_user(*, user: User) -> Volunteer | None:
    """The user's own profile, or None (also for visitors). The authentication backend has usually read it with
    the user; otherwise this is one query. Its languages, topics and sites are read where needed."""
    if not user.is_authenticated:
        return None
    try:
        return user.volunteer
    except Volunteer.DoesNotExist:
        return None


def interest_linked(*, user: User) -> Interest | None:
    """The interest entry whose way in this account continues: what the person told us there fills their
    profile form, so that nothing is typed twice."""
    return Interest.objects.filter(onboarding__user=user).select_related("site").first()


@dataclass(frozen=True)
class StepProgress:
    step: OnboardingStep
    reached_at: datetime | None
    is_next: bool


def onboarding_progress(*, user: User) -> list[StepProgress]:
    """The steps of the user's way in, each with the date it was reached; empty when they are not on one or
    have gone all the way. The authentication backend has read the way in with the user; its steps are one
    query, for those on the way only."""
    try:
        onboarding = user.onboarding
    except Onboarding.DoesNotExist:
        return []
    if onboarding.step == OnboardingStep.FOLLOW_UP:
        return []
    reached = dict(onboarding.milestones.values_list("step", "reached_at"))
    steps = [step for step in OnboardingStep if onboarding.needs_certificate or step != OnboardingStep.CERTIFICATE]
    return [StepProgress(step, reached.get(step), step == onboarding.next_step) for step in steps]


def onboardings_reachable(onboardings: QuerySet[Onboarding], *, today: date) -> QuerySet[Onboarding]:
    """Ways in with a person to write to who is neither taking a break nor has ended: only they get mail along
    the way."""
    onboardings = onboardings.exclude(user=None, interest=None)
    return onboardings.exclude(Volunteer.unavailable_on(today, path="user__volunteer__")).select_related(
        "user", "interest"
    )


@dataclass(frozen=True)
class OnboardingFigures:
    """The coordinators' overview of the way in: people at each step per site, and the last 12 months."""

    sites: list[tuple[int | None, str]]  # the columns: (site id or None for "no site yet", name)
    at_step: list[tuple[OnboardingStep, list[tuple[int | None, int]]]]  # per step, (site id, count) per column
    started: int  # ways in started in the last 12 months
    active: int  # of those, how many reached a first assignment
    median_days: list[tuple[OnboardingStep, float | None]]  # per step, the median days it took to reach it


def onboarding_figures(
    onboardings: QuerySet[Onboarding], *, history: QuerySet[Onboarding], now: datetime
) -> OnboardingFigures:
    """The people at each step among ``onboardings``; the last 12 months over ``history``, which also holds
    the ways in whose person is gone (an interest entry deleted after its period), so that those who never
    came count too. Both scoped to the coordinator already. Three queries."""
    counts = onboardings.order_by().values_list("site_id", "step").annotate(count=Count("id"))
    per_site_step = {(site_id, step): count for site_id, step, count in counts.values_list("site_id", "step", "count")}
    site_ids = {site_id for site_id, _step in per_site_step}
    site_names = dict(Site.objects.filter(pk__in=site_ids).values_list("pk", "name"))
    sites = [(pk, name) for pk, name in sorted(site_names.items(), key=lambda item: item[1])]
    if any(site_id is None for site_id, _step in per_site_step):
        sites.append((None, str(_("No site yet"))))
    at_step = [(step, [(pk, per_site_step.get((pk, step), 0)) for pk, _name in sites]) for step in OnboardingStep]

    since = now - timedelta(days=365)
    recent = history.filter(started_at__gte=since)
    milestones = OnboardingMilestone.objects.filter(onboarding__in=recent).order_by("onboarding_id", "reached_at")
    started, active = 0, 0
    days: dict[str, list[float]] = {step: [] for step in OnboardingStep}
    previous: tuple[int, datetime] | None = None
    for onboarding_id, step, reached_at in milestones.values_list("onboarding_id", "step", "reached_at"):
        if previous is None or previous[0] != onboarding_id:
            started += 1
        else:
            days[step].append((reached_at - previous[1]).total_seconds() / 86400)
        active += step == OnboardingStep.FIRST_ASSIGNMENT
        previous = (onboarding_id, reached_at)
    median_days = [(step, median(days[step]) if days[step] else None) for step in list(OnboardingStep)[1:]]
    return OnboardingFigures(sites=sites, at_step=at_step, started=started, active=active, median_days=median_days)


@dataclass(frozen=True)
class SiteCoordinators:
    by_site: dict[int, set[User]]

    def of(self, site_id: int | None) -> set[User]:
        """The coordinators of a site; of both sites for what names none (nobody is lost)."""
        if site_id is None:
            return set().union(*self.by_site.values())
        return self.by_site.get(site_id, set())


def volunteers_ended_before(cutoff: datetime) -> QuerySet[Volunteer]:
    """Volunteers (not staff) whose volunteering ended before ``cutoff``, with their accounts."""
    return Volunteer.objects.filter(ended_at__lt=cutoff, user__is_staff=False).select_related("user")


def site_coordinators() -> SiteCoordinators:
    """Every active coordinator by site, in two queries, for mails that go to the coordinators of a site."""
    by_site: dict[int, set[User]] = {}
    for coordinator in User.objects.filter(is_staff=True, is_active=True).prefetch_related("coordinated_sites"):
        for site in coordinator.coordinated_sites.all():
            by_site.setdefault(site.pk, set()).add(coordinator)
    return SiteCoordinators(by_site)


def ehrenamtskarte_rule(today: date) -> tuple[date, date]:
    """The Ehrenamtskarte's window on ``today``: hours count from the first date (the last 12 months), and the
    engagement must have begun on or before the second (``EHRENAMTSKARTE_MIN_YEARS`` ago)."""
    counts_from = today - relativedelta(years=1) + timedelta(days=1)
    begun_by = today - relativedelta(years=settings.EHRENAMTSKARTE_MIN_YEARS)
    return counts_from, begun_by


def ehrenamtskarte_standing(volunteers: QuerySet[Volunteer], *, today: date) -> QuerySet[Volunteer]:
    """``volunteers`` with ``hours_year`` (confirmed hours in the last 12 months) and ``engaged_from`` (the
    earlier of their first confirmed hours and ``engaged_since``), each read per volunteer from the index on
    (volunteer, status, date)."""
    counts_from, _begun_by = ehrenamtskarte_rule(today)
    confirmed = HourEntry.objects.filter(volunteer=OuterRef("pk"), status=HourStatus.CONFIRMED).order_by()
    in_window = confirmed.filter(date__gte=counts_from, date__lte=today)
    hours_year = in_window.values("volunteer").annotate(total=Sum("hours")).values("total")
    first = Subquery(confirmed.order_by("date").values("date")[:1])
    return volunteers.annotate(
        hours_year=Coalesce(Subquery(hours_year), Decimal(0), output_field=DecimalField()),
        # Either may be empty; Least of SQLite is empty when one is.
        engaged_from=Least(Coalesce("engaged_since", first), Coalesce(first, "engaged_since")),
    )


def ehrenamtskarte_eligible(volunteers: QuerySet[Volunteer], *, today: date) -> QuerySet[Volunteer]:
    """Those of ``volunteers`` who meet the Land's rule on ``today``: at least ``EHRENAMTSKARTE_HOURS_PER_YEAR``
    confirmed hours in the last 12 months, engaged for at least ``EHRENAMTSKARTE_MIN_YEARS``.

    Those with enough hours are found first, in one pass over the last 12 months' entries: summing every
    volunteer's hours took the list of 10,000 volunteers and 500,000 entries 1.6 s (make bench)."""
    counts_from, begun_by = ehrenamtskarte_rule(today)
    enough = (
        HourEntry.objects.filter(status=HourStatus.CONFIRMED, date__gte=counts_from, date__lte=today)
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .filter(total__gte=settings.EHRENAMTSKARTE_HOURS_PER_YEAR)
        .values("volunteer")
    )
    return ehrenamtskarte_standing(volunteers.filter(pk__in=enough), today=today).filter(engaged_from__lte=begun_by)


@dataclass(frozen=True)
class HoursSummary:
    """The dashboard's figures on a volunteer's hours, and their way toward the Ehrenamtskarte."""

    this_year: Decimal
    last_12_months: Decimal
    waiting: int  # entries logged and not yet confirmed
    engaged_since: date | None
    years_engaged: int
    hours_needed: int
    years_needed: int

    @property
    def eligible(self) -> bool:
        return self.last_12_months >= self.hours_needed and self.years_engaged >= self.years_needed


# The dashboard asks on every visit: in SQL of our own, as the ORM's building of this query was most of the
# 4 ms the hours cost the dashboard (make bench, "dashboard"; docs/architecture.md, "Speed").
HOURS_SUMMARY_SQL = """
    SELECT
        SUM(CASE WHEN status = %(confirmed)s AND date >= %(year_start)s AND date <= %(today)s THEN hours END),
        SUM(CASE WHEN status = %(confirmed)s AND date >= %(counts_from)s AND date <= %(today)s THEN hours END),
        COUNT(CASE WHEN status = %(logged)s THEN 1 END),
        MIN(CASE WHEN status = %(confirmed)s THEN date END)
    FROM volunteers_hourentry
    WHERE volunteer_id = %(volunteer)s
"""


def _hours(value) -> Decimal:
    """A sum of hours as PostgreSQL (Decimal) or SQLite (a float, or nothing) gives it."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def hours_summary(*, volunteer: Volunteer, today: date) -> HoursSummary:
    """One query, however many entries the volunteer has."""
    counts_from, _begun_by = ehrenamtskarte_rule(today)
    parameters = {
        "confirmed": HourStatus.CONFIRMED.value,
        "logged": HourStatus.LOGGED.value,
        "year_start": today.replace(month=1, day=1),
        "counts_from": counts_from,
        "today": today,
        "volunteer": volunteer.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(HOURS_SUMMARY_SQL, parameters)
        this_year, last_12_months, waiting, first = cursor.fetchone()
    if isinstance(first, str):  # SQLite
        first = date.fromisoformat(first)
    starts = [day for day in (first, volunteer.engaged_since) if day is not None]
    engaged_since = min(starts) if starts else None
    return HoursSummary(
        this_year=_hours(this_year),
        last_12_months=_hours(last_12_months),
        waiting=waiting,
        engaged_since=engaged_since,
        years_engaged=relativedelta(today, engaged_since).years if engaged_since else 0,
        hours_needed=settings.EHRENAMTSKARTE_HOURS_PER_YEAR,
        years_needed=settings.EHRENAMTSKARTE_MIN_YEARS,
    )


@dataclass(frozen=True)
class YearHours:
    year: int
    total: Decimal
    months: list[tuple[int, Decimal]]  # (month 1-12, confirmed hours), the months with hours only


def hours_by_month(*, volunteer: Volunteer) -> list[YearHours]:
    """Confirmed hours per month and year, the newest year first. One query."""
    rows = (
        HourEntry.objects.filter(volunteer=volunteer, status=HourStatus.CONFIRMED)
        .values_list("date__year", "date__month")
        .annotate(total=Sum("hours"))
        .order_by("-date__year", "date__month")
    )
    years: dict[int, list[tuple[int, Decimal]]] = {}
    for year, month, total in rows:
        years.setdefault(year, []).append((month, total))
    return [YearHours(year, sum((total for _m, total in months), Decimal(0)), months) for year, months in years.items()]


def hour_entries(*, volunteer: Volunteer) -> QuerySet[HourEntry]:
    """A volunteer's own entries, newest first, with their status."""
    return HourEntry.objects.filter(volunteer=volunteer).order_by("-date", "-id")


def trainings_attended(*, volunteer: Volunteer) -> QuerySet[HourEntry]:
    """The trainings the volunteer attended (their attendance recorded the hours), newest first."""
    return hour_entries(volunteer=volunteer).filter(kind=HourKind.TRAINING, status=HourStatus.CONFIRMED)


def certificate_content(*, volunteer: Volunteer, period_start: date, period_end: date) -> dict:
    """What a certificate states for the period, from the confirmed hours: the total and the hours per year, per
    kind of activity (with the lines of other work, which a coordinator confirmed), and the trainings attended
    with their dates. Decimals as strings, dates in ISO format: it is kept as JSON."""
    entries = HourEntry.objects.filter(
        volunteer=volunteer, status=HourStatus.CONFIRMED, date__gte=period_start, date__lte=period_end
    )
    by_year = entries.values_list("date__year").annotate(total=Sum("hours")).order_by("date__year")
    by_kind = dict(entries.values_list("kind").annotate(total=Sum("hours")).order_by())
    trainings = entries.filter(kind=HourKind.TRAINING).order_by("date").values_list("date", "activity")
    other = entries.filter(kind=HourKind.OTHER).order_by("activity").values_list("activity", flat=True).distinct()
    return {
        "hours_total": str(sum(by_kind.values(), Decimal(0))),
        "hours_by_year": [[year, str(total)] for year, total in by_year],
        "activities": [[kind.value, str(by_kind[kind])] for kind in HourKind if kind in by_kind],
        "other_work": list(other[:12]),
        "trainings": [[day.isoformat(), title] for day, title in trainings],
    }


def certificate_site(*, volunteer: Volunteer) -> Site:
    """The letterhead of a certificate a volunteer asks for: their chosen site (the first by name), or the first
    site when they chose none."""
    return volunteer.sites.order_by("name").first() or site_list().first()


def site_signatory(*, site: Site) -> str:
    """The coordinator named on a certificate a volunteer asks for themselves: the site's first coordinator by
    name (they confirmed the hours it states); empty when the site has none."""
    coordinator = site.coordinators.filter(is_active=True).order_by("last_name", "first_name", "pk").first()
    return str(coordinator) if coordinator else ""


def profile_views(*, volunteer: Volunteer) -> QuerySet[ProfileView]:
    """Who of the staff opened a volunteer's profile, and when, newest first."""
    return volunteer.profile_views.select_related("viewer")


def onboarding_milestones(*, user: User) -> QuerySet[OnboardingMilestone]:
    """The steps of someone's way in with their dates."""
    return OnboardingMilestone.objects.filter(onboarding__user=user).order_by("reached_at", "id")


# The current texts are read by the hot public forms (/hilfe/, the Mitmachen page) on every request, so they come
# from the shared cache; publishing a version empties its kind's entry (``services.legal_text_publish``), and the
# timeout bounds a stale entry written by a read that raced the publication.
LEGAL_TEXT_CACHE_SECONDS = 600


def legal_text_cache_key(kind: str) -> str:
    return f"legal-text:{kind}"


@dataclass(frozen=True)
class LegalTextShown:
    """The current version of a text in the language a page shows it in."""

    kind: str
    version: str
    language: str  # of ``body``: the one asked for, or German or English where its translation is missing
    body: str

    @property
    def blocks(self) -> list[tuple[str, list[str]]]:
        """The body as ("p", lines) and ("ul", items): paragraphs are separated by an empty line, and lines that
        begin with "- " are items of a list."""
        blocks: list[tuple[str, list[str]]] = []
        previous = None
        for line in self.body.splitlines():
            line = line.strip()
            if not line:
                previous = None  # an empty line ends the paragraph or list
                continue
            kind, item = ("ul", line[2:].strip()) if line.startswith("- ") else ("p", line)
            if kind == previous:
                blocks[-1][1].append(item)
            else:
                blocks.append((kind, [item]))
            previous = kind
        return blocks

    @property
    def bidi(self) -> bool:
        return get_language_info(self.language)["bidi"]


def legal_text_current(*, kind: str, language: str | None = None) -> LegalTextShown | None:
    """The current (newest published) version of a kind in ``language`` (the active one unless given), else in
    German, else in English; None while no version of it is published."""
    current = cache.get(legal_text_cache_key(kind))
    if current is None:
        text = LegalText.objects.filter(kind=kind).exclude(published_at=None).order_by("-published_at").first()
        if text is None:
            return None
        bodies = dict(text.translations.exclude(body="").values_list("language", "body"))
        current = {"version": text.version, "bodies": bodies}
        cache.set(legal_text_cache_key(kind), current, LEGAL_TEXT_CACHE_SECONDS)
    language = language or get_language()
    for candidate in (language, *LEGAL_TEXT_FALLBACK):
        if candidate in current["bodies"]:
            return LegalTextShown(kind, current["version"], candidate, current["bodies"][candidate])
    return LegalTextShown(kind, current["version"], language, "")


def consent_renewal_needed(*, user: User) -> bool:
    """Whether a volunteer has agreed to an earlier version of the consent text than the current one, and is to be
    asked again (at their next login). Not while no profile exists (its form asks), nor after their volunteering
    ended."""
    volunteer = volunteer_get_for_user(user=user)
    if volunteer is None or volunteer.ended_at is not None:
        return False
    current = legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT)
    return current is not None and volunteer.consent_version != current.version


def consents_for(*, user: User) -> QuerySet[Consent]:
    """Every consent a person gave, newest first, each with its text's version (``consent.text.version``), its
    time and language."""
    return Consent.objects.filter(user=user).select_related("text")


# The coordinators' desk (machmit/desk.py): each narrows the rows a coordinator may see to those of one line, the
# same function for the count on the desk and the list it links to (the admins' DeskFilter).


def onboardings_follow_up_due(
    onboardings: QuerySet[Onboarding], *, now: datetime | None = None
) -> QuerySet[Onboarding]:
    """People at their first assignment for ``ONBOARDING_FOLLOW_UP_AFTER_DAYS`` or longer, still volunteering: the
    follow-up talk is due."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ONBOARDING_FOLLOW_UP_AFTER_DAYS)
    return onboardings.filter(
        step=OnboardingStep.FIRST_ASSIGNMENT, step_reached_at__lte=cutoff, user__isnull=False
    ).exclude(user__volunteer__ended_at__isnull=False)


def onboardings_waiting(onboardings: QuerySet[Onboarding], *, now: datetime | None = None) -> QuerySet[Onboarding]:
    """People on the way in who have waited at one step for ``ONBOARDING_NUDGE_AFTER_DAYS`` or longer (the follow-up
    talk is the last step: no one waits there)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ONBOARDING_NUDGE_AFTER_DAYS)
    return onboardings.exclude(step=OnboardingStep.FOLLOW_UP).filter(step_reached_at__lte=cutoff)


def hours_waiting(entries: QuerySet[HourEntry]) -> QuerySet[HourEntry]:
    """Hours logged that wait for a coordinator to confirm them."""
    return entries.filter(status=HourStatus.LOGGED)


def volunteers_certificate_due(volunteers: QuerySet[Volunteer], *, today: date | None = None) -> QuerySet[Volunteer]:
    """Volunteers whose police certificate is due for inspection within ``POLICE_CERTIFICATE_DUE_WITHIN_DAYS`` (or
    overdue), still volunteering."""
    due = (today or timezone.localdate()) + timedelta(days=settings.POLICE_CERTIFICATE_DUE_WITHIN_DAYS)
    return volunteers.filter(police_certificate__next_due__lte=due, ended_at__isnull=True)
