"""What the seeded database of `make bench` holds, for the report: the figures depend on the data they were
measured on, so the report names it. Imported once Django is set up, as bench.seed is."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q
from django.utils import timezone

from bench import BenchError
from bench.seed import BENCH_COORDINATOR_EMAIL, BENCH_EMAIL, Seeded
from events import selectors
from events.enums import Audience, EventStatus, SignupRole, SignupStatus
from events.models import Event, Qualification, Signup
from events.permissions import events_managed_by
from matching.enums import RequestStatus
from matching.models import HelpRequest
from matching.permissions import requests_for_user
from volunteers import permissions
from volunteers.enums import HourStatus, Language
from volunteers.models import (
    HourEntry,
    Onboarding,
    OnboardingMilestone,
    PoliceCertificate,
    User,
    Volunteer,
    VolunteerLanguage,
    VolunteerTopic,
)
from volunteers.selectors import ehrenamtskarte_eligible


def data_lines(seeded: Seeded) -> list[str]:
    """The report's description of the data; fails when the seeding left confirmed_count wrong."""
    now = timezone.now()
    users = User.objects.aggregate(
        total=Count("id"), verified=Count("emailaddress", filter=Q(emailaddress__verified=True))
    )
    events = Event.objects.aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(status=EventStatus.PUBLISHED)),
        cancelled=Count("id", filter=Q(status=EventStatus.CANCELLED)),
        draft=Count("id", filter=Q(status=EventStatus.DRAFT)),
        past=Count("id", filter=Q(ends_at__lt=now)),
        public=Count("id", filter=Q(audience=Audience.PUBLIC)),
        unlimited=Count("id", filter=Q(capacity=None)),
    )
    signups = Signup.objects.aggregate(
        total=Count("id"),
        confirmed=Count("id", filter=Q(status=SignupStatus.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=SignupStatus.WAITLISTED)),
        cancelled=Count("id", filter=Q(status=SignupStatus.CANCELLED)),
    )
    participants = Q(signups__status=SignupStatus.CONFIRMED, signups__role=SignupRole.PARTICIPANT)
    mismatched = (
        Event.objects.annotate(confirmed=Count("signups", filter=participants))
        .exclude(confirmed_count=F("confirmed"))
        .count()
    )
    if mismatched:
        raise BenchError(f"{mismatched} events' confirmed_count differs from their confirmed sign-ups")
    requests = HelpRequest.objects.aggregate(
        total=Count("id"),
        new=Count("id", filter=Q(status=RequestStatus.NEW)),
        open=Count("id", filter=Q(status__in=[RequestStatus.PROPOSED, RequestStatus.ACTIVE])),
        ended=Count("id", filter=Q(status__in=[RequestStatus.CLOSED, RequestStatus.REJECTED])),
    )
    bench_user = User.objects.get(email=BENCH_EMAIL)
    bench_volunteer = Volunteer.objects.get(user=bench_user)
    crowded = Event.objects.get(pk=seeded.crowded_event_id)
    crowded_signups = crowded.signups.aggregate(
        total=Count("id"), waitlisted=Count("id", filter=Q(status=SignupStatus.WAITLISTED))
    )
    position = selectors.own_signup(user=bench_user, event=crowded).waitlist_position
    hours = HourEntry.objects.aggregate(
        confirmed=Count("id", filter=Q(status=HourStatus.CONFIRMED)),
        logged=Count("id", filter=Q(status=HourStatus.LOGGED)),
        bench=Count("id", filter=Q(volunteer=bench_volunteer)),
    )
    eligible = ehrenamtskarte_eligible(Volunteer.objects.all(), today=timezone.localdate()).count()
    return [
        f"users {users['total']:,} ({users['verified']:,} verified e-mail addresses), volunteer profiles "
        f"{Volunteer.objects.count():,} with {VolunteerLanguage.objects.count():,} languages and "
        f"{VolunteerTopic.objects.count():,} help topics, {Volunteer.sites.through.objects.count():,} chosen sites",
        f"events {events['total']:,}: {events['published']:,} published, {events['cancelled']:,} cancelled, "
        f"{events['draft']:,} drafts; {events['past']:,} past (3 months), {events['total'] - events['past']:,} "
        f"coming (12 months); {events['public']:,} public; {events['unlimited']:,} without a limit",
        f"event list: {selectors.event_list(user=AnonymousUser()).count():,} coming events for visitors, "
        f"{selectors.event_list(user=bench_user).count():,} for volunteers (20 a page); public feed: "
        f"{selectors.public_event_list().count():,} events",
        f"sign-ups {signups['total']:,}: {signups['confirmed']:,} confirmed, {signups['waitlisted']:,} waitlisted, "
        f"{signups['cancelled']:,} cancelled; every event's confirmed_count equals its confirmed participants",
        f"event page measured: #{crowded.pk} ({crowded.title}), {crowded_signups['total']} sign-ups for "
        f"{crowded.capacity} places, {crowded_signups['waitlisted']} waitlisted, the benchmark volunteer is "
        f"number {position} on its waiting list",
        f"benchmark volunteer {BENCH_EMAIL}: {len(selectors.my_signups(volunteer=bench_volunteer))} coming "
        f"sign-ups on the dashboard",
        f"newcomers' requests {requests['total']:,}: {requests['new']:,} new, {requests['open']:,} proposed or "
        f"active, {requests['ended']:,} closed or rejected; {Qualification.objects.count():,} qualifications, "
        f"{PoliceCertificate.objects.count():,} police-certificate inspections",
        f"way in: {Onboarding.objects.count():,} people ({Onboarding.objects.exclude(user=None).count():,} with an "
        f"account, the others from the Mitmachen form) with {OnboardingMilestone.objects.count():,} steps reached; "
        f"admin pages opened as the Stade coordinator",
        f"hours: {HourEntry.objects.count():,} entries ({hours['confirmed']:,} confirmed, {hours['logged']:,} "
        f"waiting for a coordinator); the benchmark volunteer's dashboard sums {hours['bench']:,} of them; "
        f"{eligible:,} volunteers meet the Ehrenamtskarte's rule",
        f"seeded in {seeded.seconds:.0f} s with bulk_create, then VACUUM ANALYZE and CHECKPOINT",
    ]


