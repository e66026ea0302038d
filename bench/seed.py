"""Full-scale data for `make bench`, written with bulk_create (no services: they would take an hour).

10,000 volunteers with verified e-mail addresses, languages, topics and preferred sites; 2,000 events over the
past 3 and the coming 12 months at both sites; 100,000 sign-ups, confirmed up to each event's capacity and
waitlisted beyond it, so that every event's confirmed_count is the number of its confirmed participants.
One benchmark volunteer has about 20 coming sign-ups and waits on the list of the event with most sign-ups,
which Stade organises (its admin page is measured as the Stade coordinator's).
5,000 newcomers' requests: open ones, ones proposed to or helped by a volunteer (within each volunteer's
capacity), closed and rejected ones; qualifications from trainings and police-certificate inspections, so that
the matching's caseload, training and children criteria have real rows to read. 500,000 hour entries over five
years: the benchmark volunteer's weekly ones, the rest spread over the others, a few very active volunteers among
them meeting the Ehrenamtskarte's rule.
"""

import random
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from events.enums import Audience, EventKind, EventStatus, SignupRole, SignupStatus
from events.models import Event, Qualification, Signup, TrainingType
from matching.enums import ContactMethod, MatchStatus, Outcome, RequestStatus
from matching.models import HelpRequest, Match
from volunteers.enums import (
    AVAILABILITY_ALL,
    Gender,
    HelpTopic,
    HourKind,
    HourStatus,
    Language,
    LanguageLevel,
    LegalTextKind,
    Municipality,
    OnboardingStep,
    WayToHelp,
)
from volunteers.models import (
    Consent,
    HourEntry,
    Interest,
    LegalText,
    Onboarding,
    OnboardingMilestone,
    PoliceCertificate,
    Site,
    User,
    Volunteer,
    VolunteerLanguage,
    VolunteerTopic,
)
from volunteers.selectors import legal_text_current

VOLUNTEERS = 10_000
EVENTS = 2_000
SIGNUPS = 100_000
PAST_DAYS = 90
COMING_DAYS = 365
REQUESTS = 5_000
# Shares of the requests by status; the rest are closed or rejected.
REQUEST_SHARES = {RequestStatus.NEW: 0.2, RequestStatus.PROPOSED: 0.05, RequestStatus.ACTIVE: 0.3}
QUALIFIED_SHARE = 0.3  # volunteers with a valid qualification from a training
CERTIFIED_SHARE = 0.25  # volunteers whose police certificate was inspected
BATCH = 5_000

BENCH_EMAIL = "bench@example.org"
BENCH_COORDINATOR_EMAIL = "bench-koordination@example.org"  # coordinates Stade
BENCH_COORDINATOR_TOTP_SECRET = "MJSW4Y3IFVRW633SMRUW4YLUNFXW4LJR"  # noqa: S105  (their authenticator app)
ONBOARDINGS = 3_000  # people on the way in: two thirds from the Mitmachen form, a third with an account
BENCH_PASSWORD = "bench-Passw0rd-machmit"  # noqa: S105  (a throwaway database that lives for one run)
HOUR_ENTRIES = 500_000
HOUR_YEARS = 5
BENCH_HOUR_WEEKS = HOUR_YEARS * 52  # the benchmark volunteer's weekly entries, shown on the dashboard
ACTIVE_SHARE, ACTIVE_WEIGHT = 0.02, 15  # a few volunteers give far more time: those meet the Ehrenamtskarte's rule
BENCH_COMING_SIGNUPS = 20
BENCH_PAST_SIGNUPS = 8
# The event whose page is measured: many sign-ups, a long waiting list with the benchmark volunteer on it.
CROWDED_CAPACITY = 60
CROWDED_SIGNUPS = 400
CROWDED_BENCH_POSITION = 390

FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hannah", "Ibrahim", "Jonas", "Katharina", "Leon",
    "Mariam", "Niklas", "Olena", "Paul", "Reza", "Sabine", "Tobias", "Ursula", "Wolfgang", "Yusuf", "Zeynep",
]  # fmt: skip
LAST_NAMES = [
    "Ahmadi", "Becker", "Fischer", "Haddad", "Hoffmann", "Kaya", "Koch", "Kovalenko", "Meyer", "Müller",
    "Peters", "Richter", "Schmidt", "Schneider", "Schulz", "Wagner", "Weber", "Wolf", "Yılmaz", "Zimmermann",
]  # fmt: skip
TITLES = {
    EventKind.FORUM: ["Austauschforum", "Offenes Austauschforum", "Stammtisch der Ehrenamtlichen"],
    EventKind.INTERCULTURAL: ["Interkulturelles Frühstück", "Internationales Kochen", "Fest der Kulturen"],
    EventKind.TRAINING: ["Basisschulung Integrationslotsen", "Schulung Behördenbegleitung", "Erste Hilfe"],
    EventKind.SUPERVISION: ["Supervision", "Kollegiale Beratung"],
    EventKind.NETWORK: ["Netzwerktreffen Integration", "Runder Tisch Ehrenamt"],
    EventKind.INFO: ["Infoabend Ehrenamt", "Infoabend Wohnungssuche", "Infoabend Anerkennung von Abschlüssen"],
}
KIND_WEIGHTS = {
    EventKind.FORUM: 30,
    EventKind.INTERCULTURAL: 20,
    EventKind.TRAINING: 15,
    EventKind.SUPERVISION: 10,
    EventKind.NETWORK: 10,
    EventKind.INFO: 15,
}
DESCRIPTION = (
    "Wir treffen uns, tauschen Erfahrungen aus der Begleitung aus und besprechen Fragen, die viele von euch "
    "gerade beschäftigen. Neue Ehrenamtliche sind herzlich willkommen; Getränke und ein kleiner Imbiss stehen "
    "bereit. Bitte meldet euch an, damit wir planen können.\n\nBei Fragen erreicht ihr das Team im Büro."
)
# Where volunteers of a municipality usually go; the rest choose both sites or none.
NEAR_BUXTEHUDE = {Municipality.BUXTEHUDE, Municipality.APENSEN, Municipality.HORNEBURG, Municipality.JORK}


@dataclass
class Seeded:
    bench_user_id: int
    crowded_event_id: int
    seconds: float


@dataclass
class _PlannedSignup:
    volunteer_index: int
    status: str
    waitlisted_at: datetime | None


def _users(rng: random.Random, password_hash: str) -> list[User]:
    users = [
        User(
            email=BENCH_EMAIL,
            first_name="Berta",
            last_name="Bench",
            password=password_hash,
            language="de",
        )
    ]
    for number in range(1, VOLUNTEERS):
        users.append(
            User(
                email=f"volunteer{number}@example.org",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password_hash,
                language="de" if rng.random() < 0.8 else "en",
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=BATCH
    )
    return users


def _volunteers(rng: random.Random, users: list[User], sites: dict[str, Site]) -> list[Volunteer]:
    now = timezone.now()
    consent_text = LegalText.objects.get(
        kind=LegalTextKind.VOLUNTEER_CONSENT, version=legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT).version
    )
    municipalities = Municipality.values
    weights = [30 if value in (Municipality.STADE, Municipality.BUXTEHUDE) else 5 for value in municipalities]
    volunteers = [
        Volunteer(
            user=user,
            phone=f"04141 {rng.randint(10000, 99999)}",
            municipality=Municipality.STADE if index == 0 else rng.choices(municipalities, weights)[0],
            availability=rng.getrandbits(21) & AVAILABILITY_ALL,
            gender=rng.choice([*Gender.values, ""]),
            capacity=rng.randint(1, 3),
            consent_version=consent_text.version,
            consent_given_at=now - timedelta(days=rng.randint(1, 700)),
            consent_language=user.language,
            calendar_token=secrets.token_urlsafe(32) if index == 0 else None,
        )
        for index, user in enumerate(users)
    ]
    Volunteer.objects.bulk_create(volunteers, batch_size=BATCH)
    Consent.objects.bulk_create(
        [
            Consent(
                user=volunteer.user,
                text=consent_text,
                language=volunteer.consent_language,
                given_at=volunteer.consent_given_at,
            )
            for volunteer in volunteers
        ],
        batch_size=BATCH,
    )

    chosen_sites, languages, topics = [], [], []
    others = [code for code in Language.values if code != Language.GERMAN]
    for volunteer in volunteers:
        choice = rng.random()
        if choice < 0.1:
            slugs = []
        elif choice < 0.25:
            slugs = ["stade", "buxtehude"]
        else:
            slugs = ["buxtehude" if volunteer.municipality in NEAR_BUXTEHUDE else "stade"]
        chosen_sites += [Volunteer.sites.through(volunteer=volunteer, site=sites[slug]) for slug in slugs]

        spoken = {Language.GERMAN: rng.choice([LanguageLevel.NATIVE, LanguageLevel.FLUENT])}
        for code in rng.sample(others, rng.randint(0, 2)):
            spoken[code] = rng.choice(LanguageLevel.values)
        languages += [
            VolunteerLanguage(volunteer=volunteer, language=code, level=level) for code, level in spoken.items()
        ]
        chosen_topics = rng.sample(HelpTopic.values, rng.randint(1, 3))
        topics += [VolunteerTopic(volunteer=volunteer, topic=topic) for topic in chosen_topics]
    Volunteer.sites.through.objects.bulk_create(chosen_sites, batch_size=BATCH)
    VolunteerLanguage.objects.bulk_create(languages, batch_size=BATCH)
    VolunteerTopic.objects.bulk_create(topics, batch_size=BATCH)
    return volunteers


