"""Demo events for the embedded run (``manage.py load_demo_data``): coming events at both sites, one of
them full with a waiting list, a weekly series, the basic training and two information evenings, to which the
people who sent the Mitmachen form are invited; and a history of past events at both sites since January of last
year, with anonymous places taken, so that the funders' report has figures to show. Idempotent (found by title)."""

from contextlib import suppress
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

from events.enums import Audience, EventKind, EventStatus, Recurrence, SignupRole, SignupStatus
from events.models import Event, EventSeries, Signup, TrainingType
from events.services import (
    SignupError,
    invitations_queue,
    series_save,
    signup_attendance_mark,
    signup_create,
    signup_create_for_interest,
)
from volunteers.models import Interest, Site, User, Volunteer

# title, site, kind, days ahead, hour, capacity, audience, languages, interpreters needed for
EVENTS = [
    # Within two days: its reminder goes out (to the console in make run) at beat's first tick.
    ("Austauschforum für Freiwillige", "stade", EventKind.FORUM, 1, 18, 15, Audience.VOLUNTEERS, ["de"], []),
    ("Interkulturelles Kochen", "stade", EventKind.INTERCULTURAL, 9, 17, 3, Audience.PUBLIC, ["de", "ar"], []),
    (
        "Integrationslotsen-Basisschulung",
        "buxtehude",
        EventKind.TRAINING,
        12,
        9,
        12,
        Audience.VOLUNTEERS,
        ["de"],
        [],
    ),
    (
        "Infoabend: Ehrenamt in der Integrationsarbeit",
        "buxtehude",
        EventKind.INFO,
        15,
        19,
        None,
        Audience.PUBLIC,
        ["de"],
        ["ar", "uk"],
    ),
    ("Infoabend: Mitmachen bei MachMit", "stade", EventKind.INFO, 6, 18, 20, Audience.PUBLIC, ["de"], ["ar", "fa"]),
    # Past: the demo volunteer attended both, so their hours count (recognition).
    ("Austauschforum im Herbst", "stade", EventKind.FORUM, -21, 18, 15, Audience.VOLUNTEERS, ["de"], []),
    (
        "Basisschulung Integrationslotsen (Herbst)",
        "stade",
        EventKind.TRAINING,
        -40,
        10,
        12,
        Audience.VOLUNTEERS,
        ["de"],
        [],
    ),
    ("Supervision für aktive Freiwillige", "stade", EventKind.SUPERVISION, 20, 18, 8, Audience.VOLUNTEERS, ["de"], []),
    (
        "Netzwerktreffen Migration Landkreis Stade",
        "buxtehude",
        EventKind.NETWORK,
        26,
        14,
        30,
        Audience.VOLUNTEERS,
        ["de"],
        [],
    ),
]


class _PastKind(NamedTuple):
    """A kind of past event in the history, with the fewest and most places taken at one."""

    title: str
    kind: EventKind
    hour: int
    hours: int
    capacity: int
    audience: Audience
    languages: list[str]
    fewest: int
    most: int