@dataclass(frozen=True)
class AdminObjects:
    """The rows whose admin change pages are measured, each the Stade coordinator's with the most to show."""

    event_id: int
    event_signups: int
    signup_id: int
    request_id: int
    volunteer_id: int
    onboarding_id: int
    interest_id: int
    hour_entry_id: int
    qualification_id: int
    description: str


def admin_objects(seeded: Seeded) -> AdminObjects:
    """The crowded event (Stade organises it), an open request with German among its languages (the most
    candidates to rank for its suggestions), and of each other kind the coordinator's row with the most related
    rows; fails when the coordinator may not open one of them."""
    coordinator = User.objects.get(email=BENCH_COORDINATOR_EMAIL)
    event = events_managed_by(coordinator).annotate(total=Count("signups")).filter(pk=seeded.crowded_event_id).first()
    if event is None:
        raise BenchError("the Stade coordinator does not organise the crowded event")
    help_request = (
        requests_for_user(coordinator)
        .filter(status=RequestStatus.NEW, languages__contains=[Language.GERMAN])
        .order_by("pk")
        .first()
    )
    volunteers = permissions.volunteers_for_user(coordinator)
    volunteer = (
        volunteers.filter(police_certificate__isnull=False)
        .annotate(languages_count=Count("languages", distinct=True), topics_count=Count("topics", distinct=True))
        .order_by("-languages_count", "-topics_count", "pk")
        .first()
    )
    onboarding = (
        permissions.onboardings_for_user(coordinator)
        .annotate(steps=Count("milestones"))
        .order_by("-steps", "pk")
        .first()
    )
    interest = permissions.interests_for_user(coordinator).order_by("pk").first()
    hour_entry = permissions.hours_for_user(coordinator).filter(status=HourStatus.LOGGED).order_by("pk").first()
    qualification = Qualification.objects.filter(volunteer__in=volunteers).order_by("pk").first()
    found = [help_request, volunteer, onboarding, interest, hour_entry, qualification]
    if None in found:
        raise BenchError("the seeded data lack a row of the Stade coordinator's for an admin page")
    return AdminObjects(
        event_id=event.pk,
        event_signups=event.total,
        signup_id=event.signups.order_by("pk").first().pk,
        request_id=help_request.pk,
        volunteer_id=volunteer.pk,
        onboarding_id=onboarding.pk,
        interest_id=interest.pk,
        hour_entry_id=hour_entry.pk,
        qualification_id=qualification.pk,
        description=(
            f"admin change pages measured: event #{event.pk} ({event.total} sign-ups), request "
            f"{help_request.reference} ({', '.join(help_request.languages)}), volunteer #{volunteer.pk} "
            f"({volunteer.languages_count} languages, {volunteer.topics_count} help topics, a police certificate), "
            f"way in #{onboarding.pk} ({onboarding.steps} steps), the batch proposal of "
            f"{requests_for_user(coordinator).filter(status=RequestStatus.NEW).count():,} open requests"
        ),
    )