def _events(rng: random.Random, sites: list[Site]) -> list[Event]:
    local = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    events = []
    for _number in range(EVENTS):
        day = today + timedelta(days=rng.randint(-PAST_DAYS, COMING_DAYS))
        starts_at = datetime(day.year, day.month, day.day, rng.choice([10, 14, 17, 18, 19]), tzinfo=local)
        kind = rng.choices(kinds, kind_weights)[0]
        site = rng.choice(sites)
        place = rng.random()
        status = rng.random()
        events.append(
            Event(
                site=site,
                kind=kind,
                title=f"{rng.choice(TITLES[kind])} {site.name}",
                description=DESCRIPTION,
                venue="Stadtbibliothek, Seminarraum 2" if place < 0.2 else "",
                online_url="https://meet.example.org/machmit" if 0.2 <= place < 0.28 else "",
                capacity=None if rng.random() < 0.15 else rng.randint(40, 80),
                audience=Audience.PUBLIC if rng.random() < 0.4 else Audience.VOLUNTEERS,
                languages=["de", *rng.sample(["en", "ar", "fa", "uk"], rng.randint(0, 1))],
                interpreter_languages=rng.sample(["ar", "fa", "uk", "tr"], 2) if rng.random() < 0.15 else [],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=rng.choice([90, 120, 180])),
                signup_deadline=starts_at - timedelta(days=1) if rng.random() < 0.3 else None,
                status=EventStatus.CANCELLED
                if status < 0.03
                else EventStatus.DRAFT
                if status < 0.06
                else EventStatus.PUBLISHED,
            )
        )
    return events


def _plan_signups(rng: random.Random, events: list[Event]) -> tuple[dict[int, list[_PlannedSignup]], int]:
    """Who signs up for which event (by list index), and the index of the crowded event.

    Sets each event's confirmed_count (participants confirmed) before the events are written.
    """
    now = timezone.now()
    open_events = [index for index, event in enumerate(events) if event.status != EventStatus.DRAFT]
    coming = [
        index
        for index in open_events
        if events[index].status == EventStatus.PUBLISHED and events[index].starts_at > now + timedelta(days=14)
    ]
    crowded = min(coming, key=lambda index: events[index].starts_at)
    events[crowded].capacity = CROWDED_CAPACITY
    coming.remove(crowded)
    past = [index for index in open_events if events[index].ends_at < now]
    bench_events = {*rng.sample(coming, BENCH_COMING_SIGNUPS), *rng.sample(past, BENCH_PAST_SIGNUPS)}

    # Sizes: the crowded event fixed, the others drawn around the mean and scaled to the total.
    others = [index for index in open_events if index != crowded]
    weights = [rng.uniform(0.3, 1.7) for _ in others]
    budget = SIGNUPS - CROWDED_SIGNUPS
    sizes = {index: max(2, int(budget * weight / sum(weights))) for index, weight in zip(others, weights, strict=True)}
    shortfall = budget - sum(sizes.values())
    for index in rng.sample(others, abs(shortfall)):
        sizes[index] += 1 if shortfall > 0 else -1
    sizes[crowded] = CROWDED_SIGNUPS

    plans = {}
    for index, size in sizes.items():
        event = events[index]
        people = rng.sample(range(1, VOLUNTEERS), size)
        bench_position = None
        if index == crowded:
            bench_position = CROWDED_BENCH_POSITION
        elif index in bench_events:
            bench_position = rng.randrange(size)
        if bench_position is not None:
            people[bench_position] = 0
        window_end = min(event.starts_at - timedelta(hours=1), now)
        times = sorted(window_end - timedelta(seconds=rng.uniform(0, 60 * 86400)) for _ in people)
        plan, confirmed = [], 0
        for person, signed_up_at in zip(people, times, strict=True):
            if person != 0 and rng.random() < 0.05:
                plan.append(_PlannedSignup(person, SignupStatus.CANCELLED, None))
            elif event.capacity is None or confirmed < event.capacity:
                plan.append(_PlannedSignup(person, SignupStatus.CONFIRMED, None))
                confirmed += 1
            else:
                plan.append(_PlannedSignup(person, SignupStatus.WAITLISTED, signed_up_at))
        event.confirmed_count = confirmed
        plans[index] = plan
    return plans, crowded


