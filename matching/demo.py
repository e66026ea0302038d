"""Demo requests of newcomers for the embedded run (``manage.py load_demo_data``). Idempotent (by first name)."""

from matching.models import HelpRequest
from matching.services import match_propose, request_submit
from volunteers.enums import DayPart, Weekday, availability_bit
from volunteers.models import Site, User, Volunteer

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
