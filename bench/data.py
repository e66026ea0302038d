"""What the seeded database of `make bench` holds, for the report: the figures depend on the data they were
measured on, so the report names it. Imported once Django is set up, as bench.seed is."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q
from django.utils import timezone

from bench import BenchError
from bench.seed import BENCH_EMAIL, Seeded
from events import selectors
from events.enums import Audience, EventStatus, SignupRole, SignupStatus
from events.models import Event, Qualification, Signup
from matching.enums import RequestStatus
from matching.models import HelpRequest
from volunteers.enums import HourStatus
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
