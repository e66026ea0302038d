"""Reads of the volunteers app."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from volunteers.enums import OnboardingStep
from volunteers.models import Interest, Onboarding, OnboardingMilestone, Site, User, Volunteer


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


def site_coordinators() -> SiteCoordinators:
    """Every active coordinator by site, in two queries, for mails that go to the coordinators of a site."""
    by_site: dict[int, set[User]] = {}
    for coordinator in User.objects.filter(is_staff=True, is_active=True).prefetch_related("coordinated_sites"):
        for site in coordinator.coordinated_sites.all():
            by_site.setdefault(site.pk, set()).add(coordinator)
    return SiteCoordinators(by_site)