def _organised_by(event: Event, site: Site) -> None:
    """The crowded event's admin page is measured too, as the Stade coordinator opens it: Stade organises it."""
    event.title = event.title.removesuffix(event.site.name) + site.name
    event.site = site


def _qualifications(rng: random.Random, volunteers: list[Volunteer]) -> None:
    today = timezone.localdate()
    training_types = [
        TrainingType.objects.create(name="Basisschulung Integrationslotsen", validity_months=36),
        TrainingType.objects.create(name="Schulung Behördenbegleitung", validity_months=None),
    ]
    qualifications, certificates = [], []
    for volunteer in volunteers:
        if rng.random() < QUALIFIED_SHARE:
            for training_type in rng.sample(training_types, rng.randint(1, 2)):
                acquired_on = today - timedelta(days=rng.randint(30, 1500))
                valid_until = None
                if training_type.validity_months:
                    valid_until = acquired_on + timedelta(days=training_type.validity_months * 30)
                qualifications.append(
                    Qualification(
                        volunteer=volunteer,
                        training_type=training_type,
                        acquired_on=acquired_on,
                        valid_until=valid_until,
                    )
                )
        if rng.random() < CERTIFIED_SHARE:
            inspected_on = today - timedelta(days=rng.randint(10, 2000))
            certificates.append(
                PoliceCertificate(
                    volunteer=volunteer,
                    inspected_on=inspected_on,
                    certificate_date=inspected_on - timedelta(days=rng.randint(5, 60)),
                    next_due=inspected_on + timedelta(days=5 * 365),
                    cleared_for_children=rng.random() < 0.95,
                )
            )
    Qualification.objects.bulk_create(qualifications, batch_size=BATCH)
    PoliceCertificate.objects.bulk_create(certificates, batch_size=BATCH)


