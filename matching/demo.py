"""Demo requests of newcomers for the embedded run (``manage.py load_demo_data``). Idempotent (by first name)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from matching.models import HelpRequest
from matching.services import match_accept, match_hours_log, match_propose, request_submit
from volunteers.enums import DayPart, Weekday, availability_bit
from volunteers.models import Site, User, Volunteer
from volunteers.services import hours_decide

# first name, contact, municipality, site, languages, topics, children, gender preference, request language
REQUESTS = [
    (
        "Amal",
        ("email", "amal@example.org"),
        "buxtehude",
        "buxtehude",
        ["ar"],
        ["authorities", "health"],
        True,
        "female",
        "ar",
    ),
    ("Mariia", ("phone", "+4915112345678"), "jork", None, ["uk", "ru"], ["school", "german"], True, "", "uk"),
    (
        "Hamid",
        ("counselling", "Migrationsberatung Stade"),
        "stade",
        "stade",
        ["prs", "fa"],
        ["work"],
        False,
        "male",
        "fa",
    ),
    ("Ayşe", ("email", "ayse@example.org"), "buxtehude", "buxtehude", ["tr"], ["housing", "everyday"], False, "", "tr"),
    ("Dawit", ("phone", "+4915198765432"), "stade", "stade", ["ti", "en"], ["mobility", "german"], False, "", "en"),
]


def load() -> None:
    sites = {site.slug: site for site in Site.objects.all()}
    for first_name, (method, contact), municipality, site, languages, topics, children, gender, language in REQUESTS:
        if HelpRequest.objects.filter(first_name=first_name).exists():
            continue
        request_submit(
            first_name=first_name,
            contact_method=method,
            phone=contact if method == "phone" else "",
            email=contact if method == "email" else "",
            counselling_service=contact if method == "counselling" else "",
            submitted_by_counsellor=method == "counselling",
            municipality=municipality,
            site=sites[site] if site else None,
            languages=languages,
            topics=topics,
            availability=availability_bit(Weekday.TUESDAY, DayPart.AFTERNOON)
            | availability_bit(Weekday.FRIDAY, DayPart.MORNING),
            gender_preference=gender,
            children_involved=children,
            message="",
            language=language,
        )
    # The Turkish-speaking demo volunteer has a proposal waiting for an answer.
    ayse = HelpRequest.objects.get(first_name="Ayşe")
    if not ayse.matches.exists():
        match_propose(
            request=ayse,
            volunteer=Volunteer.objects.get(user__email="mehmet.yilmaz@example.org"),
            by=User.objects.get(email="koordination.buxtehude@example.org"),
        )
    # The demo volunteer accompanies Dawit and has logged her time: two entries confirmed, one waiting.
    dawit = HelpRequest.objects.get(first_name="Dawit")
    if not dawit.matches.exists():
        coordinator = User.objects.get(email="koordination.stade@example.org")
        anna = Volunteer.objects.get(user__email="freiwillig@example.org")
        match = match_accept(match=match_propose(request=dawit, volunteer=anna, by=coordinator))
        today = timezone.localdate()
        entries = [
            match_hours_log(match=match, day=today - timedelta(days=days), hours=Decimal(hours), activity=activity)
            for days, hours, activity in [
                (0, "2", "Gemeinsam zur Ausländerbehörde"),
                (0, "1.5", "Bewerbung geschrieben"),
                (0, "1", "Deutsch geübt"),
            ]
        ]
        hours_decide(entries=entries[:2], confirm=True, by=coordinator)