HISTORY_KINDS = {
    "forum": _PastKind("Austauschforum", EventKind.FORUM, 18, 2, 20, Audience.VOLUNTEERS, ["de"], 8, 16),
    "info": _PastKind("Infoabend Ehrenamt", EventKind.INFO, 18, 2, 25, Audience.PUBLIC, ["de"], 6, 15),
    "training": _PastKind(
        "Basisschulung Integrationslotsen", EventKind.TRAINING, 9, 7, 12, Audience.VOLUNTEERS, ["de"], 7, 12
    ),
    "supervision": _PastKind("Supervisionsgruppe", EventKind.SUPERVISION, 18, 2, 8, Audience.VOLUNTEERS, ["de"], 5, 8),
    "intercultural": _PastKind(
        "Interkultureller Abend", EventKind.INTERCULTURAL, 17, 3, 40, Audience.PUBLIC, ["de", "ar"], 15, 32
    ),
    "network": _PastKind(
        "Netzwerktreffen Integration", EventKind.NETWORK, 14, 2, 30, Audience.VOLUNTEERS, ["de"], 10, 18
    ),
}
# What each site holds in a year: month, day (Buxtehude a week later) and kind.
HISTORY_CALENDAR = [
    (1, 22, "forum"),
    (2, 12, "info"),
    (3, 7, "training"),
    (3, 19, "supervision"),
    (4, 16, "forum"),
    (5, 16, "intercultural"),
    (6, 11, "info"),
    (6, 18, "supervision"),
    (7, 9, "forum"),
    (8, 21, "intercultural"),
    (9, 12, "training"),
    (9, 17, "network"),
    (10, 15, "forum"),
    (10, 21, "info"),
    (11, 13, "supervision"),
    (12, 10, "intercultural"),
]
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def _start(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _history_load(sites: dict[str, Site], training: TrainingType) -> None:
    """Past events since January of last year, each with places taken by people no longer named (sign-ups
    without a person, as deleting a volunteer leaves them): figures for the funders' report. Only the dates before
    today; each event is created once with its sign-ups, found by its title."""
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        for shift, slug in enumerate(["stade", "buxtehude"]):
            site = sites[slug]
            for month, day, key in HISTORY_CALENDAR:
                past = HISTORY_KINDS[key]
                start = timezone.make_aware(datetime.combine(date(year, month, day + 7 * shift), time(past.hour)))
                if start.date() >= today:
                    continue
                taken = past.fewest + (month * 7 + day + shift * 3 + year) % (past.most - past.fewest + 1)
                event, created = Event.objects.get_or_create(
                    title=f"{past.title} {site.name}, {MONTHS[month - 1]} {year}",
                    site=site,
                    defaults={
                        "kind": past.kind,
                        "description": "Demo: eine vergangene Veranstaltung von MachMit.",
                        "starts_at": start,
                        "ends_at": start + timedelta(hours=past.hours),
                        "capacity": past.capacity,
                        "audience": past.audience,
                        "languages": past.languages,
                        "training_type": training if past.kind == EventKind.TRAINING else None,
                        "status": EventStatus.PUBLISHED,
                        "confirmed_count": taken,
                    },
                )
                if not created:
                    continue
                Signup.objects.bulk_create(
                    Signup(event=event, role=SignupRole.PARTICIPANT, status=SignupStatus.CONFIRMED)
                    for _place in range(taken)
                )
                # As if published a month ahead and signed up for over the weeks before.
                Event.objects.filter(pk=event.pk).update(created_at=start - timedelta(days=30))
                event.signups.update(created_at=start - timedelta(days=10))


def load() -> None:
    sites = {site.slug: site for site in Site.objects.all()}
    training, _created = TrainingType.objects.get_or_create(
        name="Integrationslotsen-Basisschulung", defaults={"validity_months": 60, "is_basic_training": True}
    )
    for title, site, kind, days, hour, capacity, audience, languages, interpreters in EVENTS:
        start = _start(days, hour)
        Event.objects.get_or_create(
            title=title,
            site=sites[site],
            defaults={
                "kind": kind,
                "description": "Demo: eine Veranstaltung von MachMit.",
                "starts_at": start,
                "ends_at": start + timedelta(hours=2),
                "capacity": capacity,
                "audience": audience,
                "languages": languages,
                "interpreter_languages": interpreters,
                "training_type": training if kind == EventKind.TRAINING else None,
                "status": EventStatus.PUBLISHED,
            },
        )
    if not EventSeries.objects.filter(title="Sprachcafé").exists():
        series_save(
            series=EventSeries(
                title="Sprachcafé",
                site=sites["buxtehude"],
                kind=EventKind.INTERCULTURAL,
                description="Deutsch sprechen bei Kaffee und Tee – für alle, die Deutsch üben möchten.",
                recurrence=Recurrence.WEEKLY,
                first_start=_start(3, 16),
                duration_minutes=90,
                count=8,
                capacity=None,
                audience=Audience.PUBLIC,
                languages=["de"],
            )
        )

    # Five volunteers for three places: the cooking evening is full with a waiting list of two.
    cooking = Event.objects.get(title="Interkulturelles Kochen")
    volunteers = Volunteer.objects.select_related("user").order_by("user__email")
    for volunteer in volunteers[:5]:
        if not Signup.objects.filter(event=cooking, volunteer=volunteer).exists():
            signup_create(event=cooking, volunteer=volunteer)
    anna = Volunteer.objects.get(user__email="freiwillig@example.org")
    for event in Event.objects.filter(title__in=["Austauschforum für Freiwillige", "Integrationslotsen-Basisschulung"]):
        with suppress(SignupError):  # signed up on an earlier run
            signup_create(event=event, volunteer=anna)
    # She attended two past events; the Stade coordinator marked it, which counts their hours.
    coordinator = User.objects.get(email="koordination.stade@example.org")
    for event in Event.objects.filter(
        title__in=["Austauschforum im Herbst", "Basisschulung Integrationslotsen (Herbst)"]
    ):
        signup, _created = Signup.objects.get_or_create(
            event=event, volunteer=anna, defaults={"status": SignupStatus.CONFIRMED}
        )
        signup_attendance_mark(signup=signup, attended=True, by=coordinator)

    # The way in: everyone who sent the Mitmachen form is invited (the mails go to the console in make run);
    # Rania takes a place at the Buxtehude information evening through her invitation's link.
    invitations_queue()
    rania = Interest.objects.filter(email="rania.haddad@example.org").first()
    evening = Event.objects.get(title="Infoabend: Ehrenamt in der Integrationsarbeit")
    if rania and not Signup.objects.filter(event=evening, interest=rania).exists():
        signup_create_for_interest(event=evening, interest=rania)

    _history_load(sites, training)