def _requests(rng: random.Random, volunteers: list[Volunteer], sites: list[Site]) -> None:
    """Requests with their matches; a volunteer's open matches stay within their capacity."""
    now = timezone.now()
    municipalities = Municipality.values
    newcomer_languages = ["ar", "fa", "uk", "ru", "tr", "en", "de"]
    free = {volunteer.pk: volunteer.capacity for volunteer in volunteers}
    requests, planned = [], []
    for number in range(REQUESTS):
        draw = rng.random()
        for candidate_status, share in REQUEST_SHARES.items():
            if draw < share:
                status = candidate_status
                break
            draw -= share
        else:
            status = RequestStatus.CLOSED if rng.random() < 0.85 else RequestStatus.REJECTED
        created_at = now - timedelta(days=rng.uniform(1, 400))
        ended = status in (RequestStatus.CLOSED, RequestStatus.REJECTED)
        requests.append(
            HelpRequest(
                reference=f"B{number:07d}",
                first_name=rng.choice(FIRST_NAMES),
                contact_method=ContactMethod.PHONE,
                phone=f"0151 {rng.randint(1000000, 9999999)}",
                municipality=rng.choice(municipalities),
                site=rng.choice([*sites, None]),
                languages=rng.sample(newcomer_languages, rng.randint(1, 2)),
                topics=rng.sample(HelpTopic.values, rng.randint(1, 3)),
                availability=rng.getrandbits(21) & AVAILABILITY_ALL,
                children_involved=rng.random() < 0.3,
                language=rng.choice(["de", "ar", "fa", "uk", "ru", "tr", "en"]),
                consent_version="1",
                consent_given_at=created_at,
                consent_language="de",
                status=status,
                outcome=rng.choice(Outcome.values) if status == RequestStatus.CLOSED else "",
                ended_at=created_at + timedelta(days=rng.uniform(1, 120)) if ended else None,
            )
        )
        match_status = {
            RequestStatus.PROPOSED: MatchStatus.PROPOSED,
            RequestStatus.ACTIVE: MatchStatus.ACTIVE,
            RequestStatus.CLOSED: MatchStatus.CLOSED,
        }.get(status)
        if match_status is not None:
            volunteer = rng.choice(volunteers)
            if match_status in (MatchStatus.PROPOSED, MatchStatus.ACTIVE):
                if free[volunteer.pk] == 0:
                    requests[-1].status = RequestStatus.NEW
                    continue
                free[volunteer.pk] -= 1
            planned.append((number, volunteer, match_status))
    HelpRequest.objects.bulk_create(requests, batch_size=BATCH)
    # created_at is auto_now_add; spread it over the past year as a live database would have it.
    HelpRequest.objects.bulk_update(
        [HelpRequest(pk=request.pk, created_at=request.consent_given_at) for request in requests],
        ["created_at"],
        batch_size=BATCH,
    )
    Match.objects.bulk_create(
        [
            Match(
                request=requests[number],
                volunteer=volunteer,
                status=match_status,
                score=rng.uniform(3, 15),
                responded_at=None if match_status == MatchStatus.PROPOSED else now,
                closed_at=now if match_status == MatchStatus.CLOSED else None,
            )
            for number, volunteer, match_status in planned
        ],
        batch_size=BATCH,
    )


