"""Demo coordinators and volunteers for the embedded run (``manage.py load_demo_data``). Idempotent."""

import random
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from volunteers.enums import DayPart, HourKind, Weekday, availability_bit
from volunteers.models import Interest, Site, User, Volunteer
from volunteers.services import hours_decide, hours_log, interest_create, volunteer_profile_save

DEMO_PASSWORD = "machmit-demo"  # noqa: S105  (printed in the README; demo installations only)
# The demo coordinators' authenticator app (the admin asks staff for a second factor): printed in the README, so that
# a trial computes codes with any authenticator app or `oathtool --totp -b <secret>`.
DEMO_TOTP_SECRET = "JVQWG2CNNF2C2RDFNVXS2S3PN5ZGI2LO"  # noqa: S105

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


def load() -> None:
    """Coordinators of both sites and a dozen volunteers with varied languages, topics and sites."""
    sites = {site.slug: site for site in Site.objects.all()}
    for email, first_name, last_name, site_slug in COORDINATORS:
        user = _account(email, first_name, last_name, is_staff=True)
        _second_factor(user)
        sites[site_slug].coordinators.add(user)

    rng = random.Random(2026)  # noqa: S311  (reproducible demo availability)
    slots = [availability_bit(w, p) for w in Weekday for p in DayPart]
    for email, first_name, last_name, municipality, site_slugs, languages, topics, gender, capacity in VOLUNTEERS:
        user = _account(email, first_name, last_name)
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
    _interests(sites)
    _ehrenamtskarte(sites)


# name, e-mail, languages, ways to help, site slug (or None), language: people who sent the Mitmachen form
INTERESTS = [
    ("Rania Haddad", "rania.haddad@example.org", ["ar", "de"], ["interpreting", "events"], "stade", "ar"),
    ("Oksana Bondar", "oksana.bondar@example.org", ["uk", "ru", "de"], ["language_cafe"], None, "uk"),
    ("Mehmet Yıldız", "mehmet.yildiz@example.org", ["tr", "de"], ["accompany"], "buxtehude", "tr"),
    ("Farid Ahmadi", "farid.ahmadi@example.org", ["fa", "prs", "de"], ["interpreting"], "stade", "fa"),
    ("Jana Peters", "jana.peters@example.org", ["de", "en"], ["events", "language_cafe"], "buxtehude", "de"),
]


def _interests(sites: dict[str, Site]) -> None:
    for name, email, languages, ways, site_slug, language in INTERESTS:
        if not Interest.objects.filter(email=email).exists():
            interest_create(
                name=name,
                email=email,
                phone="",
                languages=languages,
                ways=ways,
                site=sites[site_slug] if site_slug else None,
                language=language,
            )


def _ehrenamtskarte(sites: dict[str, Site]) -> None:
    """Reza has run the Stade language café since 2022, five and a half hours a week: he may apply for the
    Ehrenamtskarte, and the coordinators see him on its list."""
    reza = Volunteer.objects.get(user__email="reza.ahmadi@example.org")
    if reza.hours.exists():
        return
    reza.engaged_since = date(2022, 3, 1)
    reza.save(update_fields=["engaged_since"])
    today = timezone.localdate()
    entries = [
        hours_log(
            volunteer=reza,
            site=sites["stade"],
            kind=HourKind.OTHER,
            day=today - timedelta(days=7 * week),
            hours=Decimal("5.5"),
            activity="Sprachcafé Stade geleitet",
        )
        for week in range(52)
    ]
    hours_decide(entries=entries, confirm=True, by=User.objects.get(email="koordination.stade@example.org"))


def _second_factor(user: User) -> None:
    """An authenticator app with ``DEMO_TOTP_SECRET`` and recovery codes, set up through allauth's own API (which
    stores the secret through its adapter's ``encrypt()``), as if the coordinator had scanned the QR code."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def _account(email, first_name, last_name, *, is_staff=False) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, "is_staff": is_staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
