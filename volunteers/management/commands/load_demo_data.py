"""Demo data for the embedded run: coordinators, volunteers. Idempotent; refused outside demo settings."""

import random

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from volunteers.enums import DayPart, Weekday, availability_bit
from volunteers.models import Site, User
from volunteers.services import volunteer_profile_save

DEMO_PASSWORD = "machmit-demo"  # noqa: S105  (printed in the README; demo installations only)

COORDINATORS = [
    ("koordination.stade@example.org", "Sabine", "Meyer", "stade"),
    ("koordination.buxtehude@example.org", "Jonas", "Peters", "buxtehude"),
]

# email, first name, last name, municipality, site slugs, {language: level}, topics, gender, capacity
VOLUNTEERS = [
    (
        "freiwillig@example.org",
        "Anna",
        "Schulz",
        "stade",
        ["stade"],
        {"de": "native", "en": "good"},
        ["authorities", "german"],
        "female",
        2,
    ),
    (
        "amina.haddad@example.org",
        "Amina",
        "Haddad",
        "buxtehude",
        ["buxtehude"],
        {"ar": "native", "de": "fluent"},
        ["health", "school"],
        "female",
        2,
    ),
    (
        "reza.ahmadi@example.org",
        "Reza",
        "Ahmadi",
        "stade",
        ["stade"],
        {"fa": "native", "prs": "fluent", "de": "good"},
        ["authorities", "work"],
        "male",
        1,
    ),
    (
        "olena.kovalenko@example.org",
        "Olena",
        "Kovalenko",
        "jork",
        [],
        {"uk": "native", "ru": "fluent", "de": "good"},
        ["school", "everyday"],
        "female",
        3,
    ),
    (
        "mehmet.yilmaz@example.org",
        "Mehmet",
        "Yılmaz",
        "buxtehude",
        ["buxtehude"],
        {"tr": "native", "de": "native"},
        ["work", "mobility"],
        "male",
        2,
    ),
    (
        "klaus.becker@example.org",
        "Klaus",
        "Becker",
        "harsefeld",
        ["buxtehude"],
        {"de": "native", "en": "basic"},
        ["housing", "authorities"],
        "male",
        1,
    ),
    (
        "maria.wagner@example.org",
        "Maria",
        "Wagner",
        "drochtersen",
        ["stade"],
        {"de": "native", "fr": "good"},
        ["german", "everyday"],
        "female",
        2,
    ),
    (
        "yusuf.omar@example.org",
        "Yusuf",
        "Omar",
        "stade",
        ["stade", "buxtehude"],
        {"ar": "native", "ti": "good", "de": "good"},
        ["mobility", "work"],
        "male",
        2,
    ),
    (
        "petra.hoffmann@example.org",
        "Petra",
        "Hoffmann",
        "horneburg",
        [],
        {"de": "native", "en": "fluent", "es": "good"},
        ["health", "german"],
        "",
        1,
    ),
    (
        "irina.smirnova@example.org",
        "Irina",
        "Smirnova",
        "fredenbeck",
        ["stade"],
        {"ru": "native", "de": "fluent"},
        ["authorities", "school"],
        "female",
        1,
    ),
    (
        "alex.neumann@example.org",
        "Alex",
        "Neumann",
        "luehe",
        ["buxtehude"],
        {"de": "native", "en": "good", "pl": "basic"},
        ["everyday", "housing"],
        "diverse",
        2,
    ),
    (
        "fatma.demir@example.org",
        "Fatma",
        "Demir",
        "nordkehdingen",
        ["stade"],
        {"tr": "native", "kmr": "good", "de": "good"},
        ["school", "health"],
        "female",
        1,
    ),
]


class Command(BaseCommand):
    help = "Load the demo accounts and volunteers (password 'machmit-demo'). Safe to run again."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is only for the embedded run and tests (DEMO_DATA_ALLOWED is off).")
        with transaction.atomic():
            self._load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in with the password 'machmit-demo'."))

    def _load(self):
        sites = {site.slug: site for site in Site.objects.all()}
        for email, first_name, last_name, site_slug in COORDINATORS:
            user = self._account(email, first_name, last_name, is_staff=True)
            sites[site_slug].coordinators.add(user)

        rng = random.Random(2026)  # noqa: S311  (reproducible demo availability)
        slots = [availability_bit(w, p) for w in Weekday for p in DayPart]
        for email, first_name, last_name, municipality, site_slugs, languages, topics, gender, capacity in VOLUNTEERS:
            user = self._account(email, first_name, last_name)
            volunteer_profile_save(
                user=user,
                first_name=first_name,
                last_name=last_name,
                phone="",
                municipality=municipality,
                sites=[sites[slug] for slug in site_slugs],
                languages=languages,
                topics=topics,
                availability=sum(rng.sample(slots, 5)),
                gender=gender,
                capacity=capacity,
                about="",
                language="de",
                consent_language="de",
            )

    @staticmethod
    def _account(email, first_name, last_name, *, is_staff=False) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name, "is_staff": is_staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user