def _onboardings(rng: random.Random, volunteers: list[Volunteer], sites: list[Site]) -> None:
    """People on the way in, at every step, with the steps they reached; the Stade coordinator coordinates."""
    now = timezone.now()
    coordinator = User.objects.create(
        email=BENCH_COORDINATOR_EMAIL,
        first_name="Klara",
        last_name="Koordination",
        password=make_password(BENCH_PASSWORD),
        is_staff=True,
    )
    EmailAddress.objects.create(user=coordinator, email=coordinator.email, verified=True, primary=True)
    TOTP.activate(coordinator, BENCH_COORDINATOR_TOTP_SECRET)  # the admin opens only with a second factor
    sites[0].coordinators.add(coordinator)
    steps = list(OnboardingStep)
    interest_version = legal_text_current(kind=LegalTextKind.INTEREST_CONSENT).version
    with_account = rng.sample(volunteers[1:], ONBOARDINGS // 3)
    interests, onboardings, reached = [], [], []
    for number in range(ONBOARDINGS):
        started = now - timedelta(days=rng.uniform(1, 500))
        site = rng.choice([*sites, None])
        ways = rng.sample(WayToHelp.values, rng.randint(1, 2))
        user = with_account[number].user if number < len(with_account) else None
        interest = None
        if user is None:
            interest = Interest(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email=f"interest{number}@example.org",
                languages=rng.sample(["ar", "fa", "uk", "ru", "tr", "de"], 2),
                ways=ways,
                site=site,
                language=rng.choice(["de", "ar", "fa", "uk", "ru", "tr"]),
                consent_version=interest_version,
                consent_given_at=started,
                consent_language="de",
            )
            interests.append(interest)
        last = rng.randrange(len(steps) if user else 4)  # without an account, at most the information evening
        dates = sorted(started + timedelta(days=rng.uniform(0, 400)) for _step in range(last))
        reached.append([(steps[0], started), *zip(steps[1 : last + 1], dates, strict=True)])
        onboardings.append(
            Onboarding(
                interest=interest,
                user=user,
                site=site,
                needs_certificate=WayToHelp.ACCOMPANY in ways,
                step=steps[last],
                step_reached_at=reached[-1][-1][1],
                started_at=started,
            )
        )
    Interest.objects.bulk_create(interests, batch_size=BATCH)
    for onboarding in onboardings:
        onboarding.interest_id = onboarding.interest.pk if onboarding.interest else None
    Onboarding.objects.bulk_create(onboardings, batch_size=BATCH)
    OnboardingMilestone.objects.bulk_create(
        [
            OnboardingMilestone(onboarding=onboarding, step=step, reached_at=at)
            for onboarding, steps_reached in zip(onboardings, reached, strict=True)
            for step, at in steps_reached
        ],
        batch_size=BATCH,
    )


def _hours(rng: random.Random, volunteers: list[Volunteer], sites: list[Site]) -> None:
    """The benchmark volunteer's five years of weekly entries, and the rest of ``HOUR_ENTRIES`` over the others:
    most confirmed, some waiting for a coordinator, a few declined. Written in batches, to keep memory flat."""
    today = timezone.localdate()
    now = timezone.now()
    bench = volunteers[0]
    entries = [
        HourEntry(
            volunteer=bench,
            site=sites[0],
            kind=HourKind.ACCOMPANYING,
            date=today - timedelta(days=7 * week),
            hours=Decimal("2.5"),
            activity="Zum Jobcenter begleitet",
            status=HourStatus.CONFIRMED,
            decided_at=now,
        )
        for week in range(BENCH_HOUR_WEEKS)
    ]
    HourEntry.objects.bulk_create(entries, batch_size=BATCH)
    others = volunteers[1:]
    weights = [ACTIVE_WEIGHT if rng.random() < ACTIVE_SHARE else 1 for _volunteer in others]
    kinds = [HourKind.ACCOMPANYING, HourKind.EVENT, HourKind.TRAINING, HourKind.INTERPRETING, HourKind.OTHER]
    statuses = [HourStatus.CONFIRMED, HourStatus.LOGGED, HourStatus.DECLINED]
    hours = [Decimal(value) for value in ("1", "1.5", "2", "2.5", "3", "4", "5")]
    remaining = HOUR_ENTRIES - BENCH_HOUR_WEEKS
    while remaining:
        count = min(BATCH, remaining)
        batch = []
        for volunteer in rng.choices(others, weights=weights, k=count):
            status = rng.choices(statuses, weights=[85, 10, 5])[0]
            batch.append(
                HourEntry(
                    volunteer=volunteer,
                    site=rng.choice(sites),
                    kind=rng.choice(kinds),
                    date=today - timedelta(days=rng.randrange(HOUR_YEARS * 365)),
                    hours=rng.choice(hours),
                    activity="Sprachcafé",
                    status=status,
                    decided_at=None if status == HourStatus.LOGGED else now,
                )
            )
        HourEntry.objects.bulk_create(batch, batch_size=BATCH)
        remaining -= count


def seed() -> Seeded:
    """Fill the (freshly migrated) database; the two sites come from the data migration."""
    started = time.perf_counter()
    rng = random.Random(2026)  # noqa: S311  (reproducible benchmark data, nothing secret)
    sites = {site.slug: site for site in Site.objects.all()}
    with transaction.atomic():
        users = _users(rng, make_password(BENCH_PASSWORD))
        volunteers = _volunteers(rng, users, sites)
        events = _events(rng, [sites["stade"], sites["buxtehude"]])
        plans, crowded = _plan_signups(rng, events)
        _organised_by(events[crowded], sites["stade"])
        Event.objects.bulk_create(events, batch_size=BATCH)
        signups = [
            Signup(
                event=events[index],
                volunteer=volunteers[planned.volunteer_index],
                role=SignupRole.PARTICIPANT,
                status=planned.status,
                waitlisted_at=planned.waitlisted_at,
            )
            for index, plan in plans.items()
            for planned in plan
        ]
        Signup.objects.bulk_create(signups, batch_size=BATCH)
        _qualifications(rng, volunteers)
        _requests(rng, volunteers, [sites["stade"], sites["buxtehude"]])
        _onboardings(rng, volunteers, [sites["stade"], sites["buxtehude"]])
        _hours(rng, volunteers, [sites["stade"], sites["buxtehude"]])
    # Statistics for the planner, as autovacuum would have them on a live database; the bulk load's pages
    # written out now rather than during the measurements.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    return Seeded(
        bench_user_id=users[0].pk,
        crowded_event_id=events[crowded].pk,
        seconds=time.perf_counter() - started,
    )
